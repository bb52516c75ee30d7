namespace MemDsl.Runtime;

/// <summary>Argument checks shared by the retrievers, so their messages agree.</summary>
internal static class RetrieverArguments
{
    public static int CheckTopK(int topK)
    {
        if (topK < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, "TopK must be at least 1.");
        }

        return topK;
    }

    public static void CheckQueryVector(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        if (queryVector.Length != store.Dimensions)
        {
            throw new ArgumentException($"The query vector must have exactly {store.Dimensions} elements; it has {queryVector.Length}.", nameof(queryVector));
        }

        for (var i = 0; i < queryVector.Length; i++)
        {
            if (!float.IsFinite(queryVector[i]))
            {
                throw new ArgumentException($"The query vector must be finite; element {i} is {queryVector[i]}.", nameof(queryVector));
            }
        }
    }

    public static Bm25Index RequireText(MemoryStore store) =>
        store.Text ?? throw new InvalidOperationException("BM25 retrieval needs a store that indexes text (StoreKind.VectorAndText).");

    public static ItemStatistics RequireStatistics(MemoryStore store) =>
        store.Statistics ?? throw new InvalidOperationException("This retriever needs a store that tracks a time index and per-record statistics (StoreKind.Tracked).");

    public static float CheckUnit(float value, string name)
    {
        if (!(value >= 0f && value <= 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be between 0 and 1.");
        }

        return value;
    }

    /// <summary>
    /// The best <paramref name="count"/> rows by inner product, best first, into <paramref name="destination"/>;
    /// returns how many. A store that keeps an int8 copy (<see cref="MemoryStore.Quantized"/>) is scanned
    /// through it, with 4k candidates rescored on the float32 vectors, so scores are always exact.
    /// </summary>
    public static int CosineCandidates(MemoryStore store, ReadOnlySpan<float> queryVector, int count, Span<ScoredRow> destination)
    {
        var k = Math.Min(count, store.Count);
        if (k == 0)
        {
            return 0;
        }

        if (store.Quantized is { } quantized)
        {
            Int8InnerProductTopK.Search(quantized, store.Vectors, store.Ids, store.Dimensions, queryVector, k, destination, degreeOfParallelism: Environment.ProcessorCount);
        }
        else
        {
            InnerProductTopK.Search(store.Vectors, store.Ids, store.Dimensions, queryVector, k, destination, Environment.ProcessorCount);
        }

        return k;
    }
}
