namespace MemDsl.Runtime;

/// <summary>
/// MemRL's two-phase retrieval: the best <see cref="Candidates"/> records by cosine, reranked by
/// <c>(1 - UtilityWeight) * normalizedCosine + UtilityWeight * utility</c>, where the cosine is
/// min-max-normalized over the candidates and the utility is what feedback taught the store
/// (<see cref="Learn"/>: <c>u += LearningRate * (reward - u)</c>).
/// </summary>
public sealed class UtilityRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="candidates">Cosine candidates reranked, at least 1 (at least <paramref name="topK"/> are taken).</param>
    /// <param name="utilityWeight">Weight of the utility, 0 to 1.</param>
    /// <param name="learningRate">Step toward each reward, in (0, 1].</param>
    public UtilityRetriever(int topK, int candidates, float utilityWeight, float learningRate)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Candidates = Math.Max(RetrieverArguments.CheckTopK(candidates), topK);
        UtilityWeight = RetrieverArguments.CheckUnit(utilityWeight, nameof(utilityWeight));
        if (!(learningRate > 0f && learningRate <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be in (0, 1].");
        }

        LearningRate = learningRate;
    }

    public int TopK { get; }

    public int Candidates { get; }

    public float UtilityWeight { get; }

    public float LearningRate { get; }

    /// <summary>The best <see cref="TopK"/> candidates by the reranked score, best first (ties: lower id first).</summary>
    /// <param name="store">A store with statistics; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var statistics = RetrieverArguments.RequireStatistics(store);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(Math.Max(1, Math.Min(Candidates, store.Count)));
        var heapBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(TopK);
        try
        {
            var count = RetrieverArguments.CosineCandidates(store, queryVector, Candidates, rows);
            if (count == 0)
            {
                return [];
            }

            // Candidates arrive best first: the range is first minus last (all equal: every one normalizes to 1).
            var worst = rows[count - 1].Score;
            var range = rows[0].Score - worst;
            var scale = range > 0f ? 1f / range : 0f;
            var utility = statistics.Utility;
            var heap = new TopKHeap(heapBuffer.AsSpan(0, Math.Min(TopK, count)));
            for (var i = 0; i < count; i++)
            {
                var row = rows[i];
                var similarity = range > 0f ? (row.Score - worst) * scale : 1f;
                heap.Offer(((1f - UtilityWeight) * similarity) + (UtilityWeight * utility[row.Row]), row.Id, row.Row);
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heapBuffer);
            ArrayPool<ScoredRow>.Shared.Return(rows);
        }
    }

    /// <summary>Moves the record's utility toward <paramref name="reward"/>; a removed record is ignored.</summary>
    public void Learn(MemoryStore store, long id, float reward)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.RequireStatistics(store).LearnUtility(store, id, reward, LearningRate);
    }
}
