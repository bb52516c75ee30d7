using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>Mem-alpha's routed store against hand-computed cases: where a write lands, merged quotas, the core size limit.</summary>
public sealed class RoutedStoreTests
{
    // Routes by RuleWriteRouter (see WriteRouterTests): core, semantic, episodic only.
    private const string Preference = "I love hiking in the mountains.";
    private const string Fact = "Ana relocated to Porto in May 2023.";
    private const string SmallTalk = "Haha, thanks, see you!";

    private static void Write(RoutedStore routed, MemoryStore episodic, string id, string text, params float[] vector) =>
        routed.Upsert(episodic, TestData.Record(id, text), TestData.Unit(vector), TestData.Turn(id, text, speaker: "Max"));

    private static string[] Keys(IReadOnlyList<MemoryHit> hits) => hits.Select(h => h.Record.Key).ToArray();

    [Fact]
    public void A_routed_write_lands_in_the_right_stores_and_every_write_in_the_episodic_one()
    {
        var episodic = new MemoryStore(2, indexText: true);
        var routed = new RoutedStore(2, coreQuota: 1, semanticQuota: 1, coreMax: 8);

        Write(routed, episodic, "pref", Preference, 1, 0);
        Write(routed, episodic, "fact", Fact, 0.8f, 0.6f);
        Write(routed, episodic, "talk", SmallTalk, 0.6f, 0.8f);

        Assert.Equal(3, episodic.Count);
        Assert.True(routed.Core.ContainsKey("pref"));
        Assert.Equal(1, routed.Core.Count);
        Assert.True(routed.Semantic.ContainsKey("fact"));
        Assert.Equal(1, routed.Semantic.Count);
        Assert.Equal(Fact, routed.Semantic.GetRecord(0).Text);
    }

    [Fact]
    public void Retrieval_merges_the_quotas_and_returns_the_episodic_records()
    {
        var episodic = new MemoryStore(2, indexText: true);
        var routed = new RoutedStore(2, coreQuota: 1, semanticQuota: 1, coreMax: 8);
        Write(routed, episodic, "pref", Preference, 1, 0);          // cosine 1.0 to the query, core
        Write(routed, episodic, "fact", Fact, 0.8f, 0.6f);          // cosine 0.8, semantic
        Write(routed, episodic, "talk", SmallTalk, 0.6f, 0.8f);     // cosine 0.6
        Write(routed, episodic, "near", "ok sure", 0.9f, 0.43589f); // cosine 0.9
        var cosine = new CosineRetriever(topK: 2);
        var query = TestData.Unit(1, 0);

        // Plain cosine top-2 over the episodes: pref (1.0), near (0.9).
        var episodicHits = cosine.Retrieve(episodic, query);
        Assert.Equal(["pref", "near"], Keys(episodicHits));

        // Core gives pref, the semantic quota takes fact (0.8), which displaces near; pref is taken once.
        var merged = routed.Merge(episodic, cosine.Retrieve(routed.Core, query), cosine.Retrieve(routed.Semantic, query), episodicHits);
        Assert.Equal(["pref", "fact"], Keys(merged));
        Assert.Equal(1f, merged[0].Score, 5);
        Assert.Equal(0.8f, merged[1].Score, 5);
        Assert.Same(episodic.GetRecord(1), merged[1].Record);

        // Without a semantic quota the episodes fill the rest.
        var noSemantic = new RoutedStore(2, coreQuota: 1, semanticQuota: 0, coreMax: 8);
        Assert.Equal(["pref", "near"], Keys(noSemantic.Merge(episodic, cosine.Retrieve(routed.Core, query), cosine.Retrieve(routed.Semantic, query), episodicHits)));
    }

    [Fact]
    public void The_core_store_never_exceeds_its_size_and_the_least_important_leaves_first()
    {
        var episodic = new MemoryStore(2, indexText: true);
        var routed = new RoutedStore(2, coreQuota: 2, semanticQuota: 0, coreMax: 2);
        const string Tea = "I love green tea.";
        const string Identity = "My name is Caroline and I was born in Sweden in 1990.";
        Assert.True(ImportanceHeuristic.Score(Tea) < ImportanceHeuristic.Score(Identity));

        Write(routed, episodic, "c1", Tea, 1, 0);
        Write(routed, episodic, "c2", Identity, 0, 1);
        Write(routed, episodic, "c3", Tea, 1, 1);

        // Three core statements, room for two: the two teas tie, the older (c1) leaves.
        Assert.Equal(2, routed.Core.Count);
        Assert.False(routed.Core.ContainsKey("c1"));
        Assert.True(routed.Core.ContainsKey("c2"));
        Assert.True(routed.Core.ContainsKey("c3"));

        Write(routed, episodic, "c4", Tea, 1, 2);
        Assert.Equal(2, routed.Core.Count);
        Assert.True(routed.Core.ContainsKey("c2"));
        Assert.True(routed.Core.ContainsKey("c4"));
        Assert.Equal(4, episodic.Count);
    }

    [Fact]
    public void A_copy_whose_episode_was_removed_is_never_returned_and_leaves_at_manage()
    {
        var episodic = new MemoryStore(2, indexText: true);
        var routed = new RoutedStore(2, coreQuota: 1, semanticQuota: 1, coreMax: 8);
        Write(routed, episodic, "fact", Fact, 1, 0);
        Write(routed, episodic, "talk", SmallTalk, 0, 1);
        Assert.True(episodic.TryGetId("fact", out var id));
        episodic.Remove(id);
        var cosine = new CosineRetriever(topK: 2);
        var query = TestData.Unit(1, 0);

        var merged = routed.Merge(episodic, cosine.Retrieve(routed.Core, query), cosine.Retrieve(routed.Semantic, query), cosine.Retrieve(episodic, query));

        Assert.Equal(["talk"], Keys(merged));
        Assert.Equal(1, routed.RemoveOrphans(episodic));
        Assert.Equal(0, routed.Semantic.Count);
    }

    [Fact]
    public async Task A_routed_pipeline_always_brings_its_core_statement_and_counts_each_turn_once()
    {
        var routedSpec = AttributeText.Parse("[MemoryArchitecture(\"t\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Routed, CoreQuota = 1, SemanticQuota = 0)] [Retrieve(RetrieveKind.Cosine, TopK = 3)]");
        var plainSpec = AttributeText.Parse("[MemoryArchitecture(\"t\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine, TopK = 3)]");
        using var routed = InterpretedPipeline.Create(routedSpec);
        using var plain = InterpretedPipeline.Create(plainSpec);
        var turns = new[]
        {
            TestData.Turn("t0", "I love green tea."),
            TestData.Turn("t1", "the project deadline meeting moved", minutes: 1),
            TestData.Turn("t2", "the project deadline is close", minutes: 2),
            TestData.Turn("t3", "a meeting about the project", minutes: 3),
            TestData.Turn("t4", "deadline meeting notes for the project", minutes: 4),
        };
        foreach (var turn in turns)
        {
            await routed.WriteAsync(turn);
            await plain.WriteAsync(turn);
        }

        var query = new MemoryQuery("project deadline meeting", TestData.Start.AddDays(1));
        var plainHits = await plain.QueryAsync(query);
        var routedHits = await routed.QueryAsync(query);

        Assert.Equal(5, routed.Count);
        Assert.DoesNotContain("t0", plainHits.Select(h => h.Record.Key));
        Assert.Equal(3, routedHits.Count);
        Assert.Contains("t0", routedHits.Select(h => h.Record.Key));
        Assert.Equal(plainHits.Take(2).Select(h => h.Record.Key), routedHits.Where(h => h.Record.Key != "t0").Select(h => h.Record.Key));
    }
}
