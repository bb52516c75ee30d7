namespace MemDsl.Model;

/// <summary>What a stage provides to, or needs from, the rest of the pipeline.</summary>
[Flags]
public enum Capabilities
{
    None = 0,

    /// <summary>The store keeps an embedding per record.</summary>
    StoredVectors = 1,

    /// <summary>The store keeps the record text in a lexical (BM25) index.</summary>
    IndexedText = 2,

    /// <summary>The store keeps every record's time in a parallel array, for time-window filters and recency.</summary>
    TimeIndex = 4,

    /// <summary>The store keeps per-record statistics (uses, successes, utility, importance, last use) that retrievals and feedback update.</summary>
    ItemStats = 8,

    /// <summary>The store keeps a summary key per session (chunk): the mean of its records' vectors, kept current on every write and removal.</summary>
    SessionSummaries = 16,

    /// <summary>The store keeps the entities named in each record and, per entity, the records naming it (a record-entity graph).</summary>
    EntityGraph = 32,

    /// <summary>The store keeps each record as a note with keywords, tags and links to its nearest notes, which a new note evolves.</summary>
    LinkedNotes = 64,
}
