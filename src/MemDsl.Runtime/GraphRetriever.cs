namespace MemDsl.Runtime;

/// <summary>
/// AriGraph-lite retrieval (Anokhin et al., 2024, "AriGraph: learning knowledge graph world models
/// with episodic memory"): semantic seeds, then a walk through the entity graph. The <see cref="Seeds"/>
/// best records by cosine come first; then the records reachable from them in up to <see cref="Hops"/>
/// record → entity → record steps (<see cref="EntityGraph"/>; an entity named by more than
/// <see cref="Fanout"/> records is not followed), best cosine first, as many as ranks are left; then, if
/// ranks are still left, the next records by cosine. The walk decides which records are returned; they
/// are ordered by their cosine (ties: lower id first), which each hit carries as its score.
/// </summary>
public sealed class GraphRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="seeds">Cosine hits that seed the walk, at least 1 (at most <paramref name="topK"/> are used).</param>
    /// <param name="hops">Record → entity → record steps, at least 1.</param>
    /// <param name="fanout">Most records an entity may be named by and still be followed, at least 1.</param>
    public GraphRetriever(int topK, int seeds, int hops, int fanout)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Seeds = seeds >= 1 ? seeds : throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "Seeds must be at least 1.");
        Hops = hops >= 1 ? hops : throw new ArgumentOutOfRangeException(nameof(hops), hops, "Hops must be at least 1.");
        Fanout = fanout >= 1 ? fanout : throw new ArgumentOutOfRangeException(nameof(fanout), fanout, "Fanout must be at least 1.");
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>Cosine hits that seed the walk.</summary>
    public int Seeds { get; }

    /// <summary>Record → entity → record steps.</summary>
    public int Hops { get; }

    /// <summary>Most records an entity may be named by and still be followed.</summary>
    public int Fanout { get; }

    /// <summary>Seeds, their graph neighbours and the next cosine hits, <see cref="TopK"/> at most, ordered by cosine.</summary>
    /// <param name="store">A store that keeps an entity graph; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var graph = store.Entities
            ?? throw new InvalidOperationException("Graph retrieval needs a store that keeps an entity graph (StoreKind.Graph).");
        var k = Math.Min(TopK, store.Count);
        if (k == 0)
        {
            return [];
        }

        var seeds = Math.Min(Seeds, k);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(k);
        var heapBuffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        try
        {
            // The cosine top-k: its head is the seeds, its tail fills ranks the walk leaves empty.
            var found = RetrieverArguments.CosineCandidates(store, queryVector, k, rows);
            var hits = new MemoryHit[k];
            var visited = new HashSet<long>();
            var frontier = new List<long>(seeds);
            for (var i = 0; i < seeds; i++)
            {
                hits[i] = new MemoryHit(store.GetRecord(rows[i].Row), rows[i].Score);
                visited.Add(rows[i].Id);
                frontier.Add(rows[i].Id);
            }

            var heap = new TopKHeap(heapBuffer.AsSpan(0, k - seeds));
            var next = new List<long>();
            for (var hop = 0; hop < Hops && frontier.Count > 0; hop++)
            {
                next.Clear();
                foreach (var id in frontier)
                {
                    foreach (var entity in graph.EntitiesOf(id))
                    {
                        var linked = graph.RecordsOf(entity);
                        if (linked.Count > Fanout)
                        {
                            continue;
                        }

                        foreach (var neighbour in linked)
                        {
                            if (visited.Add(neighbour) && store.TryGetSlot(neighbour, out var slot))
                            {
                                heap.Offer(System.Numerics.Tensors.TensorPrimitives.Dot(store.GetVector(slot), queryVector), neighbour, slot);
                                next.Add(neighbour);
                            }
                        }
                    }
                }

                (frontier, next) = (next, frontier);
            }

            var written = seeds;
            var expanded = heap.DrainToHits(store);
            foreach (var hit in expanded)
            {
                hits[written++] = hit;
            }

            for (var i = seeds; i < found && written < k; i++)
            {
                if (visited.Add(rows[i].Id))
                {
                    hits[written++] = new MemoryHit(store.GetRecord(rows[i].Row), rows[i].Score);
                }
            }

            var result = written == k ? hits : hits[..written];
            HitOrdering.Sort(result);
            return result;
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heapBuffer);
            ArrayPool<ScoredRow>.Shared.Return(rows);
        }
    }
}
