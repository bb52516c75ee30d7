namespace MemDsl.Runtime;

/// <summary>
/// HCAM's hierarchical retrieval (Lampinen et al., 2021, "Towards mental time travel"): memory is
/// split into chunks, each summarized by the mean of its keys; a query first attends to the chunk
/// summaries, then to the items inside the best chunks. Here a chunk is a session, its summary key is
/// the session's mean record vector (<see cref="SessionSummaries"/>), the first phase keeps the
/// <see cref="Chunks"/> sessions nearest the query by cosine, and the second ranks the records of
/// those sessions only by cosine. A record of any other session is never returned.
/// </summary>
public sealed class HierarchicalRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="chunks">Sessions kept by the first phase, at least 1.</param>
    public HierarchicalRetriever(int topK, int chunks)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        if (chunks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "Chunks must be at least 1.");
        }

        Chunks = chunks;
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>Sessions the first phase keeps.</summary>
    public int Chunks { get; }

    /// <summary>
    /// The best <see cref="TopK"/> records of the <see cref="Chunks"/> best sessions by cosine, best
    /// first (ties: lower id first). Sessions tie-break by first appearance; empty sessions are skipped.
    /// </summary>
    /// <param name="store">A store that keeps session summaries; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var summaries = store.Summaries
            ?? throw new InvalidOperationException("Hierarchical retrieval needs a store that keeps session summaries (StoreKind.Hierarchical).");
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        var sessions = summaries.SessionCount;
        var chunkBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(Math.Min(Chunks, sessions));
        var chosen = ArrayPool<bool>.Shared.Rent(sessions);
        var heapBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            // Phase 1: the best chunks by their summary key.
            var chunkHeap = new TopKHeap(chunkBuffer.AsSpan(0, Math.Min(Chunks, sessions)));
            for (var ordinal = 0; ordinal < sessions; ordinal++)
            {
                if (summaries.GetRecordCount(ordinal) > 0)
                {
                    chunkHeap.Offer(summaries.Score(ordinal, queryVector), ordinal, ordinal);
                }
            }

            var isChosen = chosen.AsSpan(0, sessions);
            isChosen.Clear();
            for (var i = 0; i < chunkHeap.Count; i++)
            {
                isChosen[chunkBuffer[i].Slot] = true;
            }

            // Phase 2: cosine over the records of those chunks only.
            var heap = new TopKHeap(heapBuffer.AsSpan(0, k));
            var slotSessions = summaries.SlotSessions;
            var ids = store.Ids;
            var vectors = store.Vectors;
            var dimensions = store.Dimensions;
            for (var slot = 0; slot < count; slot++)
            {
                if (isChosen[slotSessions[slot]])
                {
                    heap.Offer(System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), queryVector), ids[slot], slot);
                }
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heapBuffer);
            ArrayPool<bool>.Shared.Return(chosen);
            ArrayPool<TopKHeap.Entry>.Shared.Return(chunkBuffer);
        }
    }
}
