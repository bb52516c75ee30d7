namespace MemDsl.Evaluation.Tests;

public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-6;

    private static MemoryHit Hit(float score, params string[] sources) =>
        new(new MemoryRecord(0, string.Join("+", sources), "text", DateTimeOffset.UnixEpoch, "s", sources), score);

    [Fact]
    public void Recall_hit_and_ndcg_follow_the_hand_computed_values()
    {
        // gold {a, b}; ranks: x, a, a (repeat), b.
        var hits = new[] { Hit(4, "x"), Hit(3, "a"), Hit(2, "a"), Hit(1, "b") };
        var score = RankingMetrics.Score(hits, ["a", "b"], 4);

        Assert.Equal([0, 0.5, 0.5, 1], score.Recall);
        Assert.Equal([0, 1, 1, 1], score.Hit);
        var idcg2 = 1 + (1 / Math.Log2(3)); // 1.630930
        Assert.Equal(0, score.NdcgAt(1), Tolerance);
        Assert.Equal(0.630930 / idcg2, score.NdcgAt(2), Tolerance); // 0.386853
        Assert.Equal(0.386853, score.NdcgAt(3), Tolerance); // the repeated a earns nothing
        Assert.Equal(1.061606 / idcg2, score.NdcgAt(4), Tolerance); // 0.650920
        Assert.Equal(0.650920, score.NdcgAt(4), Tolerance);
        Assert.Equal(0.5, score.ReciprocalRank, Tolerance);
    }

    [Fact]
    public void K_larger_than_the_store_scores_the_hits_there_are()
    {
        var score = RankingMetrics.Score([Hit(1, "a")], ["a", "b"], 3);

        Assert.Equal([0.5, 0.5, 0.5], score.Recall);
        Assert.Equal(1.0, score.NdcgAt(1), Tolerance);
        Assert.Equal(1 / 1.630930, score.NdcgAt(3), Tolerance); // ideal has two relevant hits
        Assert.Equal(1.0, score.ReciprocalRank);
    }

    [Fact]
    public void No_hits_score_zero()
    {
        var score = RankingMetrics.Score([], ["a"], 2);

        Assert.Equal([0, 0], score.Recall);
        Assert.Equal([0, 0], score.Ndcg);
        Assert.Equal(0, score.ReciprocalRank);
    }

    [Fact]
    public void Ties_keep_the_order_the_pipeline_returned()
    {
        // Equal scores: the metrics do not re-sort, the pipeline already broke the tie.
        var score = RankingMetrics.Score([Hit(1, "x"), Hit(1, "a")], ["a"], 2);

        Assert.Equal(0.5, score.ReciprocalRank);
        Assert.Equal(0, score.RecallAt(1));
        Assert.Equal(1 / Math.Log2(3), score.NdcgAt(2), Tolerance);
    }

    [Fact]
    public void A_record_covering_several_gold_turns_counts_each_for_recall_and_once_for_ndcg()
    {
        var score = RankingMetrics.Score([Hit(2, "a", "b"), Hit(1, "y")], ["a", "b", "c"], 2);

        Assert.Equal(2.0 / 3, score.RecallAt(1), Tolerance);
        Assert.Equal(1.0, score.NdcgAt(1), Tolerance);
        Assert.Equal(1 / 1.630930, score.NdcgAt(2), Tolerance);
    }

    [Fact]
    public void Empty_gold_is_rejected_naming_the_parameter()
    {
        var exception = Assert.Throws<ArgumentException>(() => RankingMetrics.Score([Hit(1, "a")], [], 5));
        Assert.Equal("gold", exception.ParamName);
    }

    [Fact]
    public void MaxK_below_one_is_rejected()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Score([], ["a"], 0));
        Assert.Equal("maxK", exception.ParamName);
    }

    [Fact]
    public void Accumulator_averages_per_k()
    {
        var accumulator = new MetricAccumulator(2);
        accumulator.Add(RankingMetrics.Score([Hit(1, "a")], ["a"], 2)); // recall 1, 1; rr 1
        accumulator.Add(RankingMetrics.Score([Hit(1, "x"), Hit(1, "b")], ["b", "c"], 2)); // recall 0, 0.5; rr 0.5

        var summary = accumulator.ToSummary();

        Assert.Equal(2, summary.Queries);
        Assert.Equal(0.5, summary.RecallAt(1), Tolerance);
        Assert.Equal(0.75, summary.RecallAt(2), Tolerance);
        Assert.Equal(0.75, summary.Mrr, Tolerance);
        Assert.Equal(1.0, summary.HitAt(2), Tolerance);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var values = Enumerable.Range(1, 10).Select(i => (double)(11 - i)).ToList();

        Assert.Equal(5, BenchmarkRunner.Percentile(values, 0.5));
        Assert.Equal(10, BenchmarkRunner.Percentile(values, 0.95));
        Assert.Equal(0, BenchmarkRunner.Percentile([], 0.5));
    }
}
