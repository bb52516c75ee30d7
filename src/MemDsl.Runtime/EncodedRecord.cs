namespace MemDsl.Runtime;

/// <summary>What an encoder produces for one turn: the record to upsert under <paramref name="Key"/>.</summary>
/// <param name="Key">The record key; a write with a known key replaces that record.</param>
/// <param name="Text">The text to embed and index.</param>
/// <param name="Timestamp">The time of the newest turn in the record.</param>
/// <param name="Session">The session of the record's turns.</param>
/// <param name="SourceTurnIds">Ids of the turns in the record, oldest first (the store takes ownership of the array).</param>
public readonly record struct EncodedRecord(string Key, string Text, DateTimeOffset Timestamp, string Session, string[] SourceTurnIds);
