namespace MemDsl.Runtime;

/// <summary>BM25 top-k over the store's text index; returns only records matching at least one query term.</summary>
public sealed class Bm25Retriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    public Bm25Retriever(int topK)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>The best <see cref="TopK"/> matching records by BM25, best first (ties: lower id first).</summary>
    /// <param name="store">The store; the caller holds its lock.</param>
    /// <param name="queryText">The query text.</param>
    /// <exception cref="InvalidOperationException">The store keeps no text index.</exception>
    public MemoryHit[] Retrieve(MemoryStore store, string queryText)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queryText);
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
            text.ScoreAll(queryText, store, scores.AsSpan(0, count));
            var heap = new TopKHeap(buffer.AsSpan(0, k));
            for (var slot = 0; slot < count; slot++)
            {
                // Lucene's idf is positive, so a score above 0 means at least one query term matched.
                if (scores[slot] > 0f)
                {
                    heap.Offer(scores[slot], store.GetRecord(slot).Id, slot);
                }
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(buffer);
            ArrayPool<float>.Shared.Return(scores);
        }
    }
}
