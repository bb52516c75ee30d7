namespace MemDsl.Abstractions;

/// <summary>How a query's hits become the context a prompt gets.</summary>
public enum ContextKind
{
    /// <summary>The hits in the retriever's order (what a declaration without <see cref="ContextAttribute"/> returns).</summary>
    Ranked,

    /// <summary>The same hits ordered by <see cref="MemoryRecord.Timestamp"/>, ties by <see cref="MemoryRecord.Id"/>, as a prompt reading a conversation wants them.</summary>
    Chronological,
}
