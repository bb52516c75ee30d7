namespace MemDsl.Evaluation;

/// <summary>Progress of one design on one dataset: events (writes and queries) done of the total.</summary>
public readonly record struct BenchmarkProgress(string Design, string Dataset, int Done, int Total);
