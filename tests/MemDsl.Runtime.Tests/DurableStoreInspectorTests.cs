namespace MemDsl.Runtime.Tests;

public sealed class DurableStoreInspectorTests
{
    [Fact]
    public async Task Inspect_reports_counts_embedder_dimension_and_schema_version()
    {
        using var folder = new TempFolder();
        var path = folder.File("inspect.db");
        using (var pipeline = DurableSpecs.Open(path))
        {
            await pipeline.WriteBatchAsync(Enumerable.Range(0, 12).Select(i => TestData.Turn("k" + i, "text " + i)).ToArray());
        }

        var info = DurableStoreInspector.Inspect(path);
        Assert.Equal(12, info.RecordCount);
        Assert.Equal(12, info.NextId);
        Assert.Equal("Hashing", info.Embedder);
        Assert.Equal(64, info.Dimensions);
        Assert.Equal(1, info.SchemaVersion);
        Assert.True(info.FileBytes > 0);

        var verification = DurableStoreInspector.Verify(path);
        Assert.True(verification.IsValid, string.Join("\n", verification.Problems));
        Assert.Equal(12, verification.RecordsChecked);
    }

    [Fact]
    public async Task Verify_lists_a_vector_that_is_not_finite_or_of_the_wrong_length()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad-vectors.db");
        using (var pipeline = DurableSpecs.Open(path))
        {
            await pipeline.WriteBatchAsync(Enumerable.Range(0, 3).Select(i => TestData.Turn("k" + i, "text " + i)).ToArray());
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE records SET vector = $v WHERE id = 1; UPDATE records SET vector = zeroblob(12) WHERE id = 2;";
            var nan = new float[64];
            nan[5] = float.NaN;
            command.Parameters.AddWithValue("$v", System.Runtime.InteropServices.MemoryMarshal.AsBytes(nan.AsSpan()).ToArray());
            command.ExecuteNonQuery();
        }

        var verification = DurableStoreInspector.Verify(path);
        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.RecordsChecked);
        Assert.Contains(verification.Problems, p => p.StartsWith("record 1:", StringComparison.Ordinal));
        Assert.Contains(verification.Problems, p => p.StartsWith("record 2:", StringComparison.Ordinal) && p.Contains("12 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_empty_files_are_errors_naming_the_file()
    {
        using var folder = new TempFolder();
        var missing = folder.File("missing.db");
        Assert.Contains(missing, Assert.Throws<DurableStoreException>(() => DurableStoreInspector.Inspect(missing)).Message, StringComparison.Ordinal);
        var empty = folder.File("empty.db");
        File.WriteAllBytes(empty, []);
        Assert.Contains(empty, Assert.Throws<DurableStoreException>(() => DurableStoreInspector.Verify(empty)).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
