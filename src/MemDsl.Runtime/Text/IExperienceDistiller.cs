namespace MemDsl.Runtime;

/// <summary>
/// Distils an experience (its turns, oldest first) into at most a given number of strategy items
/// (ReasoningBank). Implementations: <see cref="ExtractiveDistiller"/> (deterministic, LLM-free, what
/// <c>EncodeKind.Distill</c> runs) and <see cref="ChatExperienceDistiller"/> (asks a model).
/// </summary>
public interface IExperienceDistiller
{
    /// <summary>The items of <paramref name="experience"/>, in the order their source appears; at most <paramref name="maxItems"/>.</summary>
    ValueTask<IReadOnlyList<DistilledItem>> DistillAsync(IReadOnlyList<string> experience, int maxItems, CancellationToken cancellationToken = default);
}
