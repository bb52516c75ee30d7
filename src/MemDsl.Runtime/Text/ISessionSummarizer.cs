namespace MemDsl.Runtime;

/// <summary>
/// Writes a short summary of a session's turns (HCAM's chunk summary, as text a prompt can hold).
/// Implementations: <see cref="ExtractiveSessionSummarizer"/> (deterministic: the most central turns)
/// and <see cref="ChatSessionSummarizer"/> (asks a model).
/// </summary>
public interface ISessionSummarizer
{
    /// <summary>A summary of <paramref name="turns"/> (in the order they were said); empty for no turns.</summary>
    ValueTask<string> SummarizeAsync(IReadOnlyList<string> turns, CancellationToken cancellationToken = default);
}
