namespace MemDsl.Runtime;

/// <summary>
/// Finds the entities (people, pets, places, organisations, titles) a text names, for the entity
/// graph (AriGraph-lite). Implementations: <see cref="RuleEntityExtractor"/> (deterministic: the rules
/// of <see cref="EntityNames"/>, what the <see cref="StoreKind.Graph"/> store uses) and
/// <see cref="ChatEntityExtractor"/> (asks a model).
/// </summary>
public interface IEntityExtractor
{
    /// <summary>The distinct entities <paramref name="text"/> names, in the order they appear.</summary>
    ValueTask<IReadOnlyList<string>> ExtractAsync(string text, CancellationToken cancellationToken = default);
}
