namespace MemDsl.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Default_run_benches_baselines_and_samples_on_the_synthetic_streams_deterministically()
    {
        var first = await MemDslTool.RunAsync("bench");
        var second = await MemDslTool.RunAsync("bench");

        Assert.True(first.ExitCode == 0, first.Error);
        foreach (var expected in new[] { "synthetic:fact-updates", "synthetic:experience-reuse", "synthetic:temporal", "| bm25", "| cosine", "| hybrid", "| quick-start", "hashing" })
        {
            Assert.Contains(expected, first.Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\u001b[", first.Out, StringComparison.Ordinal); // no ANSI codes when redirected
        Assert.Equal(Quality(first.Out), Quality(second.Out));
        Assert.Contains("finished in", first.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_runs_a_locomo_slice_and_writes_the_report()
    {
        var directory = Path.Combine(Path.GetTempPath(), "memdsl-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output, error) = await MemDslTool.RunAsync("bench", "--data", MemDslTool.LoCoMoDev, "--conversations", "1", "--baseline", "bm25", "--samples", "--out", directory);

            Assert.True(exitCode == 0, error);
            Assert.Contains("| locomo:dev", output, StringComparison.Ordinal);
            Assert.Contains("|     149 |", output, StringComparison.Ordinal); // conv-26: 152 questions of categories 1-4, 3 without valid evidence
            Assert.Contains("199 QA items: 47 adversarial", output, StringComparison.Ordinal);
            foreach (var file in new[] { "report.md", "results.json", "recall-at-k-locomo-dev.png", "quality-vs-context.png" })
            {
                Assert.True(new FileInfo(Path.Combine(directory, file)).Length > 100, file);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--split", "sideways")]
    [InlineData("--conversations", "many")]
    public async Task Bad_arguments_exit_2_and_point_to_help(params string[] arguments)
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync(["bench", .. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error:", error, StringComparison.Ordinal);
        Assert.Contains("memdsl bench --help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unknown baseline 'bm26'", "--baseline", "bm26")]
    [InlineData("Unknown stream 'news'", "--stream", "news")]
    [InlineData("--conversations must be at least 1", "--conversations", "0")]
    public async Task Meaningless_values_exit_2_with_the_choices(string message, params string[] arguments)
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync(["bench", .. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_data_file_exits_2_naming_it()
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync("bench", "--data", "/nonexistent/locomo.json");

        Assert.Equal(2, exitCode);
        Assert.Contains("'/nonexistent/locomo.json' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_exits_2_naming_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), "memdsl-bad-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "[\n  {\"sample_id\": \"c\",\n");
        try
        {
            var (exitCode, _, error) = await MemDslTool.RunAsync("bench", "--data", path);

            Assert.Equal(2, exitCode);
            Assert.Contains(path, error, StringComparison.Ordinal);
            Assert.Contains("line 3", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Spec_files_are_benched_and_their_errors_exit_2()
    {
        var directory = Directory.CreateTempSubdirectory("memdsl-spec-").FullName;
        try
        {
            var good = Path.Combine(directory, "window.cs-attributes");
            await File.WriteAllTextAsync(good, """
                [MemoryArchitecture("window-bm25")]
                [Encode(EncodeKind.Window, Size = 2, Prefix = PrefixKind.Speaker)]
                [Embed(EmbedderKind.Hashing, Dimensions = 64)]
                [Store(StoreKind.VectorAndText)]
                [Retrieve(RetrieveKind.Bm25, TopK = 10)]
                """);
            var unparsable = Path.Combine(directory, "unparsable.cs-attributes");
            await File.WriteAllTextAsync(unparsable, "[MemoryArchitecture(\"x\")]\n[Retrieve(RetrieveKind.Bm25, TopK = )]");
            var invalid = Path.Combine(directory, "invalid.cs-attributes");
            await File.WriteAllTextAsync(invalid, "[MemoryArchitecture(\"x\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Bm25)]");

            var ok = await MemDslTool.RunAsync("bench", "--spec", good, "--stream", "experience-reuse");
            Assert.True(ok.ExitCode == 0, ok.Error);
            Assert.Contains("| window-bm25", ok.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("| quick-start", ok.Out, StringComparison.Ordinal);

            var parse = await MemDslTool.RunAsync("bench", "--spec", unparsable);
            Assert.Equal(2, parse.ExitCode);
            Assert.Contains(unparsable, parse.Error, StringComparison.Ordinal);
            Assert.Contains("offset", parse.Error, StringComparison.Ordinal);

            var validation = await MemDslTool.RunAsync("bench", "--spec", invalid);
            Assert.Equal(2, validation.ExitCode);
            Assert.Contains("is invalid", validation.Error, StringComparison.Ordinal);
            Assert.Contains("MEMDSL", validation.Error, StringComparison.Ordinal);

            var missing = await MemDslTool.RunAsync("bench", "--spec", Path.Combine(directory, "none.cs-attributes"));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The table rows without the latency and memory columns, which vary between runs.</summary>
    private static List<string> Quality(string output) =>
        output.Split('\n')
            .Where(line => line.StartsWith("| synthetic", StringComparison.Ordinal))
            .Select(line => string.Join('|', line.Split('|').Take(10)))
            .ToList();
}
