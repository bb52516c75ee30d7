using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// AriGraph-lite against hand-computed cases: entity extraction, the record-entity graph kept current
/// through replacements and removals, and an expansion that follows shared entities from the seeds.
/// </summary>
public sealed class GraphStageTests
{
    private static MemoryStore Graph(int dimensions = 3) => new(dimensions, indexText: true, trackStatistics: true, summarizeSessions: false, linkEntities: true);

    private static EncodedRecord Record(string key, string text) => new(key, text, TestData.Start, "s1", [key]);

    private static List<string> Names(string text)
    {
        var names = new List<string>();
        EntityNames.Extract(text, names);
        return names;
    }

    [Fact]
    public void Entity_names_are_capitalised_runs_that_are_not_common_addressed_or_shouted()
    {
        Assert.Equal(["Biscuit", "New York"], Names("I took Biscuit to New York last May."));
        Assert.Equal(["Ana", "Porto"], Names("Ana relocated to Porto."));
        Assert.Equal(["Melanie"], Names("I met Melanie's son at the park."));
        Assert.Equal(["Lisbon"], Names("Hey Mel! OK, so Lisbon was great. Thanks!"));
        Assert.Equal(["Ana"], Names("Caroline, did Ana call? ana said so."));
        Assert.Empty(Names("She said that yesterday was fine. The end."));
        Assert.Equal(["Porto", "Lisbon"], Names("Porto. Lisbon"));
    }

    [Fact]
    public void Records_naming_the_same_entity_are_linked_and_links_follow_rewrites_and_removals()
    {
        var store = Graph();
        store.Upsert(Record("a", "I adopted Biscuit in Lisbon."), TestData.Unit(1, 0, 0));
        store.Upsert(Record("b", "Biscuit loves the beach."), TestData.Unit(0, 1, 0));
        store.Upsert(Record("c", "The weather was nice."), TestData.Unit(0, 0, 1));
        var graph = store.Entities!;

        Assert.True(graph.TryGetEntity("biscuit", out var biscuit));
        Assert.Equal([0L, 1L], graph.RecordsOf(biscuit).Order().ToArray());
        Assert.Equal(["Biscuit", "Lisbon"], graph.EntitiesOf(0).ToArray().Select(graph.GetName));
        Assert.True(graph.EntitiesOf(2).IsEmpty);

        // b rewritten without the name: the link is gone; then a is removed.
        store.Upsert(Record("b", "The dog loves the beach."), TestData.Unit(0, 1, 0));
        Assert.Equal([0L], graph.RecordsOf(biscuit).ToArray());
        Assert.True(store.Remove(0));
        Assert.Empty(graph.RecordsOf(biscuit));
        Assert.True(graph.EntitiesOf(0).IsEmpty);
    }

    /// <summary>
    /// Query (1, 0, 0). a (Biscuit) cosine 1; b (Biscuit, also Lisbon) 0.2; c (no entity) 0.6; d (Lisbon only) 0.1.
    /// One seed (a): the walk reaches b through Biscuit, so b takes the second rank although c is nearer.
    /// </summary>
    [Fact]
    public void An_entity_shared_with_a_seed_brings_its_other_record_into_the_hits()
    {
        var store = Graph();
        store.Upsert(Record("a", "I adopted Biscuit last spring."), TestData.Unit(1, 0, 0));
        store.Upsert(Record("b", "Biscuit chewed my shoes in Lisbon."), TestData.Unit(0.2f, 0.9798f, 0));
        store.Upsert(Record("c", "The weather was lovely."), TestData.Unit(0.6f, 0, 0.8f));
        store.Upsert(Record("d", "Lisbon has steep hills."), TestData.Unit(0.1f, 0, 0.995f));
        var query = TestData.Unit(1, 0, 0);

        Assert.Equal(["a", "c"], new CosineRetriever(2).Retrieve(store, query).Select(h => h.Record.Key));

        var oneHop = new GraphRetriever(topK: 2, seeds: 1, hops: 1, fanout: 20).Retrieve(store, query);
        Assert.Equal(["a", "b"], oneHop.Select(h => h.Record.Key));
        Assert.Equal(0.2f, oneHop[1].Score, 3);

        // Two hops reach d through b's Lisbon; ranks left over go to the next cosine hit (c); ordered by cosine.
        var twoHops = new GraphRetriever(topK: 4, seeds: 1, hops: 2, fanout: 20).Retrieve(store, query);
        Assert.Equal(["a", "c", "b", "d"], twoHops.Select(h => h.Record.Key));
        var oneHopWide = new GraphRetriever(topK: 3, seeds: 1, hops: 1, fanout: 20).Retrieve(store, query);
        Assert.Equal(["a", "c", "b"], oneHopWide.Select(h => h.Record.Key));

        // Fanout 1: Biscuit is named by two records, so it is not followed; cosine fills the ranks.
        Assert.Equal(["a", "c"], new GraphRetriever(topK: 2, seeds: 1, hops: 1, fanout: 1).Retrieve(store, query).Select(h => h.Record.Key));
    }

    [Fact]
    public void A_store_without_an_entity_graph_is_refused()
    {
        var store = new MemoryStore(3, indexText: true);
        store.Upsert(Record("a", "Ana"), TestData.Unit(1, 0, 0));
        var error = Assert.Throws<InvalidOperationException>(() => new GraphRetriever(2, 1, 1, 5).Retrieve(store, TestData.Unit(1, 0, 0)));
        Assert.Contains("StoreKind.Graph", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphRetriever(2, 0, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphRetriever(2, 1, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphRetriever(2, 1, 1, 0));
    }

    [Fact]
    public async Task A_declared_graph_pipeline_follows_a_name_to_a_turn_cosine_ranks_low()
    {
        var spec = AttributeText.Parse("""
            [MemoryArchitecture("graph-test")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 512)]
            [Store(StoreKind.Graph)]
            [Retrieve(RetrieveKind.Graph, TopK = 2, Seeds = 1)]
            """);
        Assert.True(spec.Validate().IsValid);
        using var cosine = InterpretedPipeline.Create(AttributeText.Parse("""
            [MemoryArchitecture("cosine-test")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 512)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine, TopK = 2)]
            """));
        using var graph = InterpretedPipeline.Create(spec);
        Turn[] turns =
        [
            TestData.Turn("t1", "We adopted a puppy and named him Biscuit.", minutes: 0),
            TestData.Turn("t2", "We adopted a kitten from the shelter too.", minutes: 1),
            TestData.Turn("t3", "Biscuit is scared of thunder.", minutes: 2),
        ];
        foreach (var turn in turns)
        {
            await graph.WriteAsync(turn);
            await cosine.WriteAsync(turn);
        }

        var question = new MemoryQuery("What puppy did we adopt and name?");
        Assert.Equal(["t1", "t2"], (await cosine.QueryAsync(question)).Select(h => h.Record.Key));
        Assert.Equal(["t1", "t3"], (await graph.QueryAsync(question)).Select(h => h.Record.Key));
    }
}
