using System.Text.Json;

namespace MemDsl.Cli.Tests;

/// <summary>evolve's proposer, metric, parallelism and time options, through the real binary.</summary>
public sealed class EvolveSearchOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memdsl-evolve-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--llm-endpoint", "--proposer", "llm")]
    [InlineData("--llm-model", "--proposer", "llm", "--llm-endpoint", "http://127.0.0.1:9/v1")]
    [InlineData("is not an http(s) URL", "--proposer", "llm", "--llm-endpoint", "localhost-no-scheme", "--llm-model", "m")]
    [InlineData("--llm-attempts must be at least 1", "--proposer", "llm", "--llm-endpoint", "http://127.0.0.1:9/v1", "--llm-model", "m", "--llm-attempts", "0")]
    [InlineData("used only with --proposer llm", "--allow-code")]
    [InlineData("used only with --proposer llm", "--llm-model", "m")]
    [InlineData("gpt", "--proposer", "gpt")]
    [InlineData("precision@3", "--metric", "precision@3")]
    [InlineData("--parallel must be at least 1", "--parallel", "0")]
    [InlineData("--minutes must be a positive", "--minutes", "0")]
    [InlineData("--candidate-timeout must be a positive", "--candidate-timeout", "-1")]
    [InlineData("--max-context-tokens must be a positive", "--max-context-tokens", "0")]
    [InlineData("--max-context-tokens must be a positive", "--max-context-tokens", "NaN")]
    public async Task Bad_search_options_exit_2_with_a_message_and_write_nothing(string expected, params string[] arguments)
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync(["evolve", "--out", _directory, .. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(File.Exists(Path.Combine(_directory, "checkpoint.json")));
    }

    [Fact]
    public async Task The_chosen_metric_parallelism_and_budgets_reach_the_report_and_the_checkpoint()
    {
        var (exitCode, output, error) = await MemDslTool.RunAsync(
            "evolve", "--budget", "7", "--metric", "ndcg@10", "--parallel", "2", "--candidate-timeout", "120", "--minutes", "5", "--max-context-tokens", "100000", "--out", _directory);

        Assert.True(exitCode == 0, error);
        Assert.Contains("| search ndcg@10 |", output, StringComparison.Ordinal);
        Assert.Contains("validation ndcg@10", output, StringComparison.Ordinal);
        Assert.Contains("metric ndcg@10, 2 at a time, 5 minutes, at most 100000 context tokens", error, StringComparison.Ordinal);
        Assert.Contains("Designs were limited to 100000 mean context tokens per query", output, StringComparison.Ordinal);
        Assert.Contains("[7/7]", error, StringComparison.Ordinal);
        using var checkpoint = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory, "checkpoint.json")));
        Assert.Equal("ndcg@10", checkpoint.RootElement.GetProperty("metric").GetString());
        Assert.Equal(2, checkpoint.RootElement.GetProperty("parallelism").GetInt32());
        Assert.Equal(100000, checkpoint.RootElement.GetProperty("maxContextTokens").GetDouble());
        Assert.Equal(7, checkpoint.RootElement.GetProperty("entries").GetArrayLength());

        // Resuming under another metric would mix two quality scales in one archive.
        var other = await MemDslTool.RunAsync("evolve", "--budget", "9", "--metric", "mrr", "--out", _directory, "--resume");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("metric ndcg@10", other.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_llm_proposer_talks_to_an_OpenAI_compatible_endpoint_and_counts_invalid_answers()
    {
        const string Invalid = "```csharp\n[MemoryArchitecture(\"x\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Bm25, TopK = 10)]\n```";
        const string Good = "More BM25 weight.\n```csharp\n[MemoryArchitecture(\"x\")]\n[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]\n[Embed(EmbedderKind.Hashing, Dimensions = 2048)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 9, Alpha = 0.25f)]\n```";
        await using var server = new ScriptedOpenAIServer(Invalid, Good);

        var (exitCode, output, error) = await MemDslTool.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["MEMDSL_LLM_API_KEY"] = "test-key-123" },
            "evolve", "--budget", "6", "--parallel", "1", "--proposer", "llm", "--llm-endpoint", server.Endpoint, "--llm-model", "scripted-model", "--out", _directory);

        Assert.True(exitCode == 0, error);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/v1/chat/completions", r.Path));
        Assert.All(server.Requests, r => Assert.Equal("scripted-model", r.Model));
        Assert.All(server.Requests, r => Assert.Equal("Bearer test-key-123", r.Authorization));
        Assert.Contains("MEMDSL0004", server.Requests[1].LastMessage, StringComparison.Ordinal);
        Assert.Contains("1 proposer answers rejected (never benched)", output, StringComparison.Ordinal);
        Assert.Contains("## Rejected proposer answers", output, StringComparison.Ordinal);
        Assert.Contains("(1 answers rejected so far)", error, StringComparison.Ordinal);

        using var checkpoint = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory, "checkpoint.json")));
        Assert.Equal("llm", checkpoint.RootElement.GetProperty("proposer").GetString());
        var last = checkpoint.RootElement.GetProperty("entries")[5];
        Assert.Equal("llm", last.GetProperty("origin").GetString());
        Assert.Contains("[Retrieve(RetrieveKind.Hybrid, TopK = 9, Alpha = 0.25f)]", last.GetProperty("specText").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, last.GetProperty("quality").ValueKind);
    }

    [Fact]
    public async Task A_failing_llm_endpoint_exits_2_naming_it_and_keeps_the_checkpoint()
    {
        await using var server = new ScriptedOpenAIServer();

        var (exitCode, _, error) = await MemDslTool.RunAsync(
            "evolve", "--budget", "6", "--proposer", "llm", "--llm-endpoint", server.Endpoint, "--llm-model", "m", "--out", _directory);

        Assert.Equal(2, exitCode);
        Assert.Contains("the LLM endpoint " + server.Endpoint + " failed", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        using var checkpoint = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory, "checkpoint.json")));
        Assert.Equal(5, checkpoint.RootElement.GetProperty("entries").GetArrayLength());
    }
}
