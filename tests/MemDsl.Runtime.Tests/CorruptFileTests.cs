using System.Security.Cryptography;
using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

/// <summary>Damaged files fail with one clear error naming the file, never load as an empty memory, and are never written.</summary>
public sealed class CorruptFileTests
{
    private static async Task<string> WriteStore(TempFolder folder, int records = 200)
    {
        var path = folder.File("agent.db");
        using var pipeline = DurableSpecs.Open(path);
        var turns = Enumerable.Range(0, records).Select(i => TestData.Turn("k" + i, $"record {i} about the quarterly budget and the garden party number {i}")).ToArray();
        await pipeline.WriteBatchAsync(turns);
        return path;
    }

    private static void AssertRefusedAndUntouched(string path, Func<DurableStoreException, bool>? extra = null)
    {
        var hash = SHA256.HashData(File.ReadAllBytes(path));
        var error = Assert.Throws<DurableStoreException>(() => DurableSpecs.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
        Assert.True(extra?.Invoke(error) ?? true, error.Message);
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Throws<DurableStoreException>(() => DurableSpecs.Open(path));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.1)]
    public async Task A_truncated_file_is_refused(double fraction)
    {
        using var folder = new TempFolder();
        var path = await WriteStore(folder);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
        AssertRefusedAndUntouched(path);
    }

    [Fact]
    public async Task A_file_truncated_to_nothing_is_refused_not_reinitialized()
    {
        using var folder = new TempFolder();
        var path = await WriteStore(folder);
        File.WriteAllBytes(path, []);
        AssertRefusedAndUntouched(path, e => e.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_garbled_header_is_refused()
    {
        using var folder = new TempFolder();
        var path = await WriteStore(folder);
        var bytes = File.ReadAllBytes(path);
        new Random(1).NextBytes(bytes.AsSpan(0, 100));
        File.WriteAllBytes(path, bytes);
        AssertRefusedAndUntouched(path);
    }

    [Fact]
    public async Task A_changed_byte_inside_a_record_names_the_record()
    {
        using var folder = new TempFolder();
        var path = await WriteStore(folder);
        var bytes = File.ReadAllBytes(path);
        var marker = System.Text.Encoding.UTF8.GetBytes("record 137 about");
        var at = bytes.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        bytes[at + 7] = (byte)'9'; // "record 937 about": still valid UTF-8, still a valid page
        File.WriteAllBytes(path, bytes);
        AssertRefusedAndUntouched(path, e => e.RecordId == 137 && e.Message.Contains("record 137", StringComparison.Ordinal));

        var verification = DurableStoreInspector.Verify(path);
        Assert.False(verification.IsValid);
        Assert.Contains(verification.Problems, p => p.Contains("record 137", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbled_pages_are_refused_at_random_offsets()
    {
        using var folder = new TempFolder();
        var original = File.ReadAllBytes(await WriteStore(folder, 400));
        var random = new Random(42);
        var path = folder.File("garbled.db");
        for (var trial = 0; trial < 12; trial++)
        {
            var bytes = (byte[])original.Clone();
            var offset = random.Next(100, bytes.Length - 64);
            random.NextBytes(bytes.AsSpan(offset, 64));
            File.WriteAllBytes(path, bytes);

            // Either refused with a clear error, or (garbage in unused space) loaded whole: never a partial or empty memory.
            try
            {
                using var pipeline = DurableSpecs.Open(path);
                Assert.Equal(400, pipeline.Count);
            }
            catch (DurableStoreException error)
            {
                Assert.Contains(path, error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_sqlite_file_that_is_not_a_store_is_refused()
    {
        using var folder = new TempFolder();
        var path = folder.File("other.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people (name TEXT);";
            command.ExecuteNonQuery();
        }

        AssertRefusedAndUntouched(path, e => e.Message.Contains("not a MemDsl store", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_file_is_refused()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.db");
        File.WriteAllText(path, "these are my notes, not a database\n");
        AssertRefusedAndUntouched(path);
    }
}
