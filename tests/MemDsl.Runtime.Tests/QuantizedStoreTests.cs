using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

/// <summary>A store declared with <see cref="QuantizationKind.Int8"/>: its int8 copy stays in step with every write and reopen.</summary>
public sealed class QuantizedStoreTests
{
    private const int D = 48;

    [Fact]
    public void The_int8_copy_follows_upserts_replacements_and_removals_row_for_row()
    {
        var random = new Random(3);
        var store = new MemoryStore(D, indexText: false, quantization: QuantizationKind.Int8);
        var plain = new MemoryStore(D, indexText: false);
        Assert.NotNull(store.Quantized);
        Assert.Null(plain.Quantized);

        var vectors = TopKTestData.NormalizedMatrix(random, 400, D);
        for (var i = 0; i < 400; i++)
        {
            // Keys repeat (a replacement in place); every 50th vector lies on one axis, beyond the
            // scales so far, so the copy must be rebuilt.
            var vector = vectors.AsSpan(i * D, D).ToArray();
            if (i % 50 == 49)
            {
                Array.Clear(vector);
                vector[i % D] = 1f;
            }

            var key = "k" + (i < 300 ? i : random.Next(300));
            store.Upsert(TestData.Record(key, "text " + i), vector);
            plain.Upsert(TestData.Record(key, "text " + i), vector);
        }

        for (var i = 0; i < 120; i++)
        {
            var id = random.Next(300);
            Assert.Equal(plain.Remove(id), store.Remove(id));
        }

        AssertEveryRowFindsItself(store);

        // Through the retriever the hits are the exact search's wherever the candidates hold the top k.
        var queries = TopKTestData.NormalizedMatrix(random, 20, D);
        var agreed = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * D, D);
            var quantizedHits = new CosineRetriever(5).Retrieve(store, query);
            var exactHits = new CosineRetriever(5).Retrieve(plain, query);
            agreed += quantizedHits.Select(h => h.Record.Id).SequenceEqual(exactHits.Select(h => h.Record.Id)) ? 1 : 0;
            foreach (var hit in quantizedHits)
            {
                Assert.True(store.TryGetSlot(hit.Record.Id, out var slot));
                Assert.Equal(TensorDot(query, store.GetVector(slot)), hit.Score, 1e-5f);
            }
        }

        Assert.True(agreed >= 18, $"{agreed} of 20 queries got the exact top 5");
    }

    [Fact]
    public async Task A_durable_int8_store_rebuilds_its_copy_on_reopen()
    {
        using var folder = new TempFolder();
        var path = folder.File("int8.db");
        var random = new Random(8);
        var vectors = TopKTestData.NormalizedMatrix(random, 200, D);
        using (var store = MemoryStore.OpenDurable(path, D, indexText: false, "Hashing", QuantizationKind.Int8))
        {
            lock (store.SyncRoot)
            {
                for (var i = 0; i < 200; i++)
                {
                    store.Upsert(TestData.Record("k" + i, "text " + i), vectors.AsSpan(i * D, D));
                }

                store.Remove(17);
                store.Commit();
            }
        }

        await Task.Yield();
        using (var reopened = MemoryStore.OpenDurable(path, D, indexText: false, "Hashing", QuantizationKind.Int8))
        {
            Assert.Equal(199, reopened.Count);
            Assert.Equal(199, reopened.Quantized!.RowCount);
            AssertEveryRowFindsItself(reopened);
        }

        // The file holds float32 vectors only: the same file opens without a copy when none is declared.
        using var unquantized = MemoryStore.OpenDurable(path, D, indexText: false, "Hashing");
        Assert.Null(unquantized.Quantized);
        Assert.Equal(199, unquantized.Count);
    }

    /// <summary>
    /// With no room for rescoring (1 candidate), a stored vector as the query must find its own row:
    /// a stale or misplaced int8 row would score another row higher (self-similarity 1 against at
    /// most about 0.6 for these rows).
    /// </summary>
    private static void AssertEveryRowFindsItself(MemoryStore store)
    {
        Assert.Equal(store.Count, store.Quantized!.RowCount);
        var result = new ScoredRow[1];
        for (var slot = 0; slot < store.Count; slot++)
        {
            Int8InnerProductTopK.Search(store.Quantized, store.Vectors, store.Ids, D, store.GetVector(slot), 1, result, candidates: 1);
            Assert.Equal(store.Ids[slot], result[0].Id);
        }
    }

    private static float TensorDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
