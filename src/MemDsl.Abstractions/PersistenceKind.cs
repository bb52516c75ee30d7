namespace MemDsl.Abstractions;

/// <summary>Where a store's records live beyond the process.</summary>
public enum PersistenceKind
{
    /// <summary>Only in memory: gone when the process ends.</summary>
    None,

    /// <summary>
    /// In a SQLite file (WAL mode, <c>synchronous=FULL</c>) whose path is deployment configuration
    /// (<c>MemoryStorageOptions.Path</c>), not part of the declaration. Every write is on disk when
    /// its task completes; the in-memory index is rebuilt from the file on open.
    /// </summary>
    Sqlite,
}
