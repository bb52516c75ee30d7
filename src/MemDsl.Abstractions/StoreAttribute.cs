namespace MemDsl.Abstractions;

/// <summary>The store stage: where records live and what is indexed. Required.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StoreAttribute : Attribute
{
    /// <summary>Declares the store stage.</summary>
    /// <param name="kind">The store.</param>
    public StoreAttribute(StoreKind kind) => Kind = kind;

    /// <summary>The store.</summary>
    public StoreKind Kind { get; }

    /// <summary>
    /// Where records live beyond the process; <see cref="PersistenceKind.None"/> by default. A durable
    /// pipeline takes the file path from <c>MemoryStorageOptions</c> at construction.
    /// </summary>
    public PersistenceKind Persistence { get; set; }

    /// <summary>
    /// <see cref="StoreKind.Routed"/>: most hits a query takes from the core store (its best ones by
    /// the retriever's score); 2 by default.
    /// </summary>
    public int CoreQuota { get; set; }

    /// <summary><see cref="StoreKind.Routed"/>: most hits a query takes from the semantic store; 3 by default.</summary>
    public int SemanticQuota { get; set; }

    /// <summary>
    /// <see cref="StoreKind.Routed"/>: most records the core store holds; beyond it the least important
    /// (by <c>ImportanceHeuristic</c>, ties: the oldest) leaves. 32 by default.
    /// </summary>
    public int CoreMax { get; set; }

    /// <summary>
    /// <see cref="StoreKind.Tiered"/>: most tokens the core block holds (words, numbers and punctuation
    /// marks of its records' text); 128 by default.
    /// </summary>
    public int CoreTokens { get; set; }

    /// <summary><see cref="StoreKind.Tiered"/>: most records the recall tier keeps after sleep-time manage; 20 by default.</summary>
    public int RecallSize { get; set; }

    /// <summary>How many nearest notes a new note links to and evolves, for <see cref="StoreKind.Notes"/>: 1..20, default 3.</summary>
    public int Links { get; set; }

    /// <summary>
    /// Whether cosine retrieval scans an int8 copy of the vectors (a quarter of the bytes) and rescores
    /// its candidates exactly; <see cref="QuantizationKind.None"/> by default.
    /// </summary>
    public QuantizationKind Quantization { get; set; }
}
