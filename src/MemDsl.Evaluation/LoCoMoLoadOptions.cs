namespace MemDsl.Evaluation;

/// <summary>How <see cref="LoCoMoLoader"/> turns a LoCoMo file into streams.</summary>
public sealed record LoCoMoLoadOptions
{
    public LoCoMoSplit Split { get; init; } = LoCoMoSplit.All;

    /// <summary>Keep only the first N conversations (after the split); null keeps all.</summary>
    public int? MaxConversations { get; init; }

    /// <summary>
    /// Append the generated image caption to image-sharing turns (<c>text [image: caption]</c>). Off by
    /// default so the turn text matches the reference numbers in the data's README.
    /// </summary>
    public bool IncludeImageCaptions { get; init; }
}
