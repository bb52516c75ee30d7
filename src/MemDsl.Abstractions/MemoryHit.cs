namespace MemDsl.Abstractions;

/// <summary>A record returned by a query with its score (higher is better).</summary>
/// <param name="Record">The stored record.</param>
/// <param name="Score">The retriever's score, or the <see cref="ScoreWithAttribute"/> method's.</param>
public readonly record struct MemoryHit(MemoryRecord Record, float Score);
