using System.Text.Json;

namespace MemDsl.Evaluation.Tests;

public sealed class BenchmarkRunnerTests
{
    private static readonly DateTimeOffset Day = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static BenchmarkDataset Tiny()
    {
        StreamEvent[] events =
        [
            new WriteEvent(new Turn("t1", "Ana", "I bake apple pie every Sunday.", Day, "s1")),
            new WriteEvent(new Turn("t2", "Ben", "My bicycle has a flat tyre.", Day.AddMinutes(1), "s1")),
            new WriteEvent(new Turn("t3", "Ana", "The pie recipe came from my grandmother.", Day.AddDays(1), "s2")),
            new QueryEvent(new StreamQuery("q1", "apple pie", Day.AddDays(2), ["t1"], "food")),
            new QueryEvent(new StreamQuery("q2", "bicycle tyre", Day.AddDays(2), ["t2"], "bikes")),
            new QueryEvent(new StreamQuery("q3", "anything", Day.AddDays(2), [], "food")),
        ];
        return new BenchmarkDataset("tiny", "three turns", [new TaskStream("tiny", events)], []);
    }

    [Fact]
    public async Task Scores_each_query_excludes_empty_gold_and_groups_by_category()
    {
        var result = await new BenchmarkRunner().RunOneAsync(BuiltInDesigns.Baseline("bm25"), Tiny());

        Assert.Equal(2, result.QueriesScored);
        Assert.Equal(1, result.QueriesWithoutGold);
        Assert.Equal(3, result.Writes);
        Assert.Equal(3, result.StoredRecords);
        Assert.Equal(1.0, result.Overall.RecallAt(1));
        Assert.Equal(1.0, result.Overall.Mrr);
        Assert.Equal(["bikes", "food"], result.ByCategory.Keys);
        Assert.Equal(1, result.ByCategory["food"].Queries);
        Assert.True(result.Costs.MeanContextTokens > 0);
        Assert.True(result.Costs.QueryP95Microseconds >= result.Costs.QueryP50Microseconds);
    }

    [Fact]
    public async Task Without_heap_measurement_scores_are_the_same_and_heap_growth_reads_zero()
    {
        var measured = await new BenchmarkRunner().RunOneAsync(BuiltInDesigns.Baseline("hybrid"), Tiny());
        var unmeasured = await new BenchmarkRunner(new BenchmarkOptions { MeasureManagedHeap = false }).RunOneAsync(BuiltInDesigns.Baseline("hybrid"), Tiny());

        // The measured growth itself is process-wide (GC.GetTotalMemory) and other tests run beside this
        // one, so only the unmeasured run's zero is asserted.
        Assert.Equal(0, unmeasured.Costs.ManagedBytes);
        Assert.Equal(measured.Overall.Recall, unmeasured.Overall.Recall);
        Assert.Equal(measured.Overall.Ndcg, unmeasured.Overall.Ndcg);
        Assert.Equal(measured.Costs.MeanContextTokens, unmeasured.Costs.MeanContextTokens);
    }

    [Fact]
    public async Task Reports_progress_to_the_total_and_serializes_to_json()
    {
        var seen = new List<BenchmarkProgress>();
        var report = await new BenchmarkRunner().RunAsync([BuiltInDesigns.Baseline("bm25"), BuiltInDesigns.Baseline("cosine")], [Tiny()], new ListProgress(seen));

        Assert.Equal(2, report.Runs.Count);
        Assert.Contains(seen, p => p.Design == "cosine" && p.Done == 6 && p.Total == 6);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(10, json.RootElement.GetProperty("maxK").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task Writes_a_report_directory_with_valid_pngs()
    {
        var report = await new BenchmarkRunner().RunAsync([BuiltInDesigns.Baseline("bm25")], [Tiny()]);
        var directory = Path.Combine(Path.GetTempPath(), "memdsl-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = await BenchmarkReportWriter.WriteAsync(report, directory, "memdsl bench test");

            Assert.Equal(["report.md", "results.json", "recall-at-k-tiny.png", "quality-vs-context.png"], files.Select(Path.GetFileName));
            foreach (var png in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
            {
                var bytes = File.ReadAllBytes(png);
                Assert.True(bytes.Length > 2000, png + " is too small to hold a plot");
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            }

            var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
            Assert.Contains("| tiny | bm25 |", markdown, StringComparison.Ordinal);
            Assert.Contains("memdsl bench test", markdown, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MiniLM_token_counts_use_wordpiece_without_special_tokens()
    {
        var counter = new MiniLMTokenCounter();

        Assert.Equal(6, counter.Count("Hello world, unbelievable Caroline!"));
        Assert.Equal(12, counter.Count("Melanie: I went to the LGBTQ support group yesterday.")); // lgbt ##q
        Assert.Equal(0, counter.Count(string.Empty));
    }

    private sealed class ListProgress(List<BenchmarkProgress> seen) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value) => seen.Add(value);
    }
}
