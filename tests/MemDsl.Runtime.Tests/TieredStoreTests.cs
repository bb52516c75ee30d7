using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>Letta/MemGPT tiers against hand-computed cases: sleep-time moves, archival search, the core block's budget.</summary>
public sealed class TieredStoreTests
{
    // ContextTokens: 8 tokens, importance 0.585 (diagnosed, first person, March, 7 words).
    private const string Diagnosis = "I was diagnosed with diabetes in March.";

    // 7 tokens, importance 0.63 (moved, first person, 2021, Porto, 6 words).
    private const string Move = "We moved to Porto in 2021.";

    // 2 tokens, importance 0.1 + 0.15 / 30.
    private const string Ok = "ok.";

    private static void Write(TieredStore tiers, MemoryStore history, string key, string text, int minutes, params float[] vector) =>
        tiers.Upsert(history, new EncodedRecord(key, text, TestData.Start.AddMinutes(minutes), "s1", [key]), TestData.Unit(vector));

    private static string[] Keys(IReadOnlyList<MemoryHit> hits) => hits.Select(h => h.Record.Key).ToArray();

    private static string[] Keys(MemoryStore store) => Enumerable.Range(0, store.Count).Select(s => store.GetRecord(s).Key).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Sleep_time_moves_the_oldest_record_from_recall_to_archival_where_it_is_still_found()
    {
        var history = new MemoryStore(2, indexText: true);
        var tiers = new TieredStore(2, coreTokens: 0, recallSize: 2);
        Write(tiers, history, "a", "alpha", 0, 1, 0);
        Write(tiers, history, "b", "beta", 1, 0, 1);
        Write(tiers, history, "c", "gamma", 2, 1, 1);
        var cosine = new CosineRetriever(topK: 3);
        var query = TestData.Unit(1, 0);

        Assert.Equal(["a", "b", "c"], Keys(tiers.Recall));
        Assert.Empty(cosine.Retrieve(tiers.Archival, query));

        Assert.Equal(1, tiers.SleepTime(history));

        Assert.Equal(["b", "c"], Keys(tiers.Recall));
        var archived = Assert.Single(cosine.Retrieve(tiers.Archival, query));
        Assert.Equal("a", archived.Record.Key);
        Assert.Equal(1f, archived.Score, 5);
        Assert.Equal(3, history.Count);

        // The merged query still returns a first (cosine 1), as the history's record.
        var merged = tiers.Merge(history, cosine.TopK, cosine.Retrieve(tiers.Core, query), cosine.Retrieve(tiers.Recall, query), cosine.Retrieve(tiers.Archival, query));
        Assert.Equal(["a", "c", "b"], Keys(merged));
        Assert.Same(history.GetRecord(0), merged[0].Record);

        // A second sleep with nothing over the recall size moves nothing.
        Assert.Equal(0, tiers.SleepTime(history));
    }

    [Fact]
    public void The_core_block_keeps_the_most_important_records_and_never_exceeds_its_budget()
    {
        var history = new MemoryStore(2, indexText: true);
        var tiers = new TieredStore(2, coreTokens: 10, recallSize: 10);
        Write(tiers, history, "diagnosis", Diagnosis, 0, 1, 0);
        Write(tiers, history, "move", Move, 1, 0, 1);
        Write(tiers, history, "ok", Ok, 2, 1, 1);
        Assert.Equal(0, tiers.Core.Count);

        tiers.SleepTime(history);

        // Move (0.63, 7 tokens) first; Diagnosis (8) no longer fits in 10; ok (2) does: 9 tokens.
        Assert.Equal(["move", "ok"], Keys(tiers.Core));
        Assert.Equal(9, tiers.CoreBlockTokens);
        Assert.True(tiers.CoreBlockTokens <= tiers.CoreTokens);

        // A record of the block that grows beyond the budget leaves it at once.
        Write(tiers, history, "ok", "ok, and we also bought a house near the river.", 3, 1, 1);
        Assert.Equal(["move"], Keys(tiers.Core));
        Assert.True(tiers.CoreBlockTokens <= tiers.CoreTokens);
    }

    [Fact]
    public void A_query_returns_the_core_block_first_then_recall_and_archival_by_score()
    {
        var history = new MemoryStore(2, indexText: true);
        var tiers = new TieredStore(2, coreTokens: 7, recallSize: 1);
        Write(tiers, history, "move", Move, 0, 0, 1);      // cosine 0 to the query; the core block
        Write(tiers, history, "old", "old note", 1, 1, 0); // cosine 1; archival after sleep
        Write(tiers, history, "new", "new note", 2, 0.6f, 0.8f); // cosine 0.6; stays in recall
        tiers.SleepTime(history);
        Assert.Equal(["move"], Keys(tiers.Core));
        Assert.Equal(["new"], Keys(tiers.Recall));
        Assert.Equal(["move", "old"], Keys(tiers.Archival));
        var cosine = new CosineRetriever(topK: 2);
        var query = TestData.Unit(1, 0);

        var merged = tiers.Merge(history, cosine.TopK, cosine.Retrieve(tiers.Core, query), cosine.Retrieve(tiers.Recall, query), cosine.Retrieve(tiers.Archival, query));

        Assert.Equal(["move", "old"], Keys(merged));
        Assert.Equal(0f, merged[0].Score, 5);
        Assert.Equal(1f, merged[1].Score, 5);
    }

    [Fact]
    public async Task A_tiered_pipeline_manages_in_its_sleep_and_still_finds_archived_turns()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"t\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Tiered, CoreTokens = 0, RecallSize = 2)] [Retrieve(RetrieveKind.Cosine, TopK = 2)]");
        using var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("t0", "the red bicycle is in the garage"));
        for (var i = 1; i <= 5; i++)
        {
            await pipeline.WriteAsync(TestData.Turn("t" + i, "meeting notes number " + i, minutes: i));
        }

        var result = await pipeline.ManageAsync();

        Assert.Equal(new ManageResult(0, 6), result);
        var hits = await pipeline.QueryAsync(new MemoryQuery("red bicycle garage", TestData.Start.AddDays(1)));
        Assert.Equal("t0", hits[0].Record.Key);
        Assert.Equal(6, pipeline.Count);
    }
}
