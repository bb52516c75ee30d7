namespace MemDsl.Evaluation;

/// <summary>
/// A question with its gold evidence: the ids of the turns that hold the answer. A hit covers a gold
/// id when the id is among its record's <see cref="MemoryRecord.SourceTurnIds"/>.
/// </summary>
public sealed record StreamQuery(string Id, string Text, DateTimeOffset AsOf, IReadOnlyList<string> GoldIds, string Category);
