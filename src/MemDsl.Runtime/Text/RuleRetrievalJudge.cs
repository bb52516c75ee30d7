namespace MemDsl.Runtime;

/// <summary>
/// The LLM-free judge on hits alone (no vectors): drops a hit scoring below <c>relativeCut</c> times the
/// first hit's score, and a hit whose text repeats a kept hit's (ignoring case, white space and
/// punctuation). <see cref="RefineRetriever"/> judges near-duplicates by cosine instead.
/// </summary>
public sealed class RuleRetrievalJudge : IRetrievalJudge
{
    private readonly float relativeCut;

    /// <summary>Creates a judge.</summary>
    /// <param name="relativeCut">Share of the first hit's score a hit must reach, 0 to 1.</param>
    public RuleRetrievalJudge(float relativeCut) => this.relativeCut = RetrieverArguments.CheckUnit(relativeCut, nameof(relativeCut));

    /// <inheritdoc />
    public ValueTask<bool[]> JudgeAsync(string query, IReadOnlyList<MemoryHit> hits, CancellationToken cancellationToken = default) =>
        new(Judge(hits));

    /// <summary>The synchronous <see cref="JudgeAsync"/>.</summary>
    public bool[] Judge(IReadOnlyList<MemoryHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var keep = new bool[hits.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cut = hits.Count > 0 && hits[0].Score > 0f ? relativeCut * hits[0].Score : float.NegativeInfinity;
        var tokens = new List<string>();
        for (var i = 0; i < hits.Count; i++)
        {
            tokens.Clear();
            TextTokenizer.Tokenize(hits[i].Record.Text, tokens);
            keep[i] = hits[i].Score >= cut && seen.Add(string.Join(' ', tokens));
        }

        return keep;
    }
}
