namespace MemDsl.Runtime;

/// <summary>
/// Memory-T1's coarse-to-fine retrieval: the query's time expression (<see cref="TimeExpressions"/>)
/// resolved against the query's time gives a window; the records whose time falls inside it are
/// ranked by cosine. A query that names no time, or whose window holds no record, is ranked by cosine
/// over everything.
/// </summary>
public sealed class TemporalRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    public TemporalRetriever(int topK)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
    }

    public int TopK { get; }

    /// <summary>The best <see cref="TopK"/> records inside the query's window by cosine, best first (ties: lower id first).</summary>
    /// <param name="store">A store with a time index; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    /// <param name="queryText">The query, searched for a time expression.</param>
    /// <param name="asOf">The time the question is asked.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector, string queryText, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queryText);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var statistics = RetrieverArguments.RequireStatistics(store);
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        if (TimeExpressions.TryResolve(queryText, asOf, out var window))
        {
            var hits = RetrieveInside(store, statistics, queryVector, window, k);
            if (hits.Length > 0)
            {
                return hits;
            }
        }

        var rows = ArrayPool<ScoredRow>.Shared.Rent(k);
        try
        {
            var found = RetrieverArguments.CosineCandidates(store, queryVector, k, rows);
            var all = new MemoryHit[found];
            for (var i = 0; i < found; i++)
            {
                all[i] = new MemoryHit(store.GetRecord(rows[i].Row), rows[i].Score);
            }

            return all;
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rows);
        }
    }

    private static MemoryHit[] RetrieveInside(MemoryStore store, ItemStatistics statistics, ReadOnlySpan<float> queryVector, TimeWindow window, int k)
    {
        var start = window.Start.UtcTicks;
        var end = window.End.UtcTicks;
        var count = store.Count;
        var times = statistics.TimeTicks[..count];
        var ids = store.Ids;
        var dimensions = store.Dimensions;
        var vectors = store.Vectors;
        var heapBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            var heap = new TopKHeap(heapBuffer.AsSpan(0, k));
            for (var slot = 0; slot < count; slot++)
            {
                var time = times[slot];
                if (time >= start && time < end)
                {
                    heap.Offer(System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), queryVector), ids[slot], slot);
                }
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heapBuffer);
        }
    }
}
