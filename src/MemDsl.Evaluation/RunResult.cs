namespace MemDsl.Evaluation;

/// <summary>One design measured on one dataset.</summary>
public sealed record RunResult(
    string Design,
    string Source,
    string Embedder,
    string Dataset,
    int Writes,
    int StoredRecords,
    int QueriesScored,
    int QueriesWithoutGold,
    MetricSummary Overall,
    IReadOnlyDictionary<string, MetricSummary> ByCategory,
    CostSummary Costs);
