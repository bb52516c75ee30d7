namespace MemDsl.Evaluation;

/// <summary>What a dataset held, for reports.</summary>
public sealed record DatasetSummary(string Name, string Description, int Streams, int Writes, int Queries, IReadOnlyList<string> Notes);
