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

    [Fact]
    public async Task Minilm_embedder_runs_the_real_model_once_and_the_second_run_only_hits_the_cache()
    {
        var directory = Path.Combine(Path.GetTempPath(), "memdsl-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            var spec = Path.Combine(directory, "tiny.cs-attributes");
            await File.WriteAllTextAsync(spec, """
                [MemoryArchitecture("tiny-minilm")]
                [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
                [Embed(EmbedderKind.MiniLM)]
                [Store(StoreKind.Vector)]
                [Retrieve(RetrieveKind.Cosine, TopK = 5)]
                """);
            var cache = Path.Combine(directory, "cache");
            string[] arguments = ["bench", "--spec", spec, "--stream", "experience-reuse", "--embedder", "minilm", "--cache", cache];

            var first = await MemDslTool.RunAsync(arguments);
            var second = await MemDslTool.RunAsync(arguments);

            Assert.True(first.ExitCode == 0, first.Error);
            Assert.True(second.ExitCode == 0, second.Error);
            Assert.Contains("tiny-minilm: " + spec, first.Out, StringComparison.Ordinal);
            Assert.Contains("embedder minilm (sentence-transformers/all-MiniLM-L6-v2", first.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("stand-in", first.Out, StringComparison.Ordinal);
            var (firstHits, firstMisses) = CacheCounts(first.Out, "tiny-minilm");
            var (secondHits, secondMisses) = CacheCounts(second.Out, "tiny-minilm");
            Assert.True(firstMisses > 100, first.Out); // 112 writes and 20 queries, mostly distinct texts
            Assert.Equal(0, secondMisses);
            Assert.Equal(firstHits + firstMisses, secondHits);
            Assert.Equal(Quality(first.Out), Quality(second.Out));
            Assert.Single(Directory.GetFiles(cache, "*.embcache"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Minilm_baselines_are_skipped_with_a_note_on_the_hashing_embedder()
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync("bench", "--baseline", "all", "--stream", "temporal");

        Assert.True(exitCode == 0, error);
        Assert.Contains("| bm25", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| minilm-", output, StringComparison.Ordinal);
        Assert.Contains("Note: skipped minilm-cosine and minilm-hybrid: they declare the MiniLM embedder and run only with --embedder minilm.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_without_the_minilm_embedder_exits_2()
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync("bench", "--cache", Path.GetTempPath());

        Assert.Equal(2, exitCode);
        Assert.Contains("--cache is used only with --embedder minilm", error, StringComparison.Ordinal);
    }

    private static (long Hits, long Misses) CacheCounts(string output, string design)
    {
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith(design + ":", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"embedding cache (\d+) hits, (\d+) misses");
        Assert.True(match.Success, line);
        return (long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
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
            .Select(line => string.Join('|', line.Split('|').Take(10).Select(cell => cell.Trim())))
            .ToList();

    [Fact]
    public async Task A_compiled_assembly_is_benched_with_the_same_quality_as_its_declaration()
    {
        var compiled = await MemDslTool.RunAsync("bench", "--assembly", MemDslTool.QuickStartDll, "--stream", "experience-reuse");
        var declared = await MemDslTool.RunAsync("bench", "--samples", "--stream", "experience-reuse");

        Assert.True(compiled.ExitCode == 0, compiled.Error);
        Assert.Contains("assembly QuickStart.dll (QuickStart.QuickStartMemory)", compiled.Out, StringComparison.Ordinal);
        Assert.Equal(Quality(declared.Out).Where(row => row.Contains("|quick-start|", StringComparison.Ordinal)), Quality(compiled.Out));
    }

    [Fact]
    public async Task A_missing_or_foreign_assembly_exits_2_naming_it()
    {
        var missing = await MemDslTool.RunAsync("bench", "--assembly", "no-such.dll");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such.dll", missing.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var foreign = await MemDslTool.RunAsync("bench", "--assembly", typeof(BenchCommandTests).Assembly.Location);
        Assert.Equal(2, foreign.ExitCode);
        Assert.Contains("declares no memory architecture", foreign.Error, StringComparison.Ordinal);
    }
}
