namespace MemDsl.Runtime;

/// <summary>
/// Generative Agents' retrieval over every stored record:
/// <c>RecencyWeight * recency + ImportanceWeight * importance + RelevanceWeight * relevance</c>, each
/// term min-max-normalized over the store. Recency is <c>Decay ^ hours</c> since the record was last
/// retrieved (or written, before that) as of the query's time; importance was rated when the record
/// was written; relevance is cosine.
/// </summary>
public sealed class GenerativeRetriever
{
    private const double TicksPerHour = TimeSpan.TicksPerHour;

    /// <summary>Creates a retriever; every weight is 0 to 1 and <paramref name="decay"/> is in (0, 1].</summary>
    public GenerativeRetriever(int topK, float decay, float recencyWeight, float importanceWeight, float relevanceWeight)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        if (!(decay > 0f && decay <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in (0, 1].");
        }

        Decay = decay;
        RecencyWeight = RetrieverArguments.CheckUnit(recencyWeight, nameof(recencyWeight));
        ImportanceWeight = RetrieverArguments.CheckUnit(importanceWeight, nameof(importanceWeight));
        RelevanceWeight = RetrieverArguments.CheckUnit(relevanceWeight, nameof(relevanceWeight));
    }

    public int TopK { get; }

    public float Decay { get; }

    public float RecencyWeight { get; }

    public float ImportanceWeight { get; }

    public float RelevanceWeight { get; }

    /// <summary>The best <see cref="TopK"/> records by the weighted score, best first (ties: lower id first).</summary>
    /// <param name="store">A store with statistics; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    /// <param name="asOf">The time the question is asked.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var statistics = RetrieverArguments.RequireStatistics(store);
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        var relevance = ArrayPool<float>.Shared.Rent(count);
        var recency = ArrayPool<float>.Shared.Rent(count);
        var heapBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            var dimensions = store.Dimensions;
            var vectors = store.Vectors;
            var lastUsed = statistics.LastUsedTicks;
            var logDecay = Math.Log(Decay);
            var now = asOf.UtcTicks;
            for (var slot = 0; slot < count; slot++)
            {
                relevance[slot] = System.Numerics.Tensors.TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), queryVector);
                var hours = Math.Max(0L, now - lastUsed[slot]) / TicksPerHour;
                recency[slot] = (float)Math.Exp(logDecay * hours);
            }

            var (relevanceShift, relevanceScale) = Normalization(relevance.AsSpan(0, count), RelevanceWeight);
            var (recencyShift, recencyScale) = Normalization(recency.AsSpan(0, count), RecencyWeight);
            var importance = statistics.Importance[..count];
            var (importanceShift, importanceScale) = Normalization(importance, ImportanceWeight);
            var ids = store.Ids;
            var heap = new TopKHeap(heapBuffer.AsSpan(0, k));
            for (var slot = 0; slot < count; slot++)
            {
                var score = ((relevance[slot] - relevanceShift) * relevanceScale)
                    + ((recency[slot] - recencyShift) * recencyScale)
                    + ((importance[slot] - importanceShift) * importanceScale);
                heap.Offer(score, ids[slot], slot);
            }

            return heap.DrainToHits(store);
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heapBuffer);
            ArrayPool<float>.Shared.Return(recency);
            ArrayPool<float>.Shared.Return(relevance);
        }
    }

    /// <summary>Min-max normalization folded with the weight: <c>(x - min) * scale</c>; a constant term contributes 0.</summary>
    private static (float Shift, float Scale) Normalization(ReadOnlySpan<float> values, float weight)
    {
        var min = System.Numerics.Tensors.TensorPrimitives.Min(values);
        var max = System.Numerics.Tensors.TensorPrimitives.Max(values);
        var range = max - min;
        return range > 0f ? (min, weight / range) : (min, 0f);
    }
}
