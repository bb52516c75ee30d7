namespace MemDsl.Runtime;

/// <summary>The LLM-free entity extractor: <see cref="EntityNames.Extract"/>.</summary>
public sealed class RuleEntityExtractor : IEntityExtractor
{
    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ExtractAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        var names = new List<string>();
        EntityNames.Extract(text, names);
        return new ValueTask<IReadOnlyList<string>>(names);
    }
}
