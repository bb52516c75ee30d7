using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>ReMem's retrieve-then-refine (<see cref="RefineRetriever"/>) against hand-computed cases.</summary>
public sealed class RefineRetrieverTests
{
    // Cosines to the query (1, 0): a 1.0, b 0.99 (and 0.99 with a), c 0.6 (0.6 with a), d 0.28.
    private static MemoryStore Store(bool tracked = false)
    {
        var store = new MemoryStore(2, indexText: tracked, trackStatistics: tracked);
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0));
        store.Upsert(TestData.Record("b"), TestData.Unit(0.99f, 0.14106736f));
        store.Upsert(TestData.Record("c"), TestData.Unit(0.6f, 0.8f));
        store.Upsert(TestData.Record("d"), TestData.Unit(0.28f, 0.96f));
        return store;
    }

    [Fact]
    public void A_redundant_hit_is_removed_while_a_distinct_one_stays_and_a_weak_one_is_cut()
    {
        var retriever = new RefineRetriever(topK: 4, candidates: 4, relativeCut: 0.5f, redundancy: 0.95f, pruneAfter: 0);

        var hits = retriever.Retrieve(Store(), TestData.Unit(1, 0));

        // b repeats a (cosine 0.99 >= 0.95); c is distinct (0.6 with a) and above 0.5 * 1.0; d (0.28) is below the cut.
        Assert.Equal(["a", "c"], hits.Select(h => h.Record.Key));
        Assert.Equal(1f, hits[0].Score, 5);
        Assert.Equal(0.6f, hits[1].Score, 5);
    }

    [Fact]
    public void With_no_cut_and_full_redundancy_refine_is_cosine_top_k()
    {
        var hits = new RefineRetriever(3, 4, relativeCut: 0f, redundancy: 1f, pruneAfter: 0).Retrieve(Store(), TestData.Unit(1, 0));
        Assert.Equal(["a", "b", "c"], hits.Select(h => h.Record.Key));
    }

    [Fact]
    public void An_item_retrieved_n_times_and_never_rewarded_is_pruned_while_a_rewarded_one_stays()
    {
        var store = Store(tracked: true);
        var retriever = new RefineRetriever(4, 4, relativeCut: 0.5f, redundancy: 0.95f, pruneAfter: 2);
        var query = TestData.Unit(1, 0);

        // Two retrievals of a and c; c is rewarded once, a never.
        for (var i = 0; i < 2; i++)
        {
            var hits = retriever.Retrieve(store, query);
            Assert.Equal(["a", "c"], hits.Select(h => h.Record.Key));
            store.Statistics!.RecordUses(store, hits, TestData.Start.AddHours(i));
        }

        store.Statistics!.RecordReward(store, 2, 1f);

        // a (2 uses, 0 successes) is pruned, so b is no longer a near-duplicate of a kept hit and comes back.
        Assert.Equal(["b", "c"], retriever.Retrieve(store, query).Select(h => h.Record.Key));
    }

    [Fact]
    public async Task Feedback_through_the_pipeline_keeps_a_rewarded_record_and_prunes_an_ignored_one()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"t\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Refine, TopK = 5, Candidates = 5, RelativeCut = 0f, Redundancy = 1f, PruneAfter = 1)]");
        using var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("t1", "coffee with milk every morning"));
        await pipeline.WriteAsync(TestData.Turn("t2", "coffee beans from the market"));
        var query = new MemoryQuery("coffee with milk", TestData.Start.AddDays(1));
        var first = await pipeline.QueryAsync(query);
        Assert.Equal(["t1", "t2"], first.Select(h => h.Record.Key));

        await pipeline.FeedbackAsync(query, first[1], 1f);
        var second = await pipeline.QueryAsync(query);
        Assert.Equal(["t2"], second.Select(h => h.Record.Key));
    }
}
