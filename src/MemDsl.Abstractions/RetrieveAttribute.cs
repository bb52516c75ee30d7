namespace MemDsl.Abstractions;

/// <summary>The retrieve stage: how a query finds records. Required.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RetrieveAttribute : Attribute
{
    /// <summary>Declares the retrieve stage.</summary>
    /// <param name="kind">The retriever.</param>
    public RetrieveAttribute(RetrieveKind kind) => Kind = kind;

    /// <summary>The retriever.</summary>
    public RetrieveKind Kind { get; }

    /// <summary>Hits per query: 1..1000, default 8.</summary>
    public int TopK { get; set; }

    /// <summary>Cosine weight for <see cref="RetrieveKind.Hybrid"/>: 0..1, default 0.5.</summary>
    public float Alpha { get; set; }
}
