namespace MemDsl.Runtime;

/// <summary>
/// Keeps at most <see cref="Max"/> records. <see cref="EvictionPolicy.Fifo"/> evicts the lowest id
/// (written first); <see cref="EvictionPolicy.Lru"/> evicts the lowest last-access tick (ties: lower
/// id). The caller holds the store's lock.
/// </summary>
public sealed class CapacityManager
{
    /// <summary>Creates a manager.</summary>
    /// <param name="max">Most records kept, at least 1.</param>
    /// <param name="policy">Which record leaves first.</param>
    public CapacityManager(int max, EvictionPolicy policy)
    {
        if (max < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "Max must be at least 1.");
        }

        if (policy is not (EvictionPolicy.Fifo or EvictionPolicy.Lru))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "The policy must be Fifo or Lru.");
        }

        Max = max;
        Policy = policy;
    }

    /// <summary>Most records kept.</summary>
    public int Max { get; }

    /// <summary>Which record leaves first.</summary>
    public EvictionPolicy Policy { get; }

    /// <summary>Evicts while the store holds more than <see cref="Max"/> records; returns the number evicted.</summary>
    public int AfterWrite(MemoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var excess = store.Count - Max;
        if (excess <= 0)
        {
            return 0;
        }

        if (excess == 1)
        {
            // The common case after one write: a linear scan beats sorting.
            store.Remove(store.GetRecord(FindVictim(store)).Id);
            return 1;
        }

        var count = store.Count;
        var order = ArrayPool<long>.Shared.Rent(count);
        var ids = ArrayPool<long>.Shared.Rent(count);
        try
        {
            for (var slot = 0; slot < count; slot++)
            {
                ids[slot] = store.GetRecord(slot).Id;
                order[slot] = Policy == EvictionPolicy.Lru ? store.GetLastAccess(slot) : ids[slot];
            }

            // Ticks are unique and ids are unique, so the sort key alone is a total order.
            Array.Sort(order, ids, 0, count);
            for (var i = 0; i < excess; i++)
            {
                store.Remove(ids[i]);
            }

            return excess;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(order);
        }
    }

    /// <summary>
    /// Records that <paramref name="hits"/> were retrieved (Lru only). The hits are touched worst
    /// first so the best hit ends as the most recently used.
    /// </summary>
    public void OnRetrieved(MemoryStore store, MemoryHit[] hits)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hits);
        if (Policy != EvictionPolicy.Lru)
        {
            return;
        }

        for (var i = hits.Length - 1; i >= 0; i--)
        {
            if (store.TryGetSlot(hits[i].Record.Id, out var slot))
            {
                store.Touch(slot);
            }
        }
    }

    /// <summary>The full pass: the same as <see cref="AfterWrite"/>.</summary>
    public int Compact(MemoryStore store) => AfterWrite(store);

    private int FindVictim(MemoryStore store)
    {
        var victim = 0;
        var victimKey = Key(store, 0);
        var victimId = store.GetRecord(0).Id;
        for (var slot = 1; slot < store.Count; slot++)
        {
            var key = Key(store, slot);
            var id = store.GetRecord(slot).Id;
            if (key < victimKey || (key == victimKey && id < victimId))
            {
                victim = slot;
                victimKey = key;
                victimId = id;
            }
        }

        return victim;
    }

    private long Key(MemoryStore store, int slot) => Policy == EvictionPolicy.Lru ? store.GetLastAccess(slot) : store.GetRecord(slot).Id;
}
