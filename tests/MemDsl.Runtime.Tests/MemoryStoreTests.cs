using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

public sealed class MemoryStoreTests
{
    [Fact]
    public void Upsert_by_known_key_keeps_the_id_and_replaces_contents()
    {
        var store = new MemoryStore(2, indexText: true);
        var first = store.Upsert(TestData.Record("a", "old text"), TestData.Unit(1, 0));
        store.Upsert(TestData.Record("b", "other"), TestData.Unit(0, 1));
        var updated = store.Upsert(new EncodedRecord("a", "new text", TestData.Start.AddDays(1), "s2", ["t1", "t2"]), TestData.Unit(0, 1));

        Assert.Equal(0, first.Id);
        Assert.Equal(0, updated.Id);
        Assert.Equal(2, store.Count);
        Assert.True(store.TryGetSlot(0, out var slot));
        Assert.Same(updated, store.GetRecord(slot));
        Assert.Equal("new text", updated.Text);
        Assert.Equal(["t1", "t2"], updated.SourceTurnIds);
        Assert.Equal([0f, 1f], store.GetVector(slot).ToArray());
        Assert.Empty(new Bm25Retriever(5).Retrieve(store, "old"));
        Assert.Equal([0L], TestData.Ids(new Bm25Retriever(5).Retrieve(store, "new")));
    }

    [Fact]
    public void Remove_moves_the_last_slot_into_the_hole()
    {
        var store = new MemoryStore(2, indexText: true);
        for (var i = 0; i < 4; i++)
        {
            store.Upsert(TestData.Record("k" + i, "word" + i), TestData.Unit(1, i));
        }

        store.Touch(3);
        var lastAccess = store.GetLastAccess(3);
        Assert.True(store.Remove(1));
        Assert.False(store.Remove(1));
        Assert.Equal(3, store.Count);
        Assert.False(store.TryGetSlot(1, out _));
        Assert.False(store.ContainsKey("k1"));

        Assert.True(store.TryGetSlot(3, out var moved));
        Assert.Equal(1, moved);
        Assert.Equal("k3", store.GetRecord(1).Key);
        Assert.Equal(TestData.Unit(1, 3), store.GetVector(1).ToArray());
        Assert.Equal(lastAccess, store.GetLastAccess(1));
        Assert.Equal([3L], TestData.Ids(new Bm25Retriever(5).Retrieve(store, "word3")));
        Assert.Empty(new Bm25Retriever(5).Retrieve(store, "word1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetRecord(3));
    }

    [Fact]
    public void Ids_are_never_reused_and_capacity_grows()
    {
        var store = new MemoryStore(3, indexText: false);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(i, store.Upsert(TestData.Record("k" + i), TestData.Unit(1, 2, i)).Id);
        }

        store.Remove(39);
        store.Remove(0);
        Assert.Equal(40, store.Upsert(TestData.Record("k0"), TestData.Unit(1, 1, 1)).Id);
        Assert.Equal(39, store.Count);
        for (var slot = 0; slot < store.Count; slot++)
        {
            var record = store.GetRecord(slot);
            Assert.True(store.TryGetSlot(record.Id, out var found));
            Assert.Equal(slot, found);
        }
    }

    [Fact]
    public void Invalid_vectors_are_rejected_with_nothing_written()
    {
        var store = new MemoryStore(2, indexText: true);
        store.Upsert(TestData.Record("a", "alpha"), TestData.Unit(1, 0));
        foreach (var bad in new[] { new[] { float.NaN, 0f }, [0f, float.PositiveInfinity], [1f] })
        {
            var error = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("a", "beta"), bad));
            Assert.Equal("vector", error.ParamName);
            error = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("new", "beta"), bad));
            Assert.Equal("vector", error.ParamName);
        }

        Assert.Equal(1, store.Count);
        Assert.False(store.ContainsKey("new"));
        Assert.Equal("alpha", store.GetRecord(0).Text);
        Assert.Equal(1, store.Text!.DocumentCount);
        Assert.Empty(new Bm25Retriever(5).Retrieve(store, "beta"));
        Assert.Equal(1, store.Upsert(TestData.Record("next"), TestData.Unit(0, 1)).Id);
    }

    [Fact]
    public void Touch_and_writes_advance_a_monotonic_tick()
    {
        var store = new MemoryStore(1, indexText: false);
        store.Upsert(TestData.Record("a"), [1f]);
        store.Upsert(TestData.Record("b"), [1f]);
        Assert.True(store.GetLastAccess(0) < store.GetLastAccess(1));
        store.Touch(0);
        Assert.True(store.GetLastAccess(0) > store.GetLastAccess(1));
        Assert.Null(new MemoryStore(1, indexText: false).Text);
    }
}
