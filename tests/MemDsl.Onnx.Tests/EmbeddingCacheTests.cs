using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MemDsl.Onnx.Tests;

public sealed class EmbeddingCacheTests
{
    private const int Dimensions = 8;

    [Fact]
    public async Task Repeated_runs_never_embed_the_same_text_twice()
    {
        using var directory = new TempDirectory();
        var inner = new CountingEmbedder(Dimensions);
        string[] first = ["alpha", "beta", "alpha", "gamma"];
        using (var generator = new DiskCachingEmbeddingGenerator(inner, Open(directory)))
        {
            var result = await generator.GenerateAsync(first);
            Assert.Equal(3, inner.Embedded); // "alpha" twice in one call is embedded once
            Assert.Equal(CountingEmbedder.VectorOf("alpha", Dimensions), result[2].Vector.ToArray());
            Assert.Equal(1, generator.Cache.Hits);
            Assert.Equal(3, generator.Cache.Misses);
        }

        using (var generator = new DiskCachingEmbeddingGenerator(inner, Open(directory)))
        {
            Assert.Equal(3, generator.Cache.Count);
            var result = await generator.GenerateAsync(["gamma", "delta", "beta"]);
            Assert.Equal(4, inner.Embedded); // only "delta" is new
            Assert.Equal(2, generator.Cache.Hits);
            Assert.Equal(1, generator.Cache.Misses);
            Assert.Equal(CountingEmbedder.VectorOf("gamma", Dimensions), result[0].Vector.ToArray());
            Assert.Equal(CountingEmbedder.VectorOf("beta", Dimensions), result[2].Vector.ToArray());
        }
    }

    [Fact]
    public void Different_embedder_ids_model_hashes_or_dimensions_use_different_files()
    {
        using var directory = new TempDirectory();
        using var a = EmbeddingCache.Open(directory.Path, "embedder/a", "hash1", Dimensions);
        using var b = EmbeddingCache.Open(directory.Path, "embedder/b", "hash1", Dimensions);
        using var c = EmbeddingCache.Open(directory.Path, "embedder/a", "hash2", Dimensions);
        using var d = EmbeddingCache.Open(directory.Path, "embedder/a", "hash1", Dimensions * 2);
        Assert.Equal(4, new[] { a.FilePath, b.FilePath, c.FilePath, d.FilePath }.Distinct().Count());
        a.AddRange(["x"], [new float[Dimensions]]);
        Assert.False(b.TryGet("x", new float[Dimensions]));
        Assert.False(c.TryGet("x", new float[Dimensions]));
        Assert.True(a.TryGet("x", new float[Dimensions]));
    }

    [Fact]
    public void Texts_differing_only_in_lone_surrogates_do_not_collide()
    {
        using var directory = new TempDirectory();
        using var cache = Open(directory);
        cache.AddRange(["\uD800"], [Enumerable.Repeat(1f, Dimensions).ToArray()]);
        Assert.False(cache.TryGet("\uDC00", new float[Dimensions]));
        Assert.True(cache.TryGet("\uD800", new float[Dimensions]));
    }

    public static TheoryData<string> Corruptions => new() { "truncated-record", "truncated-header", "garbled-record", "wrong-magic", "wrong-dimensions", "empty-file" };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_file_is_reported_with_file_and_offset_and_left_untouched(string corruption)
    {
        using var directory = new TempDirectory();
        var path = WriteCache(directory, 5);
        var expectedOffset = Corrupt(path, corruption);
        var before = File.ReadAllBytes(path);

        var logger = new ListLogger<EmbeddingCache>();
        var exception = Assert.Throws<EmbeddingCacheCorruptedException>(() => Open(directory, logger: logger));
        Assert.Equal(path, exception.FilePath);
        Assert.Equal(expectedOffset, exception.Offset);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {expectedOffset}", exception.Message, StringComparison.Ordinal);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(before), SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Move_aside_policy_keeps_the_corrupt_file_and_starts_empty()
    {
        using var directory = new TempDirectory();
        var path = WriteCache(directory, 5);
        Corrupt(path, "garbled-record");
        var before = File.ReadAllBytes(path);
        var logger = new ListLogger<EmbeddingCache>();
        using (var cache = Open(directory, new EmbeddingCacheOptions { CorruptionPolicy = CacheCorruptionPolicy.MoveAsideAndRebuild }, logger))
        {
            Assert.Equal(0, cache.Count); // nothing from the corrupt file is used, not even its valid records
            cache.AddRange(["fresh"], [new float[Dimensions]]);
        }

        var aside = Assert.Single(Directory.GetFiles(directory.Path, "*.corrupt-*"));
        Assert.Equal(before, File.ReadAllBytes(aside));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(path, StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(aside, StringComparison.Ordinal));
        using var reopened = Open(directory);
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Corruption_appearing_while_open_is_detected_on_refresh()
    {
        using var directory = new TempDirectory();
        using var cache = Open(directory);
        cache.AddRange(["one"], [new float[Dimensions]]);
        using (var stream = new FileStream(cache.FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(new byte[10]);
        }

        var exception = Assert.Throws<EmbeddingCacheCorruptedException>(cache.Refresh);
        Assert.Equal(EmbeddingCache.HeaderSize + cache.RecordSize, exception.Offset);
    }

    [Fact]
    public async Task Concurrent_threads_and_instances_share_one_file_safely()
    {
        using var directory = new TempDirectory();
        var texts = Enumerable.Range(0, 400).Select(i => $"text {i}").ToArray();

        // Two instances have separate file handles and in-memory indexes, as two processes would; the OS
        // file lock serialises them exactly as it does processes.
        var inner = new CountingEmbedder(Dimensions);
        using var first = new DiskCachingEmbeddingGenerator(inner, Open(directory));
        using var second = new DiskCachingEmbeddingGenerator(inner, Open(directory));
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var generator = worker % 2 == 0 ? first : second;
            var random = new Random(worker);
            for (var round = 0; round < 20; round++)
            {
                var batch = Enumerable.Range(0, 25).Select(_ => texts[random.Next(texts.Length)]).ToArray();
                var result = await generator.GenerateAsync(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    Assert.Equal(CountingEmbedder.VectorOf(batch[i], Dimensions), result[i].Vector.ToArray());
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        using var reopened = Open(directory);
        var used = new HashSet<string>();
        foreach (var text in texts)
        {
            var vector = new float[Dimensions];
            if (reopened.TryGet(text, vector))
            {
                used.Add(text);
                Assert.Equal(CountingEmbedder.VectorOf(text, Dimensions), vector);
            }
        }

        // Every text used was cached once; concurrent misses of the same text may both embed it, but the
        // file holds each text once.
        Assert.Equal(used.Count, reopened.Count);
        Assert.Equal(EmbeddingCache.HeaderSize + ((long)used.Count * reopened.RecordSize), new FileInfo(reopened.FilePath).Length);
        Assert.InRange(inner.Embedded, used.Count, used.Count + 200);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var directory = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingCache.Open(directory.Path, "id", "hash", 0));
        Assert.Throws<ArgumentException>(() => EmbeddingCache.Open(directory.Path, "id", "hash", 4, new EmbeddingCacheOptions { LockTimeout = TimeSpan.Zero }));
        using var cache = Open(directory);
        Assert.Throws<ArgumentException>(() => cache.AddRange(["x"], [new float[Dimensions + 1]]));
    }

    private static EmbeddingCache Open(TempDirectory directory, EmbeddingCacheOptions? options = null, ILogger<EmbeddingCache>? logger = null)
        => EmbeddingCache.Open(directory.Path, "test/counting", "model-hash", Dimensions, options, logger);

    private static string WriteCache(TempDirectory directory, int records)
    {
        using var cache = Open(directory);
        var texts = Enumerable.Range(0, records).Select(i => $"t{i}").ToArray();
        cache.AddRange(texts, texts.Select(t => (ReadOnlyMemory<float>)CountingEmbedder.VectorOf(t, Dimensions)).ToArray());
        return cache.FilePath;
    }

    // Damages the file; returns the offset the cache must report.
    private static long Corrupt(string path, string corruption)
    {
        var bytes = File.ReadAllBytes(path);
        var recordSize = 4 + 32 + (4 * Dimensions) + 4;
        switch (corruption)
        {
            case "truncated-record":
                File.WriteAllBytes(path, bytes[..^7]);
                return EmbeddingCache.HeaderSize + (4L * recordSize);
            case "truncated-header":
                File.WriteAllBytes(path, bytes[..100]);
                return 100;
            case "garbled-record":
                bytes[EmbeddingCache.HeaderSize + (2 * recordSize) + 40] ^= 0x5A;
                File.WriteAllBytes(path, bytes);
                return EmbeddingCache.HeaderSize + (2L * recordSize);
            case "wrong-magic":
                bytes[0] = (byte)'X';
                File.WriteAllBytes(path, bytes);
                return 0;
            case "wrong-dimensions":
                // A header written for 16-dimensional vectors (checksum valid) over 8-dimensional records.
                bytes[12] = 16;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(124), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, 124)));
                File.WriteAllBytes(path, bytes);
                return 12;
            case "empty-file":
                File.WriteAllBytes(path, []);
                return 0;
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null);
        }
    }
}
