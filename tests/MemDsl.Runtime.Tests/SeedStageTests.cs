using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// The stages the seed systems need (issue #6), each against cases computed by hand: utility learned
/// from feedback, EvolveR pruning, Generative Agents scoring, temporal windows, MMR and Memory-R1's
/// fact operations.
/// </summary>
public sealed class SeedStageTests
{
    private static MemoryStore Tracked(int dimensions = 2) => new(dimensions, indexText: true, trackStatistics: true);

    private static EncodedRecord Record(string key, DateTimeOffset time, string text = "") => new(key, text, time, "s1", [key]);

    private static ArchitectureSpec Spec(string attributes) => AttributeText.Parse("[MemoryArchitecture(\"t\")] [Embed(EmbedderKind.Hashing)] " + attributes);

    [Fact]
    public void Utility_rises_with_positive_feedback_and_changes_the_ranking()
    {
        var store = Tracked();
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0));       // cosine 1.0 to the query
        store.Upsert(TestData.Record("b"), TestData.Unit(0.8f, 0.6f)); // cosine 0.8
        var retriever = new UtilityRetriever(topK: 2, candidates: 2, utilityWeight: 0.6f, learningRate: 1f);
        var query = TestData.Unit(1, 0);

        // Normalized cosine is 1 for a and 0 for b; utilities are 0: a = 0.4 * 1, b = 0.
        var before = retriever.Retrieve(store, query);
        Assert.Equal([0L, 1L], TestData.Ids(before));
        Assert.Equal(0.4f, before[0].Score, 5);
        Assert.Equal(0f, before[1].Score, 5);

        // Learning rate 1 moves b's utility to the reward: b = 0.6 * 1 = 0.6 beats a = 0.4.
        retriever.Learn(store, 1, 1f);
        Assert.Equal(1f, store.Statistics!.Utility[1]);
        var after = retriever.Retrieve(store, query);
        Assert.Equal([1L, 0L], TestData.Ids(after));
        Assert.Equal(0.6f, after[0].Score, 5);

        // Half a step back toward 0 with rate 0.5: u = 1 + 0.5 * (0 - 1) = 0.5, so b = 0.3 < a = 0.4.
        new UtilityRetriever(2, 2, 0.6f, 0.5f).Learn(store, 1, 0f);
        Assert.Equal(0.5f, store.Statistics.Utility[1]);
        Assert.Equal([0L, 1L], TestData.Ids(retriever.Retrieve(store, query)));
    }

    [Fact]
    public async Task Feedback_through_the_pipeline_reorders_a_utility_declaration_and_is_ignored_elsewhere()
    {
        var spec = Spec("[Encode(EncodeKind.Turn)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Utility, TopK = 2, Candidates = 2, UtilityWeight = 0.9f, LearningRate = 1f)]");
        using var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("t1", "coffee with milk every morning"));
        await pipeline.WriteAsync(TestData.Turn("t2", "coffee beans from the market"));
        var query = new MemoryQuery("coffee with milk", TestData.Start.AddDays(1));
        var first = await pipeline.QueryAsync(query);
        Assert.Equal("t1", first[0].Record.Key);

        await pipeline.FeedbackAsync(query, first[1], 1f);
        await pipeline.FeedbackAsync(query, first[0], -1f);
        var second = await pipeline.QueryAsync(query);
        Assert.Equal("t2", second[0].Record.Key);

        var plain = InterpretedPipeline.Create(Spec("[Encode(EncodeKind.Turn)] [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine, TopK = 2)]"));
        await plain.WriteAsync(TestData.Turn("t1", "coffee with milk every morning"));
        var hits = await plain.QueryAsync(query);
        await plain.FeedbackAsync(query, hits[0], -1f);
        Assert.Equal(hits.Select(h => h.Record.Id), (await plain.QueryAsync(query)).Select(h => h.Record.Id));
    }

    [Fact]
    public async Task Feedback_rejects_a_non_finite_reward_and_a_hit_without_a_record()
    {
        using var pipeline = InterpretedPipeline.Create(Spec("[Encode(EncodeKind.Turn)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Utility)]"));
        await pipeline.WriteAsync(TestData.Turn("t1", "hello"));
        var hit = (await pipeline.QueryAsync(new MemoryQuery("hello")))[0];
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await pipeline.FeedbackAsync(new MemoryQuery("hello"), hit, float.NaN));
        Assert.Equal("reward", error.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(async () => await pipeline.FeedbackAsync(new MemoryQuery("hello"), default, 1f));
    }

    [Fact]
    public void Statistics_count_uses_and_successes_and_follow_records_when_slots_move()
    {
        var store = Tracked();
        var time = TestData.Start;
        store.Upsert(Record("a", time), TestData.Unit(1, 0));
        store.Upsert(Record("b", time.AddHours(1)), TestData.Unit(0, 1));
        store.Upsert(Record("c", time.AddHours(2)), TestData.Unit(1, 1));
        var statistics = store.Statistics!;
        var hitC = new MemoryHit(store.GetRecord(2), 1f);
        statistics.RecordUses(store, [hitC, hitC], time.AddDays(1));
        Assert.True(statistics.RecordReward(store, 2, 0.5f));
        Assert.True(statistics.RecordReward(store, 2, 0f));

        Assert.True(store.Remove(0)); // c moves from slot 2 into slot 0.
        Assert.True(store.TryGetSlot(2, out var slot));
        Assert.Equal(0, slot);
        Assert.Equal(2, statistics.GetUses(slot));
        Assert.Equal(1, statistics.GetSuccesses(slot));
        Assert.Equal(time.AddDays(1).UtcTicks, statistics.LastUsedTicks[slot]);
        Assert.Equal(time.AddHours(2).UtcTicks, statistics.TimeTicks[slot]);
        Assert.False(statistics.RecordReward(store, 0, 1f)); // a is gone.
    }

    [Fact]
    public void Utility_manager_prunes_records_used_enough_that_rarely_helped()
    {
        var store = Tracked();
        foreach (var key in new[] { "a", "b", "c" })
        {
            store.Upsert(TestData.Record(key), TestData.Unit(1, 0));
        }

        var statistics = store.Statistics!;
        MemoryHit Hit(long id) => new(store.GetRecord(store.TryGetSlot(id, out var s) ? s : -1), 1f);
        for (var i = 0; i < 3; i++)
        {
            statistics.RecordUses(store, [Hit(0), Hit(1)], TestData.Start);
        }

        statistics.RecordUses(store, [Hit(2), Hit(2)], TestData.Start);
        statistics.RecordReward(store, 0, 1f);

        // a: (1 + 1) / (3 + 2) = 0.4 stays; b: (0 + 1) / (3 + 2) = 0.2 goes; c: 0.25 but only 2 uses, stays.
        Assert.Equal(0.4f, UtilityManager.Score(1, 3), 6);
        Assert.Equal(1, new UtilityManager(pruneBelow: 0.3f, minUses: 3).Compact(store));
        Assert.False(store.TryGetSlot(1, out _));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Generative_scores_are_the_weighted_sum_of_normalized_recency_importance_and_relevance()
    {
        var store = Tracked();
        var now = TestData.Start.AddHours(10);
        store.Upsert(Record("old-relevant", TestData.Start, "ok"), TestData.Unit(1, 0));
        store.Upsert(Record("new-unrelated", TestData.Start.AddHours(10), "ok"), TestData.Unit(0, 1));
        store.Upsert(Record("middle", TestData.Start.AddHours(5), "ok"), TestData.Unit(1, 1));

        // Relevance only: plain cosine order.
        var relevance = new GenerativeRetriever(3, 0.9f, 0f, 0f, 1f).Retrieve(store, TestData.Unit(1, 0), now);
        Assert.Equal([0L, 2L, 1L], TestData.Ids(relevance));
        Assert.Equal(1f, relevance[0].Score, 5); // normalized to [0, 1]
        Assert.Equal(0f, relevance[2].Score, 5);

        // Recency only: 0.9^10, 0.9^5 and 0.9^0, normalized: the newest is 1, the oldest 0,
        // the middle (0.9^5 - 0.9^10) / (1 - 0.9^10).
        var recency = new GenerativeRetriever(3, 0.9f, 1f, 0f, 0f).Retrieve(store, TestData.Unit(1, 0), now);
        Assert.Equal([1L, 2L, 0L], TestData.Ids(recency));
        var expectedMiddle = (Math.Pow(0.9, 5) - Math.Pow(0.9, 10)) / (1 - Math.Pow(0.9, 10));
        Assert.Equal(expectedMiddle, recency[1].Score, 4);

        // Retrieval refreshes recency: after the oldest is retrieved at 'now' it is as recent as the newest.
        store.Statistics!.RecordUses(store, [relevance[0]], now);
        var refreshed = new GenerativeRetriever(3, 0.9f, 1f, 0f, 0f).Retrieve(store, TestData.Unit(1, 0), now);
        Assert.Equal([0L, 1L, 2L], TestData.Ids(refreshed));
    }

    [Fact]
    public void Generative_importance_prefers_life_events_to_small_talk()
    {
        var store = Tracked();
        store.Upsert(Record("chat", TestData.Start, "Thanks, see you!"), TestData.Unit(1, 0));
        store.Upsert(Record("event", TestData.Start, "I got married to Sofia in Lisbon on 12 May 2023 and we adopted a dog."), TestData.Unit(1, 0));
        var hits = new GenerativeRetriever(2, 0.9f, 0f, 1f, 0f).Retrieve(store, TestData.Unit(1, 0), TestData.Start);
        Assert.Equal("event", hits[0].Record.Key);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Temporal_window_excludes_records_outside_it_and_falls_back_to_cosine_without_one()
    {
        var store = Tracked();
        var thursday = new DateTimeOffset(2024, 3, 14, 18, 0, 0, TimeSpan.Zero);
        store.Upsert(Record("two-weeks-ago", new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero)), TestData.Unit(1, 0));
        store.Upsert(Record("last-week", new DateTimeOffset(2024, 3, 8, 9, 0, 0, TimeSpan.Zero)), TestData.Unit(0, 1));
        store.Upsert(Record("this-week", new DateTimeOffset(2024, 3, 12, 9, 0, 0, TimeSpan.Zero)), TestData.Unit(1, 1));
        var retriever = new TemporalRetriever(3);

        // "last week" asked on Thursday 14 March 2024 is Monday 4 to Monday 11 March: one record.
        var windowed = retriever.Retrieve(store, TestData.Unit(1, 0), "What did I do last week?", thursday);
        Assert.Equal(["last-week"], windowed.Select(h => h.Record.Key));

        var plain = retriever.Retrieve(store, TestData.Unit(1, 0), "What did I do?", thursday);
        Assert.Equal(["two-weeks-ago", "this-week", "last-week"], plain.Select(h => h.Record.Key));

        // A window with nothing inside falls back to cosine over everything.
        var empty = retriever.Retrieve(store, TestData.Unit(1, 0), "What did I do in 2019?", thursday);
        Assert.Equal(3, empty.Length);
    }

    [Fact]
    public void Mmr_skips_a_near_duplicate_for_a_diverse_hit()
    {
        var store = new MemoryStore(3, indexText: false);
        store.Upsert(TestData.Record("a"), TestData.Unit(1, 0, 0));
        store.Upsert(TestData.Record("a-again"), TestData.Unit(0.99f, 0.141f, 0));
        store.Upsert(TestData.Record("b"), TestData.Unit(0, 0, 1));
        var query = TestData.Unit(0.9f, 0, 0.436f);

        Assert.Equal(["a", "a-again", "b"], new CosineRetriever(3).Retrieve(store, query).Select(h => h.Record.Key));

        // Lambda 0.5: a first (0.5 * cos a); then b = 0.5 * cos b - 0.5 * 0 beats a-again = 0.5 * cos a' - 0.5 * (a'·a).
        var hits = new MmrRetriever(3, 3, 0.5f).Retrieve(store, query);
        Assert.Equal(["a", "b", "a-again"], hits.Select(h => h.Record.Key));
        var cosA = System.Numerics.Tensors.TensorPrimitives.Dot(store.GetVector(0), query);
        var cosB = System.Numerics.Tensors.TensorPrimitives.Dot(store.GetVector(2), query);
        Assert.Equal(0.5f * cosA, hits[0].Score, 5);
        Assert.Equal(0.5f * cosB, hits[1].Score, 5);
        Assert.True(hits[1].Score >= hits[2].Score);

        // Lambda 1 is plain cosine order.
        Assert.Equal(["a", "a-again", "b"], new MmrRetriever(3, 3, 1f).Retrieve(store, query).Select(h => h.Record.Key));
    }

    [Fact]
    public async Task Fact_update_replaces_the_old_value_and_retraction_deletes_it()
    {
        var spec = Spec("[Encode(EncodeKind.Turn)] [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine, TopK = 5)] [Manage(ManageKind.Update, Similarity = 0.5f)]");
        using var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("t1", "I live in Lisbon with my sister", speaker: "Ana"));
        await pipeline.WriteAsync(TestData.Turn("t2", "I live in Porto with my sister", speaker: "Ana", minutes: 10));

        // UPDATE: the old value is gone.
        var hits = await pipeline.QueryAsync(new MemoryQuery("where does Ana live with her sister"));
        Assert.Equal(["t2"], hits.Select(h => h.Record.Key));

        // ADD: the same words about someone else are another fact.
        await pipeline.WriteAsync(TestData.Turn("t3", "I live in Porto with my sister", speaker: "Bruno", minutes: 20));
        Assert.Equal(2, pipeline.Count);

        // NOOP: Ana repeats herself.
        await pipeline.WriteAsync(TestData.Turn("t4", "I live in Porto with my sister.", speaker: "Ana", minutes: 30));
        Assert.Equal(["t2", "t3"], (await pipeline.QueryAsync(new MemoryQuery("live in Porto with my sister"))).Select(h => h.Record.Key).Order());

        // DELETE: a retraction removes the fact and is not stored itself.
        await pipeline.WriteAsync(TestData.Turn("t5", "I no longer live in Porto with my sister", speaker: "Ana", minutes: 40));
        Assert.Equal(["t3"], (await pipeline.QueryAsync(new MemoryQuery("live in Porto with my sister"))).Select(h => h.Record.Key));
    }

    [Fact]
    public void Update_manager_reports_each_operation()
    {
        var store = new MemoryStore(2, indexText: false);
        var manager = new UpdateManager(0.9f);
        var turn = TestData.Turn("t1", "I work at a bakery", speaker: "Ana");
        var encoded = new EncodedRecord("t1", turn.Text, turn.Timestamp, "s1", ["t1"]);
        Assert.False(manager.Apply(store, TestData.Unit(1, 0), encoded, turn));
        Assert.Equal(FactOperation.Add, manager.LastOperation);
        store.Upsert(encoded, TestData.Unit(1, 0));

        var changed = TestData.Turn("t2", "I work at a law firm", speaker: "Ana");
        Assert.False(manager.Apply(store, TestData.Unit(1, 0.1f), new EncodedRecord("t2", changed.Text, changed.Timestamp, "s1", ["t2"]), changed));
        Assert.Equal(FactOperation.Update, manager.LastOperation);
        Assert.Equal(0, store.Count);

        // Not similar enough: a different fact about the same person.
        store.Upsert(new EncodedRecord("t2", changed.Text, changed.Timestamp, "s1", ["t2"]), TestData.Unit(1, 0.1f));
        var other = TestData.Turn("t3", "I adopted a cat", speaker: "Ana");
        Assert.False(manager.Apply(store, TestData.Unit(0, 1), new EncodedRecord("t3", other.Text, other.Timestamp, "s1", ["t3"]), other));
        Assert.Equal(FactOperation.Add, manager.LastOperation);
        Assert.Equal(1, store.Count);
    }
}
