using System.Globalization;
using System.Text.RegularExpressions;

namespace MemDsl.Cli.Tests;

public sealed class EvolveCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memdsl-evolve-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Default_small_evolve_prints_the_front_with_validation_numbers_and_writes_the_report()
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync("evolve", "--budget", "8", "--out", _directory);

        Assert.True(exitCode == 0, error);
        Assert.Contains("## Pareto front", output, StringComparison.Ordinal);
        Assert.Contains("validation recall@10", output, StringComparison.Ordinal);
        Assert.Contains("fact-updates (seed 43)", output, StringComparison.Ordinal);
        Assert.Contains("[MemoryArchitecture(", output, StringComparison.Ordinal);
        Assert.Contains("[8/8]", error, StringComparison.Ordinal);
        Assert.Equal(output, File.ReadAllText(Path.Combine(_directory, "report.md")));
        Assert.True(File.Exists(Path.Combine(_directory, "checkpoint.json")));
    }

    [Fact]
    public async Task Resume_continues_a_run_to_the_larger_budget_and_an_existing_checkpoint_needs_resume()
    {
        var first = await MemDslTool.RunAsync("evolve", "--budget", "5", "--seed", "3", "--out", _directory);
        Assert.True(first.ExitCode == 0, first.Error);

        var again = await MemDslTool.RunAsync("evolve", "--budget", "5", "--seed", "3", "--out", _directory);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error, StringComparison.Ordinal);

        var resumed = await MemDslTool.RunAsync("evolve", "--budget", "9", "--seed", "3", "--out", _directory, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("5 of 9 candidates done", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("[9/9]", resumed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("[5/9]", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("9 candidates evaluated", resumed.Out, StringComparison.Ordinal);

        var otherSeed = await MemDslTool.RunAsync("evolve", "--budget", "10", "--seed", "4", "--out", _directory, "--resume");
        Assert.Equal(2, otherSeed.ExitCode);
        Assert.Contains("seed 3", otherSeed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_stopped_halfway_and_resumed_ends_with_the_uninterrupted_archive()
    {
        var whole = Path.Combine(_directory, "whole");
        var halves = Path.Combine(_directory, "halves");
        var uninterrupted = await MemDslTool.RunAsync("evolve", "--budget", "10", "--seed", "11", "--out", whole);
        var half = await MemDslTool.RunAsync("evolve", "--budget", "5", "--seed", "11", "--out", halves);
        var resumed = await MemDslTool.RunAsync("evolve", "--budget", "10", "--seed", "11", "--out", halves, "--resume");
        Assert.True(uninterrupted.ExitCode == 0 && half.ExitCode == 0 && resumed.ExitCode == 0, uninterrupted.Error + half.Error + resumed.Error);

        var expected = ArchiveWithoutLatency(Path.Combine(whole, "checkpoint.json"));
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, ArchiveWithoutLatency(Path.Combine(halves, "checkpoint.json")));
    }

    [Fact]
    public async Task Build_compiled_evaluates_the_same_archive_as_interpreted()
    {
        var interpreted = Path.Combine(_directory, "interpreted");
        var compiled = Path.Combine(_directory, "compiled");
        var first = await MemDslTool.RunAsync("evolve", "--budget", "4", "--seed", "5", "--out", interpreted);
        var second = await MemDslTool.RunAsync("evolve", "--budget", "4", "--seed", "5", "--out", compiled, "--build", "compiled");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Contains("compiled candidates", second.Error, StringComparison.Ordinal);
        Assert.Contains("; 0 failed in all", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(": failed:", second.Error, StringComparison.Ordinal);

        Assert.Equal(ArchiveWithoutLatency(Path.Combine(interpreted, "checkpoint.json")), ArchiveWithoutLatency(Path.Combine(compiled, "checkpoint.json")));

        var unknown = await MemDslTool.RunAsync("evolve", "--build", "jit", "--out", Path.Combine(_directory, "unknown"));
        Assert.Equal(2, unknown.ExitCode);
    }

    /// <summary>Every entry of a checkpoint as JSON text, minus the measured latency (the one field that varies between runs).</summary>
    private static List<string> ArchiveWithoutLatency(string checkpoint)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(checkpoint));
        return document.RootElement.GetProperty("entries").EnumerateArray()
            .Select(entry => string.Join(";", entry.EnumerateObject().Where(p => p.Name != "queryP50Microseconds").Select(p => p.Name + "=" + p.Value.GetRawText())))
            .ToList();
    }

    [Fact]
    public async Task A_corrupt_checkpoint_exits_2_naming_the_file_and_leaves_it_unchanged()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "checkpoint.json");
        File.WriteAllText(path, "{\"version\": 1, \"seed\": 1, \"dataset\": \"stream fact-updates seed 42\", \"proposalsMade\": 2, \"entries\": [ {\"id\": 0,");
        var before = File.ReadAllBytes(path);

        var (exitCode, _, error) = await MemDslTool.RunAsync("evolve", "--out", _directory, "--resume");

        Assert.Equal(2, exitCode);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("line 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("--budget", "0")]
    [InlineData("--budget", "lots")]
    [InlineData("--stream", "nope")]
    [InlineData("--resume")]
    [InlineData("--conversations", "3")]
    [InlineData("--cache", "somewhere")]
    [InlineData("--embedder", "word2vec")]
    public async Task Bad_arguments_exit_2(params string[] arguments)
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync(["evolve", "--out", _directory, .. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Report_links_the_quality_and_front_plots_written_beside_it_and_stderr_ends_with_the_throughput()
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync("evolve", "--budget", "6", "--seed", "2", "--out", _directory);

        Assert.True(exitCode == 0, error);
        foreach (var plot in new[] { "best-quality.png", "pareto-front.png" })
        {
            Assert.Contains($"]({plot})", output, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(Path.Combine(_directory, plot));
            Assert.True(bytes.Length > 10_000, $"{plot} has only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }

        // Redirected output: one plain line per candidate, then the throughput of this run.
        Assert.Contains("[6/6]", error, StringComparison.Ordinal);
        Assert.Matches(@"evaluated 6 candidates in [0-9.]+ s: [0-9.]+ candidates per minute", error);

        // Then one line per front member as the held-out re-scoring finishes it, since that can take minutes.
        var front = int.Parse(Assert.Single(Regex.Matches(error, @"re-scoring the (\d+) designs of the front on ")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(front, 1, 6);
        Assert.Equal(front, Regex.Matches(error, @"\[\d+/" + front + @"\] validated c\d+: recall@10 [0-9.]+, tokens [0-9.]+").Count);
    }
}
