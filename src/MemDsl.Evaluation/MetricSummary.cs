namespace MemDsl.Evaluation;

/// <summary>Means of <see cref="QueryScore"/> over a set of queries; arrays are indexed by k - 1.</summary>
public sealed record MetricSummary(int Queries, double[] Recall, double[] Hit, double[] Ndcg, double Mrr)
{
    public int MaxK => Recall.Length;

    public double RecallAt(int k) => Recall[CheckK(k)];

    public double HitAt(int k) => Hit[CheckK(k)];

    public double NdcgAt(int k) => Ndcg[CheckK(k)];

    private int CheckK(int k)
    {
        if (k < 1 || k > MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {MaxK}.");
        }

        return k - 1;
    }
}
