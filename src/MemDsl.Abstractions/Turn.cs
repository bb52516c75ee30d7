namespace MemDsl.Abstractions;

/// <summary>One utterance of a conversation, the unit an agent writes to memory.</summary>
/// <param name="Id">A stable id, e.g. LoCoMo's <c>D1:3</c>; evaluation refers to it as evidence.</param>
/// <param name="Speaker">Who spoke.</param>
/// <param name="Text">What was said.</param>
/// <param name="Timestamp">When it was said.</param>
/// <param name="Session">The session the turn belongs to; window and session encoders group by it.</param>
public readonly record struct Turn(string Id, string Speaker, string Text, DateTimeOffset Timestamp, string Session = "");
