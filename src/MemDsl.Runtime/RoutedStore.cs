namespace MemDsl.Runtime;

/// <summary>
/// Mem-alpha's several stores (<see cref="StoreKind.Routed"/>): the pipeline's own store is the
/// <b>episodic</b> store and holds every record; this type owns the two others, <see cref="Core"/> and
/// <see cref="Semantic"/>, which hold copies of the records <see cref="RuleWriteRouter"/> routes to them
/// (same key, text and vector; ids of their own). Managers, feedback, statistics and the context stage act
/// on the episodic store, so a merged hit is always the episodic record: a copy whose record the episodic
/// store no longer holds is never returned and leaves at the next <see cref="RemoveOrphans"/>. The core
/// store holds at most <see cref="CoreMax"/> records. Callers hold the episodic store's lock around every
/// call (it guards the sub-stores too).
/// </summary>
public sealed class RoutedStore
{
    // Importance of each core record by its core id, rated once when written (eviction compares them).
    private readonly Dictionary<long, float> _coreImportance = [];

    /// <summary>Creates the core and semantic stores (vectors and a BM25 index each, in memory).</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="coreQuota">Most merged hits taken from the core store, 0 to 100.</param>
    /// <param name="semanticQuota">Most merged hits taken from the semantic store, 0 to 100.</param>
    /// <param name="coreMax">Most records the core store holds, 1 to 10 000.</param>
    public RoutedStore(int dimensions, int coreQuota, int semanticQuota, int coreMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        CoreQuota = StoreArguments.CheckRange(coreQuota, 0, 100, nameof(coreQuota));
        SemanticQuota = StoreArguments.CheckRange(semanticQuota, 0, 100, nameof(semanticQuota));
        CoreMax = StoreArguments.CheckRange(coreMax, 1, 10_000, nameof(coreMax));
        Core = new MemoryStore(dimensions, indexText: true);
        Semantic = new MemoryStore(dimensions, indexText: true);
    }

    /// <summary>Durable first-person statements about a speaker (identity, preferences).</summary>
    public MemoryStore Core { get; }

    /// <summary>Fact-like statements.</summary>
    public MemoryStore Semantic { get; }

    /// <summary>Most merged hits taken from the core store.</summary>
    public int CoreQuota { get; }

    /// <summary>Most merged hits taken from the semantic store.</summary>
    public int SemanticQuota { get; }

    /// <summary>Most records the core store holds.</summary>
    public int CoreMax { get; }

    /// <summary>
    /// Stores <paramref name="record"/> in <paramref name="episodic"/>, then copies it to the core and
    /// semantic stores the router chooses for <paramref name="turn"/> (its text and speaker); a store that
    /// already holds the key (a growing window or session) is updated whatever the route. A core store
    /// over <see cref="CoreMax"/> loses its least important record (ties: the oldest), which may be this one.
    /// </summary>
    /// <returns>The episodic record.</returns>
    public MemoryRecord Upsert(MemoryStore episodic, in EncodedRecord record, ReadOnlySpan<float> vector, in Turn turn)
    {
        ArgumentNullException.ThrowIfNull(episodic);
        var stored = episodic.Upsert(record, vector);
        var route = RuleWriteRouter.Route(turn.Text, turn.Speaker);
        if ((route & WriteRoute.Core) != 0 || Core.ContainsKey(record.Key))
        {
            var copy = Core.Upsert(record, vector);
            _coreImportance[copy.Id] = ImportanceHeuristic.Score(record.Text);
            while (Core.Count > CoreMax)
            {
                RemoveFromCore(LeastImportantCoreId());
            }
        }

        if ((route & WriteRoute.Semantic) != 0 || Semantic.ContainsKey(record.Key))
        {
            Semantic.Upsert(record, vector);
        }

        return stored;
    }

    /// <summary>
    /// Merges one query's hits from the three stores: up to <see cref="CoreQuota"/> from
    /// <paramref name="coreHits"/>, then up to <see cref="SemanticQuota"/> from
    /// <paramref name="semanticHits"/>, then <paramref name="episodicHits"/> until the merged list is as
    /// long as the longest of the three. Each hit becomes the episodic record with its key (skipped when
    /// there is none, or when that record is already taken), keeps its own score, and the list is ordered
    /// by score, ties by id (<see cref="HitOrdering"/>).
    /// </summary>
    public MemoryHit[] Merge(MemoryStore episodic, MemoryHit[] coreHits, MemoryHit[] semanticHits, MemoryHit[] episodicHits)
    {
        ArgumentNullException.ThrowIfNull(episodic);
        ArgumentNullException.ThrowIfNull(coreHits);
        ArgumentNullException.ThrowIfNull(semanticHits);
        ArgumentNullException.ThrowIfNull(episodicHits);
        var limit = Math.Max(episodicHits.Length, Math.Max(coreHits.Length, semanticHits.Length));
        var merged = new MemoryHit[limit];
        var count = Take(episodic, coreHits, CoreQuota, merged, 0);
        count = Take(episodic, semanticHits, SemanticQuota, merged, count);
        count = Take(episodic, episodicHits, limit, merged, count);
        if (count < limit)
        {
            Array.Resize(ref merged, count);
        }

        HitOrdering.Sort(merged);
        return merged;
    }

    /// <summary>Removes the core and semantic copies whose key the episodic store no longer holds (after its managers removed the record).</summary>
    /// <returns>How many copies were removed.</returns>
    public int RemoveOrphans(MemoryStore episodic)
    {
        ArgumentNullException.ThrowIfNull(episodic);
        var removed = 0;
        for (var slot = Core.Count - 1; slot >= 0; slot--)
        {
            var record = Core.GetRecord(slot);
            if (!episodic.ContainsKey(record.Key))
            {
                RemoveFromCore(record.Id);
                removed++;
            }
        }

        for (var slot = Semantic.Count - 1; slot >= 0; slot--)
        {
            var record = Semantic.GetRecord(slot);
            if (!episodic.ContainsKey(record.Key))
            {
                Semantic.Remove(record.Id);
                removed++;
            }
        }

        return removed;
    }

    private static int Take(MemoryStore episodic, MemoryHit[] hits, int quota, MemoryHit[] merged, int count)
    {
        var taken = 0;
        for (var i = 0; i < hits.Length && taken < quota && count < merged.Length; i++)
        {
            if (!episodic.TryGetId(hits[i].Record.Key, out var id) || Contains(merged, count, id) || !episodic.TryGetSlot(id, out var slot))
            {
                continue;
            }

            merged[count++] = new MemoryHit(episodic.GetRecord(slot), hits[i].Score);
            taken++;
        }

        return count;
    }

    private static bool Contains(MemoryHit[] merged, int count, long id)
    {
        for (var i = 0; i < count; i++)
        {
            if (merged[i].Record.Id == id)
            {
                return true;
            }
        }

        return false;
    }

    private long LeastImportantCoreId()
    {
        var ids = Core.Ids;
        var least = ids[0];
        var leastImportance = _coreImportance[least];
        for (var slot = 1; slot < ids.Length; slot++)
        {
            var importance = _coreImportance[ids[slot]];
            if (importance < leastImportance || (importance == leastImportance && ids[slot] < least))
            {
                least = ids[slot];
                leastImportance = importance;
            }
        }

        return least;
    }

    private void RemoveFromCore(long id)
    {
        Core.Remove(id);
        _coreImportance.Remove(id);
    }
}
