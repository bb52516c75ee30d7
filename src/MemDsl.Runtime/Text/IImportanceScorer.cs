namespace MemDsl.Runtime;

/// <summary>
/// Rates how important a memory is, in [0, 1] (Generative Agents' poignancy, rescaled).
/// Implementations: <see cref="HeuristicImportanceScorer"/> (deterministic, used by the benchmarks)
/// and <see cref="ChatImportanceScorer"/> (asks a model).
/// </summary>
public interface IImportanceScorer
{
    /// <summary>The importance of <paramref name="text"/> in [0, 1].</summary>
    ValueTask<float> ScoreAsync(string text, CancellationToken cancellationToken = default);
}
