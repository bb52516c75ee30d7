using System.Globalization;
using System.Text;

namespace MemDsl.Evaluation;

/// <summary>
/// Writes a report directory: <c>report.md</c>, <c>results.json</c>, one <c>recall-at-k-*.png</c> per
/// dataset (a recall@k curve per design) and <c>quality-vs-context.png</c> (recall@MaxK against mean
/// context tokens, one point per design and dataset).
/// </summary>
public static class BenchmarkReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "results.json";
    public const string QualityVsContextFile = "quality-vs-context.png";

    /// <summary>Writes the files and returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BenchmarkReport report, string directory, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(command);
        Directory.CreateDirectory(directory);
        var written = new List<string>();

        var plots = new List<string>();
        foreach (var dataset in report.Datasets)
        {
            var file = "recall-at-k-" + Slug(dataset.Name) + ".png";
            PlotRecallCurves(report, dataset.Name, Path.Combine(directory, file));
            plots.Add(file);
        }

        PlotQualityVsContext(report, Path.Combine(directory, QualityVsContextFile));
        plots.Add(QualityVsContextFile);

        var markdown = Path.Combine(directory, MarkdownFile);
        await File.WriteAllTextAsync(markdown, RenderMarkdown(report, command, plots), cancellationToken).ConfigureAwait(false);
        written.Add(markdown);
        var json = Path.Combine(directory, JsonFile);
        await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken).ConfigureAwait(false);
        written.Add(json);
        foreach (var plot in plots)
        {
            written.Add(Path.Combine(directory, plot));
        }

        return written;
    }

    private static string RenderMarkdown(BenchmarkReport report, string command, List<string> plots)
    {
        var builder = new StringBuilder();
        builder.Append("# MemDsl benchmark\n\n");
        builder.Append("Command: `").Append(command).Append("`\n\n");
        builder.Append("## Leaderboard\n\n").Append(MarkdownLeaderboard.Render(report)).Append('\n');
        builder.Append("Recall@k: share of gold evidence turns covered by the top k hits; NDCG counts a hit as relevant when it covers a gold turn no higher hit covered; MRR over the first ")
            .Append(report.MaxK.ToString(CultureInfo.InvariantCulture))
            .Append(" hits; ctx tokens: mean MiniLM WordPiece tokens of all text a query returned. Latency and heap columns vary between runs.\n\n");
        builder.Append("## By category\n\n").Append(MarkdownLeaderboard.RenderCategories(report)).Append('\n');
        builder.Append("## Datasets\n\n");
        foreach (var dataset in report.Datasets)
        {
            builder.Append("- **").Append(dataset.Name).Append("**: ").Append(dataset.Description).Append('\n');
            foreach (var note in dataset.Notes)
            {
                builder.Append("  - ").Append(note).Append('\n');
            }
        }

        builder.Append("\n## Plots\n\n");
        foreach (var plot in plots)
        {
            builder.Append("![").Append(plot).Append("](").Append(plot).Append(")\n");
        }

        return builder.ToString();
    }

    private static void PlotRecallCurves(BenchmarkReport report, string dataset, string path)
    {
        var ks = new double[report.MaxK];
        for (var i = 0; i < ks.Length; i++)
        {
            ks[i] = i + 1;
        }

        var series = new List<ReportPlot.Series>();
        foreach (var run in report.Leaderboard())
        {
            if (run.Dataset == dataset)
            {
                series.Add(new ReportPlot.Series(run.Design, ks, run.Overall.Recall));
            }
        }

        ReportPlot.Save(path, "recall@k on " + dataset, "k", "recall@k", series);
    }

    private static void PlotQualityVsContext(BenchmarkReport report, string path)
    {
        var series = new List<ReportPlot.Series>();
        foreach (var run in report.Leaderboard())
        {
            series.Add(new ReportPlot.Series(run.Design + " / " + run.Dataset, [run.Costs.MeanContextTokens], [run.Overall.RecallAt(report.MaxK)], Lines: false, MarkerSize: 10));
        }

        ReportPlot.Save(path, $"recall@{report.MaxK} vs context tokens per query", "mean MiniLM tokens retrieved per query", $"recall@{report.MaxK}", series, width: 900, height: 600);
    }

    private static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString();
    }
}
