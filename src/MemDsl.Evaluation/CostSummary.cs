namespace MemDsl.Evaluation;

/// <summary>
/// What a design costs on one dataset. Latencies are wall-clock microseconds per call (nearest-rank
/// percentiles); <see cref="ManagedBytes"/> is the largest managed-heap growth after a stream's
/// writes (full GC before and after); <see cref="MeanContextTokens"/> is the mean MiniLM token count
/// of all text a query returned.
/// </summary>
public sealed record CostSummary(
    double WriteP50Microseconds,
    double WriteP95Microseconds,
    double QueryP50Microseconds,
    double QueryP95Microseconds,
    long ManagedBytes,
    double MeanContextTokens);
