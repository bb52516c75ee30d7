namespace MemDsl.Abstractions;

/// <summary>How a query finds records.</summary>
public enum RetrieveKind
{
    /// <summary>Exact cosine similarity top-k.</summary>
    Cosine,

    /// <summary>BM25 top-k over the indexed text (needs <see cref="StoreKind.VectorAndText"/>).</summary>
    Bm25,

    /// <summary><c>Alpha * cosine + (1 - Alpha) * BM25 / max BM25</c> top-k (needs <see cref="StoreKind.VectorAndText"/>).</summary>
    Hybrid,

    /// <summary>
    /// MemRL's two phases: cosine top-<see cref="RetrieveAttribute.Candidates"/>, then rerank by
    /// <c>(1 - UtilityWeight) * normalized cosine + UtilityWeight * utility</c>, the utility learned from
    /// feedback (needs <see cref="StoreKind.Tracked"/>).
    /// </summary>
    Utility,

    /// <summary>
    /// Generative Agents: weighted recency, importance and relevance, each min-max-normalized over the
    /// store (needs <see cref="StoreKind.Tracked"/>).
    /// </summary>
    Generative,

    /// <summary>
    /// Memory-T1's coarse-to-fine: the query's time expression ("last week", "in May 2023") becomes a
    /// window, records inside it are ranked by cosine (needs <see cref="StoreKind.Tracked"/>).
    /// </summary>
    Temporal,

    /// <summary>Cosine candidates, then maximal marginal relevance for diverse hits.</summary>
    Mmr,

    /// <summary>
    /// ReMem's retrieve-then-refine with an LLM-free judge: cosine candidates, then hits below a share of the top
    /// score, near-duplicates of a higher hit and (on <see cref="StoreKind.Tracked"/>) items retrieved often and never
    /// rewarded are dropped.
    /// </summary>
    Refine,
}
