using System.Text;

namespace MemDsl.Perf;

/// <summary>Deterministic English-like sentences of mixed length (3 to 60 words, most 8 to 25), like chat turns and memory notes.</summary>
internal static class BenchmarkSentences
{
    private static readonly string[] Words =
    [
        "the", "user", "said", "that", "she", "will", "travel", "to", "Paris", "next", "week", "and", "wants",
        "a", "hotel", "near", "the", "station", "remember", "her", "sister", "is", "allergic", "to", "peanuts",
        "meeting", "moved", "Thursday", "afternoon", "because", "of", "the", "quarterly", "review", "project",
        "deadline", "budget", "approved", "agent", "memory", "retrieval", "embedding", "vector", "database",
        "prefers", "coffee", "without", "sugar", "in", "morning", "called", "about", "the", "broken", "laptop",
        "screen", "warranty", "expires", "December", "birthday", "party", "on", "Saturday", "at", "seven",
        "recommended", "book", "science", "fiction", "novel", "read", "last", "summer", "dog", "named", "Max",
    ];

    public static string[] Generate(int count, int seed = 2024)
    {
        var random = new Random(seed);
        var sentences = new string[count];
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Clear();
            var words = random.Next(10) switch
            {
                0 => random.Next(3, 8),
                9 => random.Next(30, 61),
                _ => random.Next(8, 26),
            };
            for (var w = 0; w < words; w++)
            {
                var word = Words[random.Next(Words.Length)];
                builder.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                builder.Append(w == words - 1 ? "." : random.Next(12) == 0 ? ", " : " ");
            }

            sentences[i] = builder.ToString();
        }

        return sentences;
    }
}
