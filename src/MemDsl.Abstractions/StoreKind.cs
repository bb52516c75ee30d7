namespace MemDsl.Abstractions;

/// <summary>Where records live and what is indexed.</summary>
public enum StoreKind
{
    /// <summary>Vectors and records in memory.</summary>
    Vector,

    /// <summary>Vectors and records in memory plus a BM25 index of the text.</summary>
    VectorAndText,

    /// <summary>
    /// Vectors, a BM25 index, a time index and per-record statistics (uses, successes, utility,
    /// importance, last use) that retrievals and <see cref="IMemoryPipeline.FeedbackAsync"/> update.
    /// In memory only.
    /// </summary>
    Tracked,

    /// <summary>
    /// Mem-alpha: three sub-stores. Every record goes to the episodic store (vectors and BM25); a
    /// first-person durable statement about the speaker (identity, preferences) is also copied to a
    /// size-limited core store and a fact-like statement to a semantic store. The retriever runs in
    /// each sub-store and the hits are merged with the declared quotas. In memory only.
    /// </summary>
    Routed,

    /// <summary>
    /// Letta/MemGPT tiers: every record is kept in the history and lands in the recall tier; sleep-time
    /// manage (<see cref="IMemoryPipeline.ManageAsync"/>) moves the oldest beyond a recall size to the
    /// archival tier and rewrites a core block of the most important records within a token budget. A
    /// query returns the core block's hits first, then recall and archival hits by score. In memory only.
    /// </summary>
    Tiered,

    /// <summary>
    /// What <see cref="Tracked"/> keeps plus a summary key per session (HCAM's chunk summary: the mean
    /// of the session's record vectors), for <see cref="RetrieveKind.Hierarchical"/>. In memory only.
    /// </summary>
    Hierarchical,

    /// <summary>
    /// What <see cref="Tracked"/> keeps plus an entity graph (AriGraph-lite): the names in each record,
    /// extracted without a model, and per name the records naming it; for <see cref="RetrieveKind.Graph"/>.
    /// In memory only.
    /// </summary>
    Graph,

    /// <summary>
    /// What <see cref="Tracked"/> keeps, each record a note (A-MEM) with keywords, tags and links to its
    /// <see cref="StoreAttribute.Links"/> nearest notes, which a new note evolves (they take its names and
    /// keywords as tags); for <see cref="RetrieveKind.Notes"/>. In memory only.
    /// </summary>
    Notes,
}
