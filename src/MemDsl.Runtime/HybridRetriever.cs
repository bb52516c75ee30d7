using System.Numerics.Tensors;

namespace MemDsl.Runtime;

/// <summary>
/// Hybrid top-k over every stored record: <c>Alpha * cosine + (1 - Alpha) * bm25 / maxBm25</c>, where
/// maxBm25 is the highest BM25 score of this query (the BM25 part is 0 when nothing matched).
/// </summary>
public sealed class HybridRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="alpha">Weight of the cosine score, 0 to 1.</param>
    public HybridRetriever(int topK, float alpha)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Alpha = RetrieverArguments.CheckUnit(alpha, nameof(alpha));
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>Weight of the cosine score.</summary>
    public float Alpha { get; }

    /// <summary>The best <see cref="TopK"/> records by the hybrid score, best first (ties: lower id first).</summary>
    /// <param name="store">The store; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    /// <param name="queryText">The query text.</param>
    /// <exception cref="InvalidOperationException">The store keeps no text index.</exception>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector, string queryText)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queryText);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var text = RetrieverArguments.RequireText(store);
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        var scores = ArrayPool<float>.Shared.Rent(count);
        var buffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            ScoreAll(store, text, queryVector, queryText, Alpha, scores.AsSpan(0, count));
            var heap = new TopKHeap(buffer.AsSpan(0, k));
            var ids = store.Ids;
            for (var slot = 0; slot < count; slot++)
            {
                heap.Offer(scores[slot], ids[slot], slot);
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(buffer);
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// Writes every record's hybrid score, <paramref name="alpha"/> × cosine + (1 − <paramref name="alpha"/>) ×
    /// BM25 over the best BM25 score, into <paramref name="scores"/> in slot order (the retrievers that rank by it share this pass).
    /// </summary>
    internal static void ScoreAll(MemoryStore store, Bm25Index text, ReadOnlySpan<float> queryVector, string queryText, float alpha, Span<float> scores)
    {
        var max = text.ScoreAll(queryText, store, scores);
        var textWeight = max > 0f ? (1f - alpha) / max : 0f;
        var dimensions = store.Dimensions;
        var vectors = store.Vectors;
        for (var slot = 0; slot < scores.Length; slot++)
        {
            var cosine = TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), queryVector);
            scores[slot] = (alpha * cosine) + (textWeight * scores[slot]);
        }
    }
}
