namespace MemDsl.Runtime;

/// <summary>
/// Centroid extractive summarization (Radev et al., 2004): each turn becomes a bag of its words
/// (three letters or more) weighted by tf × log(1 + N / df) over the session's N turns; the session's
/// centroid is their sum; the <see cref="Turns"/> turns with the highest cosine to the centroid are
/// the summary, joined in the order they were said. Deterministic; ties go to the earlier turn.
/// </summary>
/// <remarks>
/// <para>It is the text counterpart of the hierarchical store's summary key (the mean of a session's
/// record vectors): both pick what the whole session is about. What it keeps: the turns that share
/// the most vocabulary with the rest of the session, word for word. What it loses against a model's
/// summary: anything said once (a single decisive turn with its own words ranks low), paraphrase,
/// and compression (it copies turns, it does not rewrite them).</para>
/// </remarks>
public sealed class ExtractiveSessionSummarizer : ISessionSummarizer
{
    private const int MinWordLength = 3;

    /// <summary>Creates a summarizer.</summary>
    /// <param name="turns">How many turns the summary keeps, at least 1.</param>
    public ExtractiveSessionSummarizer(int turns = 3)
    {
        if (turns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(turns), turns, "A summary keeps at least one turn.");
        }

        Turns = turns;
    }

    /// <summary>How many turns a summary keeps.</summary>
    public int Turns { get; }

    /// <inheritdoc/>
    public ValueTask<string> SummarizeAsync(IReadOnlyList<string> turns, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<string>(Summarize(turns));
    }

    /// <summary>The summary of <paramref name="turns"/>: its most central turns, in their order, separated by a space.</summary>
    public string Summarize(IReadOnlyList<string> turns)
    {
        var chosen = CentralTurns(turns);
        var builder = new System.Text.StringBuilder();
        foreach (var index in chosen)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(turns[index].Trim());
        }

        return builder.ToString();
    }

    /// <summary>The indices of the <see cref="Turns"/> most central turns, ascending.</summary>
    public int[] CentralTurns(IReadOnlyList<string> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var bags = new Dictionary<string, int>[turns.Count];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<string>();
        for (var i = 0; i < turns.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(turns[i], nameof(turns));
            tokens.Clear();
            TextTokenizer.Tokenize(turns[i], tokens);
            var bag = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var token in tokens)
            {
                if (token.Length >= MinWordLength)
                {
                    bag[token] = bag.GetValueOrDefault(token) + 1;
                }
            }

            foreach (var word in bag.Keys)
            {
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
            }

            bags[i] = bag;
        }

        // Weighted bags and their sum, the centroid.
        var weights = new Dictionary<string, double>[turns.Count];
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < bags.Length; i++)
        {
            var weighted = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (word, count) in bags[i])
            {
                var weight = count * Math.Log(1 + ((double)turns.Count / documentFrequency[word]));
                weighted[word] = weight;
                centroid[word] = centroid.GetValueOrDefault(word) + weight;
            }

            weights[i] = weighted;
        }

        var scores = new double[turns.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            double dot = 0, norm = 0;
            foreach (var (word, weight) in weights[i])
            {
                dot += weight * centroid[word];
                norm += weight * weight;
            }

            scores[i] = norm == 0 ? 0 : dot / Math.Sqrt(norm);
        }

        // The centroid's length is the same for every turn, so ranking by dot / |turn| is ranking by cosine.
        var order = new int[turns.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        var chosen = order[..Math.Min(Turns, order.Length)];
        Array.Sort(chosen);
        return chosen;
    }
}
