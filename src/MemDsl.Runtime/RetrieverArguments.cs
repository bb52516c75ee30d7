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
}
