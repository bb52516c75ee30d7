namespace MemDsl.Evaluation;

/// <summary>
/// Retrieval metrics of one ranked list of hits against gold evidence turn ids.
/// </summary>
/// <remarks>
/// <para>A hit <em>covers</em> the gold ids among its record's <see cref="MemoryRecord.SourceTurnIds"/>
/// (a window or session record can cover several). The ranking is the list as the pipeline returned
/// it: ties in score were already broken by the pipeline (earlier record first), and the metrics
/// take that order. Fewer hits than k (a small store, a small TopK) simply cover less.</para>
/// <list type="bullet">
/// <item><b>recall@k</b> = |gold ids covered by the top k hits| / |gold|.</item>
/// <item><b>hit@k</b> = 1 if the top k hits cover at least one gold id, else 0.</item>
/// <item><b>NDCG@k</b>: the hit at rank i (1-based) is relevant (gain 1) when it covers at least one
/// gold id that no higher-ranked hit covered, so repeating evidence earns nothing;
/// DCG@k = sum of gain_i / log2(i + 1); the ideal ranks min(k, |gold|) relevant hits first,
/// IDCG@k = sum over i = 1..min(k, |gold|) of 1 / log2(i + 1); NDCG@k = DCG@k / IDCG@k.</item>
/// <item><b>reciprocal rank</b> = 1 / rank of the first hit covering any gold id within the first
/// maxK hits, else 0 (MRR is its mean).</item>
/// </list>
/// <para>Queries with empty gold have no defined recall; callers exclude and count them.</para>
/// </remarks>
public static class RankingMetrics
{
    public static QueryScore Score(IReadOnlyList<MemoryHit> hits, IReadOnlyCollection<string> gold, int maxK)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(gold);
        if (maxK < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxK), maxK, "maxK must be at least 1.");
        }

        var goldSet = gold as IReadOnlySet<string> ?? new HashSet<string>(gold, StringComparer.Ordinal);
        if (goldSet.Count == 0)
        {
            throw new ArgumentException("The gold evidence is empty: such a query has no recall; exclude and count it instead.", nameof(gold));
        }

        var recall = new double[maxK];
        var hit = new double[maxK];
        var ndcg = new double[maxK];
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var dcg = 0.0;
        var idcg = 0.0;
        var firstRank = 0;
        for (var i = 0; i < maxK; i++)
        {
            if (i < hits.Count)
            {
                var newlyCovered = false;
                var sources = hits[i].Record.SourceTurnIds;
                for (var s = 0; s < sources.Count; s++)
                {
                    if (goldSet.Contains(sources[s]))
                    {
                        newlyCovered |= covered.Add(sources[s]);
                        if (firstRank == 0)
                        {
                            firstRank = i + 1;
                        }
                    }
                }

                if (newlyCovered)
                {
                    dcg += Discount(i + 1);
                }
            }

            if (i < goldSet.Count)
            {
                idcg += Discount(i + 1);
            }

            recall[i] = (double)covered.Count / goldSet.Count;
            hit[i] = covered.Count > 0 ? 1.0 : 0.0;
            ndcg[i] = dcg / idcg;
        }

        return new QueryScore(recall, hit, ndcg, firstRank == 0 ? 0.0 : 1.0 / firstRank);
    }

    /// <summary>1 / log2(rank + 1) for a 1-based rank.</summary>
    public static double Discount(int rank) => 1.0 / Math.Log2(rank + 1);
}
