namespace MemDsl.Runtime;

/// <summary>The LLM-free <see cref="IImportanceScorer"/>: <see cref="ImportanceHeuristic.Score"/>, completed synchronously.</summary>
public sealed class HeuristicImportanceScorer : IImportanceScorer
{
    /// <inheritdoc/>
    public ValueTask<float> ScoreAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ImportanceHeuristic.Score(text));
    }
}
