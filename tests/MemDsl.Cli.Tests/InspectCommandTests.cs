using System.Security.Cryptography;
using System.Text.Json;
using MemDsl.Abstractions;
using MemDsl.Model;
using MemDsl.Runtime;

namespace MemDsl.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "memdsl-inspect-" + Guid.NewGuid().ToString("N"));

    public InspectCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A durable store of <paramref name="records"/> turns written through the interpreted pipeline.</summary>
    private async Task<string> WriteStore(int records = 200)
    {
        var path = Path.Combine(_folder, "agent.db");
        var spec = new ArchitectureSpec("durable",
        [
            new(StageSlot.Encode, "Turn", new ParameterValue("Prefix", SpecValue.Named("Speaker"))),
            new(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(64))),
            new(StageSlot.Store, "VectorAndText", new ParameterValue("Persistence", SpecValue.Named("Sqlite"))),
            new(StageSlot.Retrieve, "Hybrid", new ParameterValue("TopK", SpecValue.Integer(5))),
        ]);
        using var pipeline = InterpretedPipeline.Create(spec, new InterpretedPipelineOptions { Storage = new MemoryStorageOptions { Path = path } });
        var start = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await pipeline.WriteBatchAsync(Enumerable.Range(0, records)
            .Select(i => new Turn("k" + i, "Ann", $"record {i} about the quarterly budget and the garden party number {i}", start.AddMinutes(i), "s1"))
            .ToArray());
        return path;
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunUnchanged(string path, params string[] arguments)
    {
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var result = await MemDslTool.RunAsync(["inspect", path, .. arguments]);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        return result;
    }

    [Fact]
    public async Task Inspect_prints_counts_embedder_dimension_and_schema_version()
    {
        var path = await WriteStore(12);

        var (exitCode, output, error) = await RunUnchanged(path);

        Assert.True(exitCode == 0, error);
        foreach (var row in new[] { "| file ", path, "| schema version | 1 ", "| embedder       | Hashing", "| dimensions     | 64 ", "| records        | 12 ", "| next id        | 12 " })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("verify:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_on_a_healthy_store_checks_every_record_and_exits_0()
    {
        var path = await WriteStore(200);

        var (exitCode, output, error) = await RunUnchanged(path, "--verify");

        Assert.True(exitCode == 0, error);
        Assert.Contains("verify: ok", output, StringComparison.Ordinal);
        Assert.Contains("200 records checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_reports_the_same_facts_and_the_verification()
    {
        var path = await WriteStore(7);

        var (exitCode, output, error) = await RunUnchanged(path, "--verify", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(path, root.GetProperty("path").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt64());
        Assert.Equal("Hashing", root.GetProperty("embedder").GetString());
        Assert.Equal(64, root.GetProperty("dimensions").GetInt32());
        Assert.Equal(7, root.GetProperty("recordCount").GetInt64());
        Assert.True(root.GetProperty("verification").GetProperty("valid").GetBoolean());
        Assert.Equal(7, root.GetProperty("verification").GetProperty("recordsChecked").GetInt64());
    }

    [Fact]
    public async Task A_bad_vector_fails_verify_with_exit_2_naming_the_record()
    {
        var path = await WriteStore(3);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE records SET vector = zeroblob(12) WHERE id = 2;";
            command.ExecuteNonQuery();
        }

        var (exitCode, output, error) = await RunUnchanged(path, "--verify");

        Assert.Equal(2, exitCode);
        Assert.Contains("record 2:", output, StringComparison.Ordinal);
        Assert.Contains($"'{path}' failed verification", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.5, true)]
    [InlineData(0.1, true)]
    public async Task A_truncated_store_exits_2_naming_the_file_and_is_not_modified(double fraction, bool verify)
    {
        var path = await WriteStore();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());

        var (exitCode, _, error) = await RunUnchanged(path, verify ? ["--verify"] : []);

        Assert.Equal(2, exitCode);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_garbled_store_exits_2_naming_the_file_and_is_not_modified(bool verify)
    {
        var path = await WriteStore();
        var bytes = File.ReadAllBytes(path);
        new Random(1).NextBytes(bytes.AsSpan(0, 100));
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, error) = await RunUnchanged(path, verify ? ["--verify"] : []);

        Assert.Equal(2, exitCode);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("damaged", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it_and_creates_nothing()
    {
        var path = Path.Combine(_folder, "missing.db");

        var (exitCode, _, error) = await MemDslTool.RunAsync("inspect", path, "--verify");

        Assert.Equal(2, exitCode);
        Assert.Contains($"'{path}' does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task No_file_argument_exits_2_with_usage()
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync("inspect");

        Assert.Equal(2, exitCode);
        Assert.Contains("error:", error, StringComparison.Ordinal);
        Assert.Contains("Usage: memdsl inspect <file>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_arguments_at_all_exit_2_with_usage()
    {
        var (exitCode, _, error) = await MemDslTool.RunAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("memdsl inspect <file>", error, StringComparison.Ordinal);
        Assert.Contains("memdsl bench", error, StringComparison.Ordinal);
    }
}
