using System.Globalization;

namespace MemDsl.Runtime;

/// <summary>Formats one turn as the text line an encoder stores.</summary>
public static class TurnFormatter
{
    /// <summary>
    /// <see cref="PrefixKind.None"/>: the text; <see cref="PrefixKind.Speaker"/>: <c>Speaker: text</c>;
    /// <see cref="PrefixKind.SpeakerAndDate"/>: <c>[yyyy-MM-dd] Speaker: text</c>, using the date of
    /// <see cref="Turn.Timestamp"/> in its own offset (no time zone conversion), invariant culture.
    /// </summary>
    public static string Format(in Turn turn, PrefixKind prefix) => prefix switch
    {
        PrefixKind.None => turn.Text,
        PrefixKind.Speaker => turn.Speaker + ": " + turn.Text,
        PrefixKind.SpeakerAndDate => "[" + turn.Timestamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "] " + turn.Speaker + ": " + turn.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "The prefix must be None, Speaker or SpeakerAndDate."),
    };
}
