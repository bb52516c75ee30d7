using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

public sealed class Bm25Tests
{
    // Corpus (N = 3, total length 9, avgdl = 3):
    //   0: "apple banana"             dl = 2
    //   1: "Apple apple, cherry!"     dl = 3  (tf apple = 2; case and punctuation are ignored)
    //   2: "banana cherry date fig"   dl = 4
    // idf(df = 2) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)      = 0.4700036292
    // idf(df = 1) = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(2.666...) = 0.9808292530
    // term score = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / 3))
    //   apple, doc 0: tf 1, dl 2: denominator 1 + 1.2 * 0.75 = 1.9  -> 0.4700036 * 2.2 / 1.9 = 0.5442147
    //   apple, doc 1: tf 2, dl 3: denominator 2 + 1.2 * 1.00 = 3.2  -> 0.4700036 * 4.4 / 3.2 = 0.6462550
    //   cherry, doc 1: tf 1, dl 3: denominator 1 + 1.2 = 2.2        -> 0.4700036
    //   cherry, doc 2: tf 1, dl 4: denominator 1 + 1.2 * 1.25 = 2.5 -> 0.4700036 * 0.88 = 0.4136032 (longer doc scores lower)
    //   date, doc 2:   tf 1, dl 4                                   -> 0.9808293 * 0.88 = 0.8631297
    private static Bm25Index Corpus()
    {
        var index = new Bm25Index();
        index.Add(0, "apple banana");
        index.Add(1, "Apple apple, cherry!");
        index.Add(2, "banana cherry date fig");
        return index;
    }

    private static float Score(Bm25Index index, long id, string query)
    {
        var tokens = new List<string>();
        TextTokenizer.Tokenize(query, tokens);
        return index.Score(id, tokens.ToArray());
    }

    [Fact]
    public void Scores_match_hand_computed_values()
    {
        var index = Corpus();
        Assert.Equal(3, index.DocumentCount);
        Assert.Equal(0.5442147f, Score(index, 0, "apple"), 5);
        Assert.Equal(0.6462550f, Score(index, 1, "apple"), 5);
        Assert.Equal(0f, Score(index, 2, "apple"));
        Assert.Equal(0.4700036f, Score(index, 1, "cherry"), 5);
        Assert.Equal(0.4136032f, Score(index, 2, "cherry"), 5);
        Assert.Equal(0.4136032f + 0.8631297f, Score(index, 2, "CHERRY date"), 5);
    }

    [Fact]
    public void Absent_term_adds_nothing_and_repeated_term_counts_once()
    {
        var index = Corpus();
        Assert.Equal(Score(index, 1, "apple"), Score(index, 1, "apple zebra"));
        Assert.Equal(0f, Score(index, 0, "zebra"));
        Assert.Equal(0.6462550f, Score(index, 1, "apple apple"), 5);
        Assert.Equal(0.4136032f + 0.8631297f, Score(index, 2, "cherry DATE Cherry date"), 5);
    }

    [Fact]
    public void Readding_an_id_replaces_it_and_removal_updates_statistics()
    {
        var index = Corpus();
        index.Add(2, "apple");
        Assert.Equal(3, index.DocumentCount);
        Assert.Equal(0f, Score(index, 2, "cherry"));
        Assert.Equal(3, index.DocumentFrequency("apple"));
        Assert.True(index.Remove(2));
        Assert.False(index.Remove(2));
        Assert.Equal(2, index.DocumentCount);
        Assert.Equal(0, index.DocumentFrequency("date"));

        // Two docs left ("apple banana", "apple apple cherry"), avgdl 2.5, df(cherry) = 1:
        // idf = ln(1 + 1.5 / 1.5) = ln 2; dl 3: 1 + 1.2 * (0.25 + 0.75 * 3 / 2.5) = 2.38 -> ln2 * 2.2 / 2.38
        Assert.Equal((float)(Math.Log(2) * 2.2 / 2.38), Score(index, 1, "cherry"), 5);
    }

    [Fact]
    public void Retriever_returns_only_matching_documents_in_score_order()
    {
        var store = new MemoryStore(2, indexText: true);
        var vector = TestData.Unit(1, 0);
        store.Upsert(TestData.Record("a", "apple banana"), vector);
        store.Upsert(TestData.Record("b", "Apple apple, cherry!"), vector);
        store.Upsert(TestData.Record("c", "banana cherry date fig"), vector);

        var hits = new Bm25Retriever(10).Retrieve(store, "cherry date");
        Assert.Equal([2L, 1L], TestData.Ids(hits));
        Assert.Equal(0.4136032f + 0.8631297f, hits[0].Score, 5);
        Assert.Equal(0.4700036f, hits[1].Score, 5);

        Assert.Equal([1L], TestData.Ids(new Bm25Retriever(1).Retrieve(store, "apple")));
        Assert.Empty(new Bm25Retriever(5).Retrieve(store, "zebra"));
    }

    [Fact]
    public void Retriever_without_text_index_throws()
    {
        var store = new MemoryStore(2, indexText: false);
        Assert.Throws<InvalidOperationException>(() => new Bm25Retriever(3).Retrieve(store, "x"));
    }

    [Fact]
    public void Tokenizer_lowers_and_splits_on_non_letters_or_digits()
    {
        var tokens = new List<string> { "kept" };
        TextTokenizer.Tokenize("Hello, WORLD! it's 2024-03_01 Ünïcode", tokens);
        Assert.Equal(["kept", "hello", "world", "it", "s", "2024", "03", "01", "ünïcode"], tokens);
    }

    [Fact]
    public void The_retrieval_path_and_the_single_document_score_agree_on_repeated_and_mixed_case_terms()
    {
        var store = new MemoryStore(2, indexText: true);
        var vector = TestData.Unit(1, 0);
        store.Upsert(TestData.Record("a", "apple banana"), vector);
        store.Upsert(TestData.Record("b", "Apple apple, cherry!"), vector);
        store.Upsert(TestData.Record("c", "banana cherry date fig"), vector);

        var hits = new Bm25Retriever(3).Retrieve(store, "Cherry cherry DATE apple APPLE");

        foreach (var hit in hits)
        {
            Assert.Equal(Score(store.Text!, hit.Record.Id, "cherry date apple"), hit.Score, 5);
        }

        Assert.Equal([2L, 1L, 0L], TestData.Ids(hits));
    }
}
