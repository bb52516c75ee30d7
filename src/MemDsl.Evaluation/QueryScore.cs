namespace MemDsl.Evaluation;

/// <summary>
/// The metrics of one ranked answer for k = 1..<see cref="MaxK"/>; arrays are indexed by k - 1.
/// See <see cref="RankingMetrics"/> for the definitions.
/// </summary>
public sealed record QueryScore(double[] Recall, double[] Hit, double[] Ndcg, double ReciprocalRank)
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
