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
    /// HCAM's coarse-to-fine: the <see cref="RetrieveAttribute.Chunks"/> sessions whose mean vector is
    /// nearest the query, then cosine top-k over their records only (needs <see cref="StoreKind.Hierarchical"/>).
    /// </summary>
    Hierarchical,

    /// <summary>
    /// AriGraph-lite: cosine seeds, then records linked to them through shared entities
    /// (<see cref="RetrieveAttribute.Hops"/> steps), ranked by cosine (needs <see cref="StoreKind.Graph"/>).
    /// </summary>
    Graph,

    /// <summary>
    /// A-MEM: the <see cref="RetrieveAttribute.Seeds"/> best notes by a hybrid score over their text and
    /// evolved tags, then the notes they link to (needs <see cref="StoreKind.Notes"/>).
    /// </summary>
    Notes,

    /// <summary>
    /// ReMem's retrieve-then-refine with an LLM-free judge: cosine candidates, then hits below a share of the top
    /// score, near-duplicates of a higher hit and (on <see cref="StoreKind.Tracked"/>) items retrieved often and never
    /// rewarded are dropped.
    /// </summary>
    Refine,
}
