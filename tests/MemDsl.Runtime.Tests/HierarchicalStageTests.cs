using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// HCAM's hierarchical store and retriever against hand-computed cases: session summary keys (mean
/// vectors) kept current through writes, replacements and removals, and a second phase that never
/// leaves the sessions the first phase chose.
/// </summary>
public sealed class HierarchicalStageTests
{
    private static MemoryStore Hierarchical(int dimensions = 3) => new(dimensions, indexText: true, trackStatistics: true, summarizeSessions: true);

    private static EncodedRecord Record(string key, string session) => new(key, key, TestData.Start, session, [key]);

    /// <summary>
    /// s1: two turns at cosine 0.8 either side of the query, mean (1, 0, 0): summary score 1.
    /// s2: one turn at (0, 1, 0): score 0.
    /// s3: an outlier at cosine 0.9 and a turn at (0, 0, 1): sum (0.9, 0, 1.436), score 0.9 / 1.695 = 0.531.
    /// </summary>
    private static MemoryStore ThreeSessions()
    {
        var store = Hierarchical();
        store.Upsert(Record("a1", "s1"), TestData.Unit(0.8f, 0.6f, 0));
        store.Upsert(Record("b1", "s2"), TestData.Unit(0, 1, 0));
        store.Upsert(Record("c1", "s3"), TestData.Unit(0.9f, 0, 0.43589f));
        store.Upsert(Record("a2", "s1"), TestData.Unit(0.8f, -0.6f, 0));
        store.Upsert(Record("c2", "s3"), TestData.Unit(0, 0, 1));
        return store;
    }

    [Fact]
    public void Session_summary_scores_are_the_cosine_to_the_mean_vector()
    {
        var store = ThreeSessions();
        var summaries = store.Summaries!;
        var query = TestData.Unit(1, 0, 0);
        Assert.Equal(3, summaries.SessionCount);
        Assert.True(summaries.TryGetOrdinal("s3", out var s3));
        Assert.Equal(2, summaries.GetRecordCount(s3));
        Assert.Equal(1f, summaries.Score(0, query), 5);
        Assert.Equal(0f, summaries.Score(1, query), 5);
        Assert.Equal(0.9f / MathF.Sqrt((0.9f * 0.9f) + (1.43589f * 1.43589f)), summaries.Score(s3, query), 4);

        var mean = new float[3];
        summaries.CopyMean(0, mean);
        Assert.Equal([0.8f, 0f, 0f], mean.Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void The_second_phase_never_returns_a_turn_outside_the_chosen_sessions()
    {
        var store = ThreeSessions();
        var query = TestData.Unit(1, 0, 0);

        // Plain cosine puts s3's outlier (0.9) first.
        Assert.Equal("c1", new CosineRetriever(3).Retrieve(store, query)[0].Record.Key);

        // One chunk: s1 only, so the outlier is out although it is the nearest turn.
        var one = new HierarchicalRetriever(topK: 3, chunks: 1).Retrieve(store, query);
        Assert.Equal(["a1", "a2"], one.Select(h => h.Record.Key));
        Assert.Equal(0.8f, one[0].Score, 4);

        // Two chunks: s1 (score 1) and s3 (0.531); s2 (0) stays out even with room left.
        var two = new HierarchicalRetriever(topK: 5, chunks: 2).Retrieve(store, query);
        Assert.Equal(["c1", "a1", "a2", "c2"], two.Select(h => h.Record.Key));
        Assert.DoesNotContain(two, h => h.Record.Session == "s2");
    }

    [Fact]
    public void Replacements_and_removals_keep_the_summaries_current()
    {
        var store = ThreeSessions();
        var query = TestData.Unit(1, 0, 0);
        var retriever = new HierarchicalRetriever(topK: 2, chunks: 1);

        // s2's only turn is rewritten to point at the query: s2's mean is now (1, 0, 0) too, and it
        // ties with s1 at 1; the tie goes to s1 (first seen), so nothing changes yet.
        store.Upsert(Record("b1", "s2"), TestData.Unit(1, 0, 0));
        Assert.Equal(1f, store.Summaries!.Score(1, query), 5);
        Assert.Equal(["a1", "a2"], retriever.Retrieve(store, query).Select(h => h.Record.Key));

        // Removing a1 leaves s1 = a2 alone (score 0.8): s2 wins. The removal moved the last slot (c2) into a1's.
        Assert.True(store.Remove(store.GetRecord(0).Id));
        Assert.Equal(0.8f, store.Summaries.Score(0, query), 4);
        Assert.Equal(["b1"], retriever.Retrieve(store, query).Select(h => h.Record.Key));
        Assert.Equal(["c2", "c1"], new HierarchicalRetriever(topK: 5, chunks: 1).Retrieve(store, TestData.Unit(0, 0, 1)).Select(h => h.Record.Key));

        // An emptied session is never chosen, and its sum is exactly zero again.
        Assert.True(store.TryGetId("b1", out var b1));
        Assert.True(store.Remove(b1));
        Assert.Equal(0, store.Summaries.GetRecordCount(1));
        Assert.Equal(float.NegativeInfinity, store.Summaries.Score(1, query));
        var mean = new float[3];
        store.Summaries.CopyMean(1, mean);
        Assert.Equal([0f, 0f, 0f], mean);
        Assert.Equal(["a2"], retriever.Retrieve(store, query).Select(h => h.Record.Key));
    }

    [Fact]
    public void A_store_without_summaries_is_refused()
    {
        var store = new MemoryStore(3, indexText: true);
        store.Upsert(Record("a", "s1"), TestData.Unit(1, 0, 0));
        var error = Assert.Throws<InvalidOperationException>(() => new HierarchicalRetriever(2, 1).Retrieve(store, TestData.Unit(1, 0, 0)));
        Assert.Contains("StoreKind.Hierarchical", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HierarchicalRetriever(2, 0));
    }

    [Fact]
    public async Task A_declared_hierarchical_pipeline_answers_from_the_nearest_sessions_only()
    {
        var spec = AttributeText.Parse("""
            [MemoryArchitecture("hcam-test")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 512)]
            [Store(StoreKind.Hierarchical)]
            [Retrieve(RetrieveKind.Hierarchical, TopK = 4, Chunks = 1)]
            """);
        Assert.True(spec.Validate().IsValid);
        using var memory = InterpretedPipeline.Create(spec);
        await memory.WriteAsync(TestData.Turn("g1", "We hiked the mountain trail and camped by the lake.", "hiking", minutes: 0));
        await memory.WriteAsync(TestData.Turn("g2", "The mountain trail was steep near the lake.", "hiking", minutes: 1));
        await memory.WriteAsync(TestData.Turn("g3", "Next time we camp higher on the mountain.", "hiking", minutes: 2));
        await memory.WriteAsync(TestData.Turn("k1", "I baked bread with rye flour.", "baking", minutes: 10));
        await memory.WriteAsync(TestData.Turn("k2", "The rye bread needed more flour and a hotter oven.", "baking", minutes: 11));
        await memory.WriteAsync(TestData.Turn("k3", "We talked about the lake trail while the bread baked.", "baking", minutes: 12));

        var hits = await memory.QueryAsync(new MemoryQuery("mountain trail camping by the lake"));
        Assert.Equal(3, hits.Count);
        Assert.All(hits, hit => Assert.Equal("hiking", hit.Record.Session));

        var bread = await memory.QueryAsync(new MemoryQuery("rye bread flour oven"));
        Assert.All(bread, hit => Assert.Equal("baking", hit.Record.Session));
        Assert.Contains(bread, hit => hit.Record.Key == "k3");
    }
}
