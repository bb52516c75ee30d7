namespace MemDsl.Abstractions;

/// <summary>What the encoder writes before each turn's text.</summary>
public enum PrefixKind
{
    /// <summary>The text alone.</summary>
    None,

    /// <summary><c>Speaker: text</c>.</summary>
    Speaker,

    /// <summary><c>[yyyy-MM-dd] Speaker: text</c>.</summary>
    SpeakerAndDate,
}
