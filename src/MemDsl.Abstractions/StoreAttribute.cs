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
    /// Whether cosine retrieval scans an int8 copy of the vectors (a quarter of the bytes) and rescores
    /// its candidates exactly; <see cref="QuantizationKind.None"/> by default.
    /// </summary>
    public QuantizationKind Quantization { get; set; }
}
