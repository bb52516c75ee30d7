namespace MemDsl.Evaluation;

/// <summary>Sums query scores; <see cref="ToSummary"/> gives the means.</summary>
public sealed class MetricAccumulator
{
    private readonly double[] _recall;
    private readonly double[] _hit;
    private readonly double[] _ndcg;
    private double _reciprocalRank;

    public MetricAccumulator(int maxK)
    {
        if (maxK < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxK), maxK, "maxK must be at least 1.");
        }

        _recall = new double[maxK];
        _hit = new double[maxK];
        _ndcg = new double[maxK];
    }

    public int Count { get; private set; }

    public void Add(QueryScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (score.MaxK != _recall.Length)
        {
            throw new ArgumentException($"The score covers k up to {score.MaxK}; this accumulator needs {_recall.Length}.", nameof(score));
        }

        for (var i = 0; i < _recall.Length; i++)
        {
            _recall[i] += score.Recall[i];
            _hit[i] += score.Hit[i];
            _ndcg[i] += score.Ndcg[i];
        }

        _reciprocalRank += score.ReciprocalRank;
        Count++;
    }

    public MetricSummary ToSummary()
    {
        var n = Math.Max(Count, 1);
        var recall = new double[_recall.Length];
        var hit = new double[_recall.Length];
        var ndcg = new double[_recall.Length];
        for (var i = 0; i < recall.Length; i++)
        {
            recall[i] = _recall[i] / n;
            hit[i] = _hit[i] / n;
            ndcg[i] = _ndcg[i] / n;
        }

        return new MetricSummary(Count, recall, hit, ndcg, _reciprocalRank / n);
    }
}
