using System.Globalization;
using System.Text;

namespace MemDsl.Evaluation;

/// <summary>The leaderboard and per-category tables of a report as Markdown.</summary>
public static class MarkdownLeaderboard
{
    public static string Render(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.MaxK;
        var mid = Math.Min(5, k);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"| dataset | design | embedder | queries | R@{mid} | R@{k} | hit@{k} | NDCG@{k} | MRR | ctx tokens | write p50 µs | query p50 µs | query p95 µs | heap KB |\n");
        builder.Append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var run in report.Leaderboard())
        {
            var m = run.Overall;
            var c = run.Costs;
            builder.Append(CultureInfo.InvariantCulture,
                $"| {run.Dataset} | {run.Design} | {run.Embedder} | {run.QueriesScored} | {m.RecallAt(mid):0.000} | {m.RecallAt(k):0.000} | {m.HitAt(k):0.000} | {m.NdcgAt(k):0.000} | {m.Mrr:0.000} | {c.MeanContextTokens:0.0} | {c.WriteP50Microseconds:0.0} | {c.QueryP50Microseconds:0.0} | {c.QueryP95Microseconds:0.0} | {c.ManagedBytes / 1024.0:0} |\n");
        }

        return builder.ToString();
    }

    public static string RenderCategories(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.MaxK;
        var mid = Math.Min(5, k);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"| dataset | design | category | queries | R@{mid} | R@{k} | NDCG@{k} | MRR |\n");
        builder.Append("|---|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var run in report.Leaderboard())
        {
            foreach (var (category, m) in run.ByCategory)
            {
                builder.Append(CultureInfo.InvariantCulture,
                    $"| {run.Dataset} | {run.Design} | {category} | {m.Queries} | {m.RecallAt(mid):0.000} | {m.RecallAt(k):0.000} | {m.NdcgAt(k):0.000} | {m.Mrr:0.000} |\n");
            }
        }

        return builder.ToString();
    }
}
