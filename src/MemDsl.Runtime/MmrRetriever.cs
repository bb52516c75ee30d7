namespace MemDsl.Runtime;

/// <summary>
/// Diversity-aware retrieval: the best <see cref="Candidates"/> records by cosine, then greedy maximal
/// marginal relevance — each next hit maximizes <c>Lambda * cosine - (1 - Lambda) * the highest
/// cosine to a hit already chosen</c> (ties: lower id). A hit's score is that marginal value, which
/// never rises from one hit to the next.
/// </summary>
public sealed class MmrRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="candidates">Cosine candidates considered, at least 1 (at least <paramref name="topK"/> are taken).</param>
    /// <param name="lambda">Relevance weight, 0 to 1 (1 is plain cosine order).</param>
    public MmrRetriever(int topK, int candidates, float lambda)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Candidates = Math.Max(RetrieverArguments.CheckTopK(candidates), topK);
        Lambda = RetrieverArguments.CheckUnit(lambda, nameof(lambda));
    }

    public int TopK { get; }

    public int Candidates { get; }

    public float Lambda { get; }

    /// <summary>Up to <see cref="TopK"/> hits in selection order.</summary>
    /// <param name="store">The store; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(Math.Max(1, Math.Min(Candidates, store.Count)));
        var redundancy = ArrayPool<float>.Shared.Rent(rows.Length);
        try
        {
            var count = RetrieverArguments.CosineCandidates(store, queryVector, Candidates, rows);
            var k = Math.Min(TopK, count);
            var hits = new MemoryHit[k];
            redundancy.AsSpan(0, count).Fill(float.NegativeInfinity);
            var dimensions = store.Dimensions;
            var vectors = store.Vectors;
            for (var chosen = 0; chosen < k; chosen++)
            {
                var best = -1;
                var bestScore = float.NegativeInfinity;
                for (var i = 0; i < count; i++)
                {
                    if (float.IsNaN(redundancy[i]))
                    {
                        continue; // Taken.
                    }

                    var penalty = chosen == 0 ? 0f : redundancy[i];
                    var score = (Lambda * rows[i].Score) - ((1f - Lambda) * penalty);
                    if (best < 0 || score > bestScore || (score == bestScore && rows[i].Id < rows[best].Id))
                    {
                        best = i;
                        bestScore = score;
                    }
                }

                var picked = rows[best];
                hits[chosen] = new MemoryHit(store.GetRecord(picked.Row), bestScore);
                redundancy[best] = float.NaN;
                var pickedVector = vectors.Slice(picked.Row * dimensions, dimensions);
                for (var i = 0; i < count; i++)
                {
                    if (!float.IsNaN(redundancy[i]))
                    {
                        var similarity = System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(rows[i].Row * dimensions, dimensions), pickedVector);
                        redundancy[i] = Math.Max(redundancy[i], similarity);
                    }
                }
            }

            return hits;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(redundancy);
            ArrayPool<ScoredRow>.Shared.Return(rows);
        }
    }
}
