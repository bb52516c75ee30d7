namespace MemDsl.Evaluation;

/// <summary>A loaded LoCoMo file: the dataset to bench and the load report.</summary>
public sealed record LoCoMoDataset(BenchmarkDataset Dataset, LoCoMoLoadReport Report);
