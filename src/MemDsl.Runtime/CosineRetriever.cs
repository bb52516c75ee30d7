namespace MemDsl.Runtime;

/// <summary>
/// Exact cosine top-k: the inner-product kernel over the stored vectors (they are normalized), see
/// <see cref="InnerProductTopK"/>; over a store's int8 copy when it keeps one (<see cref="MemoryStore.Quantized"/>),
/// with the candidates rescored exactly (<see cref="Int8InnerProductTopK"/>).
/// </summary>
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

        var buffer = ArrayPool<ScoredRow>.Shared.Rent(k);
        try
        {
            RetrieverArguments.CosineCandidates(store, queryVector, k, buffer);
            var hits = new MemoryHit[k];
            for (var i = 0; i < hits.Length; i++)
            {
                hits[i] = new MemoryHit(store.GetRecord(buffer[i].Row), buffer[i].Score);
            }

            return hits;
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(buffer);
        }
    }
}
