using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

public sealed class ManagerTests
{
    [Fact]
    public void Dedupe_detects_near_duplicates_of_other_keys_only()
    {
        var store = new MemoryStore(2, indexText: false);
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0));
        var dedupe = new DedupeManager(0.95f);

        Assert.True(dedupe.IsDuplicate(store, TestData.Unit(1, 0.1f), "b"));     // cos 0.995
        Assert.False(dedupe.IsDuplicate(store, TestData.Unit(1, 0.5f), "b"));    // cos 0.894
        Assert.False(dedupe.IsDuplicate(store, TestData.Unit(1, 0f), "a"));      // an update of "a"
    }

    [Fact]
    public void Dedupe_compact_keeps_the_newest_of_each_group()
    {
        var store = new MemoryStore(2, indexText: false);
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0));        // 0
        store.Upsert(TestData.Record("b"), TestData.Unit(0, 1));        // 1
        store.Upsert(TestData.Record("c"), TestData.Unit(1, 0.05f));    // 2 ~ 0
        store.Upsert(TestData.Record("d"), TestData.Unit(1, 0.02f));    // 3 ~ 0, 2
        store.Upsert(TestData.Record("e"), TestData.Unit(-1, 0));       // 4

        Assert.Equal(2, new DedupeManager(0.99f).Compact(store));
        var ids = new List<long>();
        for (var slot = 0; slot < store.Count; slot++)
        {
            ids.Add(store.GetRecord(slot).Id);
        }

        ids.Sort();
        Assert.Equal([1L, 3L, 4L], ids);
        Assert.Equal(0, new DedupeManager(0.99f).Compact(store));
    }

    [Fact]
    public void Fifo_capacity_evicts_lowest_ids()
    {
        var store = new MemoryStore(1, indexText: false);
        var capacity = new CapacityManager(3, EvictionPolicy.Fifo);
        for (var i = 0; i < 5; i++)
        {
            store.Upsert(TestData.Record("k" + i), [1f]);
            capacity.AfterWrite(store);
        }

        Assert.Equal(3, store.Count);
        Assert.False(store.TryGetSlot(0, out _));
        Assert.False(store.TryGetSlot(1, out _));
        Assert.True(store.TryGetSlot(4, out _));

        // Several over the limit at once (the Compact path).
        for (var i = 5; i < 9; i++)
        {
            store.Upsert(TestData.Record("k" + i), [1f]);
        }

        Assert.Equal(4, new CapacityManager(3, EvictionPolicy.Fifo).Compact(store));
        Assert.True(store.TryGetSlot(6, out _) && store.TryGetSlot(7, out _) && store.TryGetSlot(8, out _));
    }

    [Fact]
    public void Lru_capacity_evicts_least_recently_retrieved()
    {
        var store = new MemoryStore(2, indexText: false);
        var capacity = new CapacityManager(3, EvictionPolicy.Lru);
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0));      // 0
        store.Upsert(TestData.Record("b"), TestData.Unit(0, 1));      // 1
        store.Upsert(TestData.Record("c"), TestData.Unit(-1, 0));     // 2

        capacity.OnRetrieved(store, new CosineRetriever(1).Retrieve(store, TestData.Unit(1, 0)));   // touches 0
        store.Upsert(TestData.Record("d"), TestData.Unit(0, -1));     // 3
        Assert.Equal(1, capacity.AfterWrite(store));
        Assert.False(store.TryGetSlot(1, out _));                      // b: written before c, never retrieved

        // A query returning [2, 3] (2 best): 0 is now least recent; of the touched, 3 before 2.
        capacity.OnRetrieved(store, new CosineRetriever(2).Retrieve(store, TestData.Unit(-1, -0.5f)));
        store.Upsert(TestData.Record("e"), TestData.Unit(1, 1));      // 4
        capacity.AfterWrite(store);
        Assert.False(store.TryGetSlot(0, out _));
        Assert.True(store.GetLastAccess(Slot(store, 3)) < store.GetLastAccess(Slot(store, 2)));

        // Fifo ignores retrievals.
        var fifo = new CapacityManager(2, EvictionPolicy.Fifo);
        fifo.OnRetrieved(store, new CosineRetriever(1).Retrieve(store, TestData.Unit(-1, -0.5f)));
        fifo.AfterWrite(store);
        Assert.False(store.TryGetSlot(2, out _));
    }

    private static int Slot(MemoryStore store, long id) => store.TryGetSlot(id, out var slot) ? slot : throw new InvalidOperationException("missing " + id);
}
