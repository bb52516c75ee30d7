using System.Numerics.Tensors;

namespace MemDsl.Runtime;

/// <summary>Exact cosine top-k: a dot product per stored row (vectors are normalized) into a bounded heap.</summary>
public sealed class CosineRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    public CosineRetriever(int topK)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>The best <see cref="TopK"/> records by dot product, best first (ties: lower id first).</summary>
    /// <param name="store">The store; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        var buffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            var heap = new TopKHeap(buffer.AsSpan(0, k));
            var dimensions = store.Dimensions;
            var vectors = store.Vectors;
            for (var slot = 0; slot < count; slot++)
            {
                var score = TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), queryVector);
                heap.Offer(score, store.GetRecord(slot).Id, slot);
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(buffer);
        }
    }
}
