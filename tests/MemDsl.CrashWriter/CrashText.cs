using System.Globalization;
using System.Text;

namespace MemDsl.CrashWriter;

/// <summary>The deterministic turns the crash writer writes, so a checker can recompute each one from its id.</summary>
public static class CrashText
{
    private static readonly string[] Words = ["budget", "garden", "Lisbon", "puppy", "deadline", "café", "naïve", "日本語", "emoji 😀", "wedding", "meeting", "coffee"];

    /// <summary>The id of the <paramref name="n"/>th turn of trial <paramref name="trial"/>.</summary>
    public static string Id(int trial, int n) => "t" + trial.ToString(CultureInfo.InvariantCulture) + "-" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of a turn: 5 to ~2,000 characters (so some writes span pages), with non-ASCII.</summary>
    public static string Text(string id)
    {
        var seed = 17;
        foreach (var c in id)
        {
            seed = (seed * 31) + c;
        }

        var random = new Random(seed);
        var builder = new StringBuilder(id).Append(':');
        var words = random.Next(1, random.Next(2) == 0 ? 8 : 300);
        for (var i = 0; i < words; i++)
        {
            builder.Append(' ').Append(Words[random.Next(Words.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>The turn's timestamp.</summary>
    public static DateTimeOffset Timestamp(int n) => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)).AddSeconds(n);
}
