namespace MemDsl.Runtime;

/// <summary>
/// ReMem's retrieve-then-refine with a deterministic judge instead of an LLM: the best
/// <see cref="Candidates"/> records by cosine, then, walking down that ranking, a candidate is dropped
/// when it scores below <see cref="RelativeCut"/> times the top candidate's cosine (it does not help as
/// much as the best), when its cosine with a hit already kept reaches <see cref="Redundancy"/> (a
/// near-duplicate: merged into the higher hit, which already says it), or — on a store with per-record
/// statistics and <see cref="PruneAfter"/> above 0 — when the record was retrieved at least PruneAfter
/// times and never rewarded by feedback. Up to <see cref="TopK"/> candidates remain, in cosine order,
/// scored by cosine. Fewer than TopK hits is the point: what does not help is not returned.
/// </summary>
public sealed class RefineRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Most hits per query, at least 1.</param>
    /// <param name="candidates">Cosine candidates judged, at least 1 (at least <paramref name="topK"/> are taken).</param>
    /// <param name="relativeCut">Share of the top score a hit must reach, 0 to 1.</param>
    /// <param name="redundancy">Cosine with a kept hit at which a hit is a near-duplicate, 0 to 1.</param>
    /// <param name="pruneAfter">Retrievals without a reward after which a record is dropped; 0 = never.</param>
    public RefineRetriever(int topK, int candidates, float relativeCut, float redundancy, int pruneAfter)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Candidates = Math.Max(RetrieverArguments.CheckTopK(candidates), topK);
        RelativeCut = RetrieverArguments.CheckUnit(relativeCut, nameof(relativeCut));
        Redundancy = RetrieverArguments.CheckUnit(redundancy, nameof(redundancy));
        ArgumentOutOfRangeException.ThrowIfNegative(pruneAfter);
        PruneAfter = pruneAfter;
    }

    public int TopK { get; }

    public int Candidates { get; }

    public float RelativeCut { get; }

    public float Redundancy { get; }

    public int PruneAfter { get; }

    /// <summary>Up to <see cref="TopK"/> refined hits in cosine order.</summary>
    /// <param name="store">The store; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(Math.Max(1, Math.Min(Candidates, store.Count)));
        var kept = ArrayPool<int>.Shared.Rent(TopK);
        try
        {
            var count = RetrieverArguments.CosineCandidates(store, queryVector, Candidates, rows);
            if (count == 0)
            {
                return [];
            }

            var statistics = PruneAfter > 0 ? store.Statistics : null;
            var cut = rows[0].Score > 0f ? RelativeCut * rows[0].Score : float.NegativeInfinity;
            var dimensions = store.Dimensions;
            var vectors = store.Vectors;
            var keptCount = 0;
            for (var i = 0; i < count && keptCount < TopK; i++)
            {
                var row = rows[i];
                if (row.Score < cut)
                {
                    break; // Candidates come in cosine order: the rest are lower still.
                }

                if (statistics is not null && statistics.GetUses(row.Row) >= PruneAfter && statistics.GetSuccesses(row.Row) == 0)
                {
                    continue;
                }

                var vector = vectors.Slice(row.Row * dimensions, dimensions);
                var redundant = false;
                for (var j = 0; j < keptCount && !redundant; j++)
                {
                    redundant = System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(rows[kept[j]].Row * dimensions, dimensions), vector) >= Redundancy;
                }

                if (!redundant)
                {
                    kept[keptCount++] = i;
                }
            }

            var hits = new MemoryHit[keptCount];
            for (var i = 0; i < keptCount; i++)
            {
                var row = rows[kept[i]];
                hits[i] = new MemoryHit(store.GetRecord(row.Row), row.Score);
            }

            return hits;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(kept);
            ArrayPool<ScoredRow>.Shared.Return(rows);
        }
    }
}
