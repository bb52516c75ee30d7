using System.Globalization;
using MemDsl.Evaluation;

namespace MemDsl.Evolution;

/// <summary>
/// The archive's quality axis: one ranking metric read from a <see cref="MetricSummary"/>
/// (<c>recall@k</c>, <c>ndcg@k</c>, <c>hit@k</c> or <c>mrr</c>). Higher is better for all of them.
/// </summary>
public sealed class QualityMetric : IEquatable<QualityMetric>
{
    /// <summary>The names the CLI lists; <see cref="Parse"/> also takes any other k from 1 to 10.</summary>
    public static readonly IReadOnlyList<string> CommonNames = ["recall@10", "recall@5", "ndcg@10", "mrr", "hit@10"];

    /// <summary>Largest k a metric may name: the bench runner computes metrics for k = 1..10.</summary>
    public const int MaxK = 10;

    private readonly Func<MetricSummary, double> _read;

    private QualityMetric(string name, Func<MetricSummary, double> read)
    {
        Name = name;
        _read = read;
    }

    /// <summary>Recall@10, the default.</summary>
    public static QualityMetric RecallAt10 { get; } = Parse("recall@10");

    /// <summary>The canonical name, e.g. <c>recall@10</c> or <c>mrr</c>.</summary>
    public string Name { get; }

    /// <summary>Reads <c>recall@k</c>, <c>ndcg@k</c>, <c>hit@k</c> (k in 1..10) or <c>mrr</c>, case-insensitive.</summary>
    /// <exception cref="ArgumentException">Not one of those.</exception>
    public static QualityMetric Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "mrr")
        {
            return new QualityMetric("mrr", summary => summary.Mrr);
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at > 0
            && int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && k is >= 1 and <= MaxK)
        {
            var canonical = text[..at] + "@" + k.ToString(CultureInfo.InvariantCulture);
            switch (text[..at])
            {
                case "recall":
                    return new QualityMetric(canonical, summary => summary.RecallAt(k));
                case "ndcg":
                    return new QualityMetric(canonical, summary => summary.NdcgAt(k));
                case "hit":
                    return new QualityMetric(canonical, summary => summary.HitAt(k));
            }
        }

        throw new ArgumentException($"'{name}' is not a metric: use recall@k, ndcg@k or hit@k with k from 1 to {MaxK}, or mrr (e.g. {string.Join(", ", CommonNames)}).", nameof(name));
    }

    /// <summary>The metric's value on a set of queries.</summary>
    public double Read(MetricSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return _read(summary);
    }

    public bool Equals(QualityMetric? other) => other is not null && other.Name == Name;

    public override bool Equals(object? obj) => Equals(obj as QualityMetric);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;
}
