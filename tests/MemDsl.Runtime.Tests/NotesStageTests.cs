using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// A-MEM's linked notes against hand-computed cases: keywords, tags and links of a new note, memory
/// evolution (a linked neighbour takes the new note's names and keywords as tags and is then found by
/// them), links kept current on rewrites and removals, and retrieval that follows links from the seeds.
/// </summary>
public sealed class NotesStageTests
{
    private static MemoryStore Notes(int links, int dimensions = 3) => new(dimensions, indexText: true, trackStatistics: true, summarizeSessions: false, linkEntities: false, noteLinks: links);

    private static EncodedRecord Record(string key, string text) => new(key, text, TestData.Start, "s1", [key]);

    [Fact]
    public void A_new_note_links_to_its_nearest_note_and_evolves_its_tags()
    {
        var store = Notes(links: 1);
        store.Upsert(Record("n0", "I adopted a puppy last spring."), TestData.Unit(1, 0, 0));
        store.Upsert(Record("n1", "Biscuit chewed the sofa again."), TestData.Unit(0.8f, 0.6f, 0));
        store.Upsert(Record("n2", "The weather is cold."), TestData.Unit(0, 1, 0));
        var notes = store.Notes!;

        // Keywords: the first five distinct words of four letters or more that are not common ("last").
        Assert.Equal(["adopted", "puppy", "spring"], notes.KeywordsOf(0));
        Assert.Equal(["biscuit", "chewed", "sofa", "again"], notes.KeywordsOf(1));

        // n1's nearest is n0 (cosine 0.8): n0 takes n1's name and its keywords it lacks ("biscuit" is the name again).
        Assert.Equal(["Biscuit", "chewed", "sofa", "again"], notes.TagsOf(0));

        // n2's nearest is n1 (0.6 against 0): n1 keeps its own name first, then learns n2's keywords.
        Assert.Equal(["Biscuit", "weather", "cold"], notes.TagsOf(1));
        Assert.Equal([1L], notes.LinksOf(0));
        Assert.Equal([0L, 2L], notes.LinksOf(1));
        Assert.Equal([1L], notes.LinksOf(2));
    }

    [Fact]
    public void An_evolved_neighbour_is_found_by_the_new_notes_name()
    {
        var store = Notes(links: 1);
        var plain = new MemoryStore(3, indexText: true);
        (string Key, string Text, float[] Vector)[] writes =
        [
            ("n0", "I adopted a puppy last spring.", TestData.Unit(1, 0, 0)),
            ("n1", "Biscuit chewed the sofa again.", TestData.Unit(0.8f, 0.6f, 0)),
            ("n2", "The weather is cold.", TestData.Unit(0, 1, 0)),
        ];
        foreach (var (key, text, vector) in writes)
        {
            store.Upsert(Record(key, text), vector);
            plain.Upsert(Record(key, text), vector);
        }

        // Pure BM25 (Alpha 0): without evolution only n1 says "Biscuit"; with it n0 is found too.
        Assert.Equal(["n1"], new Bm25Retriever(3).Retrieve(plain, "Biscuit").Select(h => h.Record.Key));
        var hits = new NotesRetriever(topK: 2, seeds: 2, alpha: 0f).Retrieve(store, TestData.Unit(0, 0, 1), "Biscuit");
        Assert.Equal(["n0", "n1"], hits.Select(h => h.Record.Key).Order());
        Assert.All(hits, hit => Assert.True(hit.Score > 0f));
    }

    /// <summary>
    /// a (1, 0); b (0, 1) links to a; c (0.6, 0.8) links to its nearest, b. Query (1, 0), cosine only:
    /// a 1, c 0.6, b 0. One seed (a): its link b takes the second rank that cosine gives to c.
    /// </summary>
    [Fact]
    public void Retrieval_follows_the_seeds_links_before_the_next_best_notes()
    {
        var store = Notes(links: 1, dimensions: 2);
        store.Upsert(Record("a", "alpha"), TestData.Unit(1, 0));
        store.Upsert(Record("b", "beta"), TestData.Unit(0, 1));
        store.Upsert(Record("c", "gamma"), TestData.Unit(0.6f, 0.8f));
        var query = TestData.Unit(1, 0);

        Assert.Equal(["a", "c"], new CosineRetriever(2).Retrieve(store, query).Select(h => h.Record.Key));
        Assert.Equal(["a", "b"], new NotesRetriever(topK: 2, seeds: 1, alpha: 1f).Retrieve(store, query, "").Select(h => h.Record.Key));

        // Two seeds (a, c): their links are b (both); ranks left over are filled by score.
        Assert.Equal(["a", "c", "b"], new NotesRetriever(topK: 3, seeds: 2, alpha: 1f).Retrieve(store, query, "").Select(h => h.Record.Key));

        // Removing b drops it from a's and c's links; a's seed then has nothing to follow, and cosine fills.
        Assert.True(store.Remove(1));
        Assert.Empty(store.Notes!.LinksOf(0));
        Assert.Empty(store.Notes.LinksOf(2));
        Assert.Equal(["a", "c"], new NotesRetriever(topK: 2, seeds: 1, alpha: 1f).Retrieve(store, query, "").Select(h => h.Record.Key));
    }

    [Fact]
    public void A_rewritten_note_is_a_new_note()
    {
        var store = Notes(links: 1, dimensions: 2);
        store.Upsert(Record("a", "Ana lives in Lisbon."), TestData.Unit(1, 0));
        store.Upsert(Record("b", "Bo plays chess."), TestData.Unit(0.6f, 0.8f));
        Assert.Equal([1L], store.Notes!.LinksOf(0));

        store.Upsert(Record("b", "Bo moved to Porto."), TestData.Unit(0.6f, 0.8f));
        Assert.Equal([0L], store.Notes.LinksOf(1));
        Assert.Equal([1L], store.Notes.LinksOf(0));
        Assert.Equal(["Bo", "Porto"], store.Notes.TagsOf(1));
        Assert.Equal(["moved", "porto"], store.Notes.KeywordsOf(1));

        // What the old b taught a stays; the new b teaches it more ("porto" is "Porto" again).
        Assert.Equal(["Ana", "Lisbon", "Bo", "plays", "chess", "Porto", "moved"], store.Notes.TagsOf(0));
    }

    [Fact]
    public void Wrong_arguments_and_stores_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryStore(2, true, true, false, false, noteLinks: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotesRetriever(2, 0, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotesRetriever(2, 1, 1.5f));
        var store = new MemoryStore(2, indexText: true);
        store.Upsert(Record("a", "alpha"), TestData.Unit(1, 0));
        var error = Assert.Throws<InvalidOperationException>(() => new NotesRetriever(2, 1, 0.5f).Retrieve(store, TestData.Unit(1, 0), "alpha"));
        Assert.Contains("StoreKind.Notes", error.Message);
    }

    [Fact]
    public async Task A_declared_notes_pipeline_validates_and_answers()
    {
        var spec = AttributeText.Parse("""
            [MemoryArchitecture("notes-test")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 256)]
            [Store(StoreKind.Notes, Links = 1)]
            [Retrieve(RetrieveKind.Notes, TopK = 2, Seeds = 1, Alpha = 0)]
            """);
        Assert.True(spec.Validate().IsValid);
        using var memory = InterpretedPipeline.Create(spec);
        await memory.WriteAsync(TestData.Turn("t1", "We adopted a puppy last spring.", minutes: 0));
        await memory.WriteAsync(TestData.Turn("t2", "Biscuit chewed the puppy bed again.", minutes: 1));

        // t2 linked to t1 and taught it "Biscuit": a BM25-only query for the name finds both.
        var hits = await memory.QueryAsync(new MemoryQuery("Biscuit"));
        Assert.Equal(["t1", "t2"], hits.Select(h => h.Record.Key).Order());
    }
}
