namespace MemDsl.Abstractions;

/// <summary>A question put to memory.</summary>
/// <param name="Text">The query text.</param>
/// <param name="AsOf">The time the question is asked, for recency scoring; null means now (UTC).</param>
public readonly record struct MemoryQuery(string Text, DateTimeOffset? AsOf = null);
