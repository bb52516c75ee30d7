namespace MemDsl.Abstractions;

/// <summary>One stored memory: the encoded text and the turns it came from.</summary>
/// <param name="Id">Assigned by the store in write order, starting at 0; never reused.</param>
/// <param name="Key">The encoder's key: a turn id, or a session id for session records (a write with a known key replaces the record).</param>
/// <param name="Text">The text that was embedded and indexed.</param>
/// <param name="Timestamp">The time of the newest turn in the record.</param>
/// <param name="Session">The session of the record's turns.</param>
/// <param name="SourceTurnIds">Ids of the turns the record holds, oldest first.</param>
public sealed record MemoryRecord(long Id, string Key, string Text, DateTimeOffset Timestamp, string Session, IReadOnlyList<string> SourceTurnIds);
