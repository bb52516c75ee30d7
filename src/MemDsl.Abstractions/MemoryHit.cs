namespace MemDsl.Abstractions;

/// <summary>A record returned by a query with its score (higher is better).</summary>
/// <param name="Record">The stored record.</param>
/// <param name="Score">The retriever's score, or the <see cref="ScoreWithAttribute"/> method's; a neighbour carries its hit's score.</param>
public readonly record struct MemoryHit(MemoryRecord Record, float Score)
{
    /// <summary>
    /// True when the record was not retrieved itself but added by the context stage as a session
    /// neighbour of a retrieved hit (<see cref="ContextAttribute.Neighbours"/>).
    /// </summary>
    public bool IsNeighbour { get; init; }
}
