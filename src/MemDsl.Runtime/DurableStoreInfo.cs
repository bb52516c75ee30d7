namespace MemDsl.Runtime;

/// <summary>What a durable store file holds, as <see cref="DurableStoreInspector.Inspect"/> reads it.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="SchemaVersion">The schema version in <c>PRAGMA user_version</c>.</param>
/// <param name="Embedder">The embedder kind the vectors came from, e.g. <c>Hashing</c>.</param>
/// <param name="Dimensions">The vector length.</param>
/// <param name="RecordCount">Records stored.</param>
/// <param name="NextId">The id the next new record gets.</param>
/// <param name="FileBytes">The size of the database file (the WAL not included).</param>
public sealed record DurableStoreInfo(string Path, long SchemaVersion, string Embedder, int Dimensions, long RecordCount, long NextId, long FileBytes);
