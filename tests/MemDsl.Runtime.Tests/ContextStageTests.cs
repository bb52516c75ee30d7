using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// The context stage against hand-computed cases: neighbours from the hit's own session only, no
/// record twice, chronological order with ties by id, the token budget cut exactly at the limit, and
/// a declaration without the stage behaving as before.
/// </summary>
public sealed class ContextStageTests
{
    // Session s1 has a0..a4 one hour apart; s2's b0 and b1 fall between them in time and in write order.
    // Ids in write order: a0 0, b0 1, a1 2, b1 3, a2 4, a3 5, a4 6.
    private static MemoryStore TwoSessions()
    {
        var store = new MemoryStore(2, indexText: false);
        Write(store, "a0", "s1", 0);
        Write(store, "b0", "s2", 30);
        Write(store, "a1", "s1", 60);
        Write(store, "b1", "s2", 90);
        Write(store, "a2", "s1", 120);
        Write(store, "a3", "s1", 180);
        Write(store, "a4", "s1", 240);
        return store;
    }

    private static MemoryRecord Write(MemoryStore store, string key, string session, int minutes, string? text = null) =>
        store.Upsert(new EncodedRecord(key, text ?? key, TestData.Start.AddMinutes(minutes), session, [key]), TestData.Unit(1, 0));

    private static MemoryHit Hit(MemoryStore store, long id, float score)
    {
        Assert.True(store.TryGetSlot(id, out var slot));
        return new MemoryHit(store.GetRecord(slot), score);
    }

    private static bool[] Flags(IReadOnlyList<MemoryHit> hits) => hits.Select(h => h.IsNeighbour).ToArray();

    [Fact]
    public void Neighbours_come_from_the_hits_own_session_only()
    {
        var store = TwoSessions();

        // a1's neighbours in time are b0 and b1 (s2), but its session neighbours are a0 and a2.
        var one = new ContextBuilder(ContextKind.Ranked, 1, 0).Build(store, [Hit(store, 2, 0.9f)]);
        Assert.Equal([0L, 2L, 4L], TestData.Ids(one));
        Assert.Equal([true, false, true], Flags(one));
        Assert.All(one, hit => Assert.Equal(0.9f, hit.Score));

        // At a session's start only the later side exists; Neighbours = 2 takes two of them.
        var start = new ContextBuilder(ContextKind.Ranked, 2, 0).Build(store, [Hit(store, 0, 0.5f)]);
        Assert.Equal([0L, 2L, 4L], TestData.Ids(start));

        // b1 has one record before it in s2 and none after.
        var other = new ContextBuilder(ContextKind.Ranked, 3, 0).Build(store, [Hit(store, 3, 0.4f)]);
        Assert.Equal([1L, 3L], TestData.Ids(other));
    }

    [Fact]
    public void A_record_is_placed_once_and_a_hit_is_never_taken_for_a_neighbour()
    {
        var store = TwoSessions();
        var builder = new ContextBuilder(ContextKind.Ranked, 1, 0);

        // a2 (0.9) and a1 (0.8) are each other's neighbours: both stay hits, at their own ranks.
        // a2: [a1 is a hit], a2, a3 (0.9); a1: a0 (0.8), a1, [a2 is a hit].
        var adjacent = builder.Build(store, [Hit(store, 4, 0.9f), Hit(store, 2, 0.8f)]);
        Assert.Equal([4L, 5L, 0L, 2L], TestData.Ids(adjacent));
        Assert.Equal([false, true, true, false], Flags(adjacent));
        Assert.Equal([0.9f, 0.9f, 0.8f, 0.8f], adjacent.Select(h => h.Score));

        // a1 (0.9) and a3 (0.8) share the neighbour a2: it is placed once, after a1, with a1's score.
        var shared = builder.Build(store, [Hit(store, 2, 0.9f), Hit(store, 5, 0.8f)]);
        Assert.Equal([0L, 2L, 4L, 5L, 6L], TestData.Ids(shared));
        Assert.Equal([true, false, true, false, true], Flags(shared));
        Assert.Equal(0.9f, shared[2].Score);
    }

    [Fact]
    public void Chronological_orders_by_record_time_then_id_before_adding_neighbours()
    {
        var store = TwoSessions();
        Write(store, "c1", "s3", 500); // id 7
        Write(store, "c0", "s3", 500); // id 8, same time: after c1 by id

        var hits = new[] { Hit(store, 5, 0.9f), Hit(store, 8, 0.85f), Hit(store, 1, 0.8f), Hit(store, 7, 0.7f), Hit(store, 0, 0.6f) };
        var ordered = new ContextBuilder(ContextKind.Chronological, 0, 0).Build(store, hits);
        Assert.Equal([0L, 1L, 5L, 7L, 8L], TestData.Ids(ordered));
        Assert.Equal([0.6f, 0.8f, 0.9f, 0.7f, 0.85f], ordered.Select(h => h.Score));

        // With a neighbour each side the s1 run reads in conversation order: a0, a1 (after a0), a2 (before a3), a3, a4.
        var expanded = new ContextBuilder(ContextKind.Chronological, 1, 0).Build(store, [Hit(store, 5, 0.9f), Hit(store, 0, 0.6f)]);
        Assert.Equal([0L, 2L, 4L, 5L, 6L], TestData.Ids(expanded));
    }

    [Fact]
    public void The_token_budget_keeps_hits_until_the_next_would_exceed_it()
    {
        var store = new MemoryStore(2, indexText: false);
        var five = Write(store, "t0", "s1", 0, "I adopted a dog.");     // I, adopted, a, dog, . = 5
        var four = Write(store, "t1", "s1", 1, "Maya: hello there");   // Maya, :, hello, there = 4
        var three = Write(store, "t2", "s1", 2, "  it's  ");           // it, ', s = 3
        Assert.Equal([5, 4, 3], new[] { five, four, three }.Select(r => ContextTokens.Count(r.Text)));
        MemoryHit[] Hits() => [new(five, 0.9f), new(four, 0.8f), new(three, 0.7f)];

        Assert.Equal([0L, 1L], TestData.Ids(new ContextBuilder(ContextKind.Ranked, 0, 9).Build(store, Hits())));      // 5 + 4 = 9: exactly at the limit
        Assert.Equal([0L], TestData.Ids(new ContextBuilder(ContextKind.Ranked, 0, 8).Build(store, Hits())));          // 9 > 8
        Assert.Equal([0L, 1L, 2L], TestData.Ids(new ContextBuilder(ContextKind.Ranked, 0, 12).Build(store, Hits())));
        Assert.Empty(new ContextBuilder(ContextKind.Ranked, 0, 4).Build(store, Hits()));                               // the first alone is over
        Assert.Equal([0L, 1L, 2L], TestData.Ids(new ContextBuilder(ContextKind.Ranked, 0, 0).Build(store, Hits())));  // 0 = unlimited

        // Neighbours count against the budget in the order they are placed: t1's t0 (5) and t1 (4) fit 9, t2 does not.
        Assert.Equal([0L, 1L], TestData.Ids(new ContextBuilder(ContextKind.Ranked, 1, 9).Build(store, [new MemoryHit(four, 1f)])));
    }

    [Fact]
    public void Context_tokens_count_words_numbers_and_punctuation_marks()
    {
        Assert.Equal(0, ContextTokens.Count(""));
        Assert.Equal(0, ContextTokens.Count(" \t\n"));
        Assert.Equal(7, ContextTokens.Count("Maya: it's 3pm."));             // Maya : it ' s 3pm .
        Assert.Equal(4, ContextTokens.Count("Café—naïve 2024"));             // Café — naïve 2024
        Assert.Equal(9, ContextTokens.Count("[8 May 2023] Caroline: Yes!")); // [ 8 May 2023 ] Caroline : Yes !
    }

    [Fact]
    public void The_session_index_follows_removals_and_replacements()
    {
        var store = TwoSessions();
        Span<long> around = stackalloc long[2];
        Assert.Equal((1, 1), store.FindSessionNeighbours(4, 1, around)); // builds the index: a1 | a3
        Assert.Equal([2L, 5L], around.ToArray());

        Assert.True(store.Remove(2));                                     // a1 gone: a2's earlier neighbour is a0
        Assert.Equal((1, 1), store.FindSessionNeighbours(4, 1, around));
        Assert.Equal([0L, 5L], around.ToArray());

        Write(store, "a0", "s1", 210);                                    // a0 rewritten later: a2, a3, a0, a4
        Assert.Equal((1, 1), store.FindSessionNeighbours(0, 1, around));
        Assert.Equal([5L, 6L], around.ToArray());
        Assert.Equal((0, 1), store.FindSessionNeighbours(4, 1, around));
        Assert.Equal(5L, around[0]);

        Write(store, "a5", "s1", 300);                                    // a new record joins the end
        Assert.Equal((1, 0), store.FindSessionNeighbours(7, 1, around));
        Assert.Equal(6L, around[0]);
        Assert.Equal((0, 0), store.FindSessionNeighbours(99, 1, around));
    }

    [Fact]
    public async Task A_declaration_without_the_stage_returns_what_ranked_with_defaults_returns()
    {
        const string Stages = "[Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Hybrid, TopK = 4)]";
        using var plain = InterpretedPipeline.Create(AttributeText.Parse("[MemoryArchitecture(\"plain\")] " + Stages));
        using var ranked = InterpretedPipeline.Create(AttributeText.Parse("[MemoryArchitecture(\"ranked\")] " + Stages + " [Context(ContextKind.Ranked)]"));
        using var expanded = InterpretedPipeline.Create(AttributeText.Parse("[MemoryArchitecture(\"expanded\")] " + Stages + " [Context(ContextKind.Chronological, Neighbours = 1)]"));
        string[] texts = ["I adopted a greyhound", "her name is Biscuit", "we walk by the river", "I started pottery", "my sister visits in May", "the greyhound likes the river"];
        for (var i = 0; i < texts.Length; i++)
        {
            var turn = TestData.Turn("t" + i, texts[i], session: i < 3 ? "s1" : "s2", minutes: i);
            await plain.WriteAsync(turn);
            await ranked.WriteAsync(turn);
            await expanded.WriteAsync(turn);
        }

        var query = new MemoryQuery("greyhound river");
        var expected = await plain.QueryAsync(query);
        static (long, string, float, bool)[] Shown(IReadOnlyList<MemoryHit> hits) => hits.Select(h => (h.Record.Id, h.Record.Text, h.Score, h.IsNeighbour)).ToArray();
        Assert.Equal(Shown(expected), Shown(await ranked.QueryAsync(query)));

        // Every retrieved hit is still there, with its session neighbours, in time order.
        var context = await expanded.QueryAsync(query);
        Assert.Subset(context.Select(h => h.Record.Id).ToHashSet(), expected.Select(h => h.Record.Id).ToHashSet());
        Assert.Equal(context.OrderBy(h => h.Record.Timestamp).ThenBy(h => h.Record.Id).Select(h => h.Record.Id), context.Select(h => h.Record.Id));
        Assert.Equal(expected.Count, context.Count(h => !h.IsNeighbour));
    }

    [Fact]
    public void Building_a_context_allocates_only_the_result()
    {
        var store = TwoSessions();
        var builder = new ContextBuilder(ContextKind.Chronological, 2, 1000);
        MemoryHit[] Hits() => [Hit(store, 5, 0.9f), Hit(store, 1, 0.8f), Hit(store, 2, 0.7f)];
        builder.Build(store, Hits()); // warms the scratch sets and the store's session index

        var hits = Hits();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var context = builder.Build(store, hits);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(7, context.Length);
        Assert.True(allocated <= 32 + (context.Length * 16), $"{allocated} bytes for a {context.Length}-hit result");
    }

    [Fact]
    public void Parameters_outside_the_catalog_range_are_refused()
    {
        Assert.Equal("neighbours", Assert.Throws<ArgumentOutOfRangeException>(() => new ContextBuilder(ContextKind.Ranked, 6, 0)).ParamName);
        Assert.Equal("tokenBudget", Assert.Throws<ArgumentOutOfRangeException>(() => new ContextBuilder(ContextKind.Ranked, 0, -1)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new ContextBuilder((ContextKind)9, 0, 0)).ParamName);
    }
}
