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

    /// <summary>Cosine weight for <see cref="RetrieveKind.Hybrid"/> and <see cref="RetrieveKind.Notes"/>: 0..1, default 0.5.</summary>
    public float Alpha { get; set; }

    /// <summary>Cosine candidates reranked by <see cref="RetrieveKind.Utility"/> and <see cref="RetrieveKind.Mmr"/>: 1..1000, default 32.</summary>
    public int Candidates { get; set; }

    /// <summary>Weight of the learned utility for <see cref="RetrieveKind.Utility"/>: 0..1, default 0.5.</summary>
    public float UtilityWeight { get; set; }

    /// <summary>How far one feedback moves a utility toward its reward, for <see cref="RetrieveKind.Utility"/>: 0.01..1, default 0.3.</summary>
    public float LearningRate { get; set; }

    /// <summary>Recency factor per hour for <see cref="RetrieveKind.Generative"/>: 0.5..1, default 0.995.</summary>
    public float Decay { get; set; }

    /// <summary>Weight of recency for <see cref="RetrieveKind.Generative"/>: 0..1, default 1.</summary>
    public float RecencyWeight { get; set; }

    /// <summary>Weight of importance for <see cref="RetrieveKind.Generative"/>: 0..1, default 1.</summary>
    public float ImportanceWeight { get; set; }

    /// <summary>Weight of relevance (cosine) for <see cref="RetrieveKind.Generative"/>: 0..1, default 1.</summary>
    public float RelevanceWeight { get; set; }

    /// <summary>Relevance weight of maximal marginal relevance for <see cref="RetrieveKind.Mmr"/>: 0..1, default 0.7.</summary>
    public float Lambda { get; set; }

    /// <summary>Sessions (chunks) the first phase of <see cref="RetrieveKind.Hierarchical"/> keeps: 1..100, default 3.</summary>
    public int Chunks { get; set; }

    /// <summary>Hits that seed the expansion of <see cref="RetrieveKind.Graph"/> (cosine) and <see cref="RetrieveKind.Notes"/> (hybrid): 1..1000, default 5.</summary>
    public int Seeds { get; set; }

    /// <summary>Record-entity-record steps of <see cref="RetrieveKind.Graph"/>'s expansion: 1..3, default 1.</summary>
    public int Hops { get; set; }

    /// <summary>Entities named by more records than this are not followed by <see cref="RetrieveKind.Graph"/>: 1..10,000, default 20.</summary>
    public int Fanout { get; set; }

    /// <summary>For <see cref="RetrieveKind.Refine"/>: a hit scoring below this share of the top hit's score is dropped; 0..1, default 0.5.</summary>
    public float RelativeCut { get; set; }

    /// <summary>For <see cref="RetrieveKind.Refine"/>: a hit whose cosine with a higher kept hit reaches this is dropped as its near-duplicate; 0.5..1, default 0.9.</summary>
    public float Redundancy { get; set; }

    /// <summary>For <see cref="RetrieveKind.Refine"/>: a record retrieved this many times and never rewarded is dropped (needs per-record statistics); 0..1000, default 0 = never.</summary>
    public int PruneAfter { get; set; }
}
