namespace MemDsl.Runtime;

/// <summary>
/// An inverted index with BM25 scoring: k1 = 1.2, b = 0.75,
/// <c>idf = ln(1 + (N - df + 0.5) / (df + 0.5))</c> (Lucene's form, never negative), and per query
/// term <c>idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))</c>, summed over the distinct
/// query terms (a repeated query term counts once, as in the LoCoMo reference BM25). Tokens come from
/// <see cref="TextTokenizer"/>. Not thread-safe: the owning store's lock guards it.
/// </summary>
public sealed class Bm25Index
{
    /// <summary>Term-frequency saturation.</summary>
    public const float K1 = 1.2f;

    /// <summary>Document-length normalization strength.</summary>
    public const float B = 0.75f;

    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Posting>>.AlternateLookup<ReadOnlySpan<char>> _postingsBySpan;
    private readonly Dictionary<long, Document> _documents = [];

    // Scratch term counts of the text being added (the owning store's lock serializes Add).
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _countsBySpan;
    private long _totalLength;

    /// <summary>Creates an empty index.</summary>
    public Bm25Index()
    {
        // Span lookups let queries find terms without allocating a string per token.
        _postingsBySpan = _postings.GetAlternateLookup<ReadOnlySpan<char>>();
        _countsBySpan = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Indexed documents.</summary>
    public int DocumentCount => _documents.Count;

    /// <summary>Distinct terms.</summary>
    public int TermCount => _postings.Count;

    /// <summary>Mean document length in tokens (0 when empty).</summary>
    public double AverageDocumentLength => _documents.Count == 0 ? 0 : (double)_totalLength / _documents.Count;

    /// <summary>Indexes <paramref name="text"/> under <paramref name="id"/>, replacing what the id held.</summary>
    public void Add(long id, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Remove(id);

        // Terms are counted by span: a token costs a string only when neither the index nor this text has
        // it yet (a growing session record is re-indexed at every turn, so this runs over long texts often).
        var counts = _counts;
        counts.Clear();
        var length = 0;
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var position = 0;
            while (TextTokenizer.TryReadToken(text, ref position, out var start, out var tokenLength))
            {
                var term = buffer.AsSpan(start, tokenLength);
                TextTokenizer.LowerInto(text.AsSpan(start, tokenLength), term);
                length++;
                if (_countsBySpan.TryGetValue(term, out var seen))
                {
                    _countsBySpan[term] = seen + 1;
                }
                else
                {
                    counts.Add(_postingsBySpan.TryGetValue(term, out var known, out _) ? known : new string(term), 1);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        // Counts enumerate in first-occurrence order, so terms and postings are added in text order.
        var terms = new string[counts.Count];
        var i = 0;
        foreach (var (term, frequency) in counts)
        {
            terms[i++] = term;
            if (!_postings.TryGetValue(term, out var list))
            {
                list = [];
                _postings.Add(term, list);
            }

            list.Add(new Posting(id, frequency, length));
        }

        counts.Clear();
        _documents.Add(id, new Document(terms, length));
        _totalLength += length;
    }

    /// <summary>Removes a document; false if the id is not indexed.</summary>
    public bool Remove(long id)
    {
        if (!_documents.Remove(id, out var document))
        {
            return false;
        }

        _totalLength -= document.Length;
        foreach (var term in document.Terms)
        {
            var list = _postings[term];
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Id == id)
                {
                    // Posting order carries no meaning, so swap-remove in O(1).
                    list[i] = list[^1];
                    list.RemoveAt(list.Count - 1);
                    break;
                }
            }

            if (list.Count == 0)
            {
                _postings.Remove(term);
            }
        }

        return true;
    }

    /// <summary>True if the id is indexed.</summary>
    public bool Contains(long id) => _documents.ContainsKey(id);

    /// <summary>Documents that contain <paramref name="term"/> (already lower-case).</summary>
    public int DocumentFrequency(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return _postings.TryGetValue(term, out var list) ? list.Count : 0;
    }

    /// <summary>
    /// The BM25 score of one document for already tokenized query terms (as <see cref="TextTokenizer"/>
    /// makes them); 0 for an unknown id or no matching term.
    /// </summary>
    public float Score(long id, ReadOnlySpan<string> queryTokens)
    {
        if (!_documents.TryGetValue(id, out var document))
        {
            return 0f;
        }

        var averageLength = AverageDocumentLength;
        var score = 0.0;
        for (var t = 0; t < queryTokens.Length; t++)
        {
            var token = queryTokens[t];
            if (token is null || queryTokens[..t].Contains(token) || !_postings.TryGetValue(token, out var list))
            {
                continue;
            }

            foreach (var posting in list)
            {
                if (posting.Id == id)
                {
                    score += TermScore(posting.Frequency, document.Length, list.Count, averageLength);
                    break;
                }
            }
        }

        return (float)score;
    }

    /// <summary>
    /// Scores every document containing a query term into <paramref name="scoresBySlot"/>, indexed by
    /// the slot <paramref name="store"/> gives the document's id; other entries are set to 0. The
    /// query text is tokenized like indexed text, without allocating. Returns the highest score (0 if
    /// nothing matched).
    /// </summary>
    /// <param name="queryText">The raw query text.</param>
    /// <param name="store">Maps record ids to slots.</param>
    /// <param name="scoresBySlot">At least <see cref="MemoryStore.Count"/> entries.</param>
    public float ScoreAll(ReadOnlySpan<char> queryText, MemoryStore store, Span<float> scoresBySlot)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (scoresBySlot.Length < store.Count)
        {
            throw new ArgumentException($"The score buffer must hold at least {store.Count} entries (the store's count); it holds {scoresBySlot.Length}.", nameof(scoresBySlot));
        }

        scoresBySlot[..store.Count].Clear();
        if (_documents.Count == 0 || queryText.IsEmpty)
        {
            return 0f;
        }

        var averageLength = AverageDocumentLength;

        // The whole query is lowered into one buffer so earlier terms stay readable: a repeated term
        // is found by comparing spans (queries are short, so the quadratic check costs less than a set).
        var buffer = ArrayPool<char>.Shared.Rent(queryText.Length);
        var seen = ArrayPool<Range>.Shared.Rent(queryText.Length / 2 + 1);
        var seenCount = 0;
        try
        {
            var position = 0;
            while (TextTokenizer.TryReadToken(queryText, ref position, out var start, out var length))
            {
                var term = buffer.AsSpan(start, length);
                TextTokenizer.LowerInto(queryText.Slice(start, length), term);
                if (IsRepeated(buffer, seen.AsSpan(0, seenCount), term))
                {
                    continue;
                }

                seen[seenCount++] = new Range(start, start + length);
                if (!_postingsBySpan.TryGetValue(term, out var list))
                {
                    continue;
                }

                foreach (var posting in list)
                {
                    if (store.TryGetSlot(posting.Id, out var slot))
                    {
                        scoresBySlot[slot] += (float)TermScore(posting.Frequency, posting.DocumentLength, list.Count, averageLength);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<Range>.Shared.Return(seen);
        }

        var max = 0f;
        foreach (var score in scoresBySlot[..store.Count])
        {
            max = MathF.Max(max, score);
        }

        return max;
    }

    private static bool IsRepeated(char[] buffer, ReadOnlySpan<Range> seen, ReadOnlySpan<char> term)
    {
        foreach (var range in seen)
        {
            if (term.SequenceEqual(buffer.AsSpan(range)))
            {
                return true;
            }
        }

        return false;
    }

    private double TermScore(int frequency, int documentLength, int documentFrequency, double averageLength)
    {
        var n = (double)_documents.Count;
        var idf = Math.Log(1.0 + ((n - documentFrequency + 0.5) / (documentFrequency + 0.5)));
        var lengthRatio = averageLength > 0 ? documentLength / averageLength : 0.0;
        return idf * frequency * (K1 + 1.0) / (frequency + (K1 * (1.0 - B + (B * lengthRatio))));
    }

    // The document length rides along so scoring needs no per-posting document lookup.
    private readonly record struct Posting(long Id, int Frequency, int DocumentLength);

    private sealed record Document(string[] Terms, int Length);
}
