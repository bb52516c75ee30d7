using System.Text;

namespace MemDsl.Onnx.Tests;

/// <summary>Deterministic varied test sentences: every tokenizer edge the package has, plus ordinary prose.</summary>
internal static class Sentences
{
    private static readonly string[] Words =
    [
        "the", "memory", "agent", "remembers", "what", "user", "said", "yesterday", "about", "Paris", "trip",
        "Embedding", "vectors", "are", "normalized", "QUICK", "brown", "fox", "jumps", "over", "lazy", "dog",
        "unbelievably", "antidisestablishmentarianism", "tokenization", "WordPiece", "ONNX", "runtime", "GPU",
        "café", "naïve", "résumé", "Müller", "São", "Paulo", "Zürich", "façade", "Ångström", "Øresund", "İstanbul",
        "東京", "日本語", "中文字符", "한국어", "русский", "ελληνικά", "עברית", "العربية", "हिन्दी",
        "😀", "🚀🚀", "👍🏽", "e-mail", "state-of-the-art", "don't", "it's", "U.S.A.", "C#", "F#", ".NET", "x86_64",
        "3.14159", "42", "1,000,000", "2024-09-22", "#hashtag", "@mention", "$100", "50%", "(parenthesized)",
        "[bracketed]", "{braced}", "a/b", "path\\to\\file", "x=y+z*2", "~tilde", "^caret", "|pipe|", "`code`",
        "“quotes”", "‘single’", "—em—dash", "–en–dash", "…", "xq", "zz", "a", "I", "ok",
        "https://example.com/path?q=1&r=2", "supercalifragilisticexpialidocioussupercalifragilisticexpialidocious",
    ];

    private static readonly string[] Separators = [" ", " ", " ", " ", "  ", "\t", "\n", "\r\n", ", ", ". ", "! ", "? ", "; "];

    /// <summary>Edge cases first, then <paramref name="count"/> generated sentences, some beyond 256 and 512 tokens.</summary>
    public static List<string> Generate(int count, int seed, bool includeLong = true)
    {
        var list = new List<string>
        {
            string.Empty, " ", "   ", "\t", "\r\n", "a", "Hello, World!", "HELLO world", "!!!???...", "12345 67890",
            "café naïve résumé", "東京は日本の首都です。", "emoji 😀 here 🚀", "tab\tinside and\nnewline",
            "word\r\nnext", "ünïcödé ÀÉÎÕÜ", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", "\u00A0non-breaking\u00A0space",
            "zero\u200Bwidth", "lone \uD800 surrogate", new string('x', 50), new string('y', 51),
            "The quick brown fox jumps over the lazy dog.",
        };

        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var wordCount = (i % 10) switch
            {
                0 => random.Next(1, 4),
                1 or 2 or 3 => random.Next(4, 12),
                4 or 5 or 6 => random.Next(12, 30),
                7 or 8 => random.Next(30, 80),
                _ => includeLong && i % 40 == 9 ? random.Next(200, 420) : random.Next(5, 20),
            };
            var builder = new StringBuilder();
            for (var w = 0; w < wordCount; w++)
            {
                if (w > 0)
                {
                    builder.Append(Separators[random.Next(Separators.Length)]);
                }

                var word = Words[random.Next(Words.Length)];
                builder.Append(random.Next(5) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            }

            list.Add(builder.ToString());
        }

        return list;
    }
}
