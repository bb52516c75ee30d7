using System.Numerics.Tensors;
using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

public sealed class RetrieverTests
{
    private static (long Id, float Score)[] NaiveRanking(MemoryStore store, ReadOnlySpan<float> query)
    {
        var all = new (long Id, float Score)[store.Count];
        for (var slot = 0; slot < store.Count; slot++)
        {
            all[slot] = (store.GetRecord(slot).Id, TensorPrimitives.Dot(store.GetVector(slot), query));
        }

        return all.OrderByDescending(x => x.Score).ThenBy(x => x.Id).ToArray();
    }

    [Fact]
    public void Cosine_top_k_equals_a_full_sort_on_random_data()
    {
        for (var seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            var dimensions = random.Next(1, 40);
            var store = new MemoryStore(dimensions, indexText: false);
            var count = random.Next(0, 120);
            var vectors = new List<float[]>();
            for (var i = 0; i < count; i++)
            {
                // About one in five vectors repeats an earlier one, so exact score ties occur.
                var vector = vectors.Count > 0 && random.Next(5) == 0 ? vectors[random.Next(vectors.Count)] : TestData.RandomUnit(random, dimensions);
                vectors.Add(vector);
                store.Upsert(TestData.Record("k" + i), vector);
            }

            // Removals reorder slots, so slot order no longer follows id order.
            for (var i = 0; i < count / 4; i++)
            {
                store.Remove(random.Next(count));
            }

            var query = TestData.RandomUnit(random, dimensions);
            var k = random.Next(1, count + 10);
            var hits = new CosineRetriever(k).Retrieve(store, query);
            var expected = NaiveRanking(store, query);
            Assert.Equal(Math.Min(k, store.Count), hits.Length);
            for (var i = 0; i < hits.Length; i++)
            {
                Assert.Equal(expected[i].Id, hits[i].Record.Id);
                Assert.Equal(expected[i].Score, hits[i].Score, 1e-5f);
            }
        }
    }

    [Fact]
    public void Cosine_breaks_ties_by_lower_id_and_returns_negative_scores()
    {
        var store = new MemoryStore(2, indexText: false);
        store.Upsert(TestData.Record("a"), TestData.Unit(-1, 0));
        store.Upsert(TestData.Record("b"), TestData.Unit(0, 1));
        store.Upsert(TestData.Record("c"), TestData.Unit(0, 1));
        store.Remove(0);
        store.Upsert(TestData.Record("d"), TestData.Unit(0, 1)); // id 3, slot 0 after the move
        store.Upsert(TestData.Record("e"), TestData.Unit(-1, 0));

        var hits = new CosineRetriever(10).Retrieve(store, TestData.Unit(0, 1));
        Assert.Equal([1L, 2L, 3L, 4L], TestData.Ids(hits));
        Assert.Equal(0f, hits[3].Score, 6);

        var two = new CosineRetriever(2).Retrieve(store, TestData.Unit(1, 0));
        Assert.Equal([1L, 2L], TestData.Ids(two));
        Assert.Empty(new CosineRetriever(3).Retrieve(new MemoryStore(2, false), TestData.Unit(1, 0)));
    }

    [Fact]
    public void Cosine_rejects_a_query_of_the_wrong_dimension()
    {
        var store = new MemoryStore(3, indexText: false);
        var error = Assert.Throws<ArgumentException>(() => new CosineRetriever(1).Retrieve(store, new float[2]));
        Assert.Equal("queryVector", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineRetriever(0));
    }

    private static MemoryStore TextStore(int seed, out float[] query)
    {
        var random = new Random(seed);
        string[] words = ["red", "green", "blue", "cat", "dog", "tree", "river", "stone", "cloud", "lamp"];
        var store = new MemoryStore(8, indexText: true);
        for (var i = 0; i < 40; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => words[random.Next(words.Length)]));
            store.Upsert(TestData.Record("k" + i, text), TestData.RandomUnit(random, 8));
        }

        query = TestData.RandomUnit(random, 8);
        return store;
    }

    [Fact]
    public void Hybrid_with_alpha_one_ranks_like_cosine()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var store = TextStore(seed, out var query);
            var hybrid = new HybridRetriever(15, 1f).Retrieve(store, query, "red cat river");
            var cosine = new CosineRetriever(15).Retrieve(store, query);
            Assert.Equal(TestData.Ids(cosine), TestData.Ids(hybrid));
        }
    }

    [Fact]
    public void Hybrid_with_alpha_zero_ranks_like_bm25_for_matching_documents()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var store = TextStore(seed, out var query);
            var bm25 = new Bm25Retriever(40).Retrieve(store, "red cat river");
            Assert.NotEmpty(bm25);
            var hybrid = new HybridRetriever(bm25.Length, 0f).Retrieve(store, query, "red cat river");
            Assert.Equal(TestData.Ids(bm25), TestData.Ids(hybrid));
            Assert.Equal(1f, hybrid[0].Score, 6); // max-normalized
        }
    }

    [Fact]
    public void Hybrid_mixes_scores_and_ignores_bm25_when_nothing_matches()
    {
        var store = new MemoryStore(2, indexText: true);
        store.Upsert(TestData.Record("a", "apple"), TestData.Unit(1, 0));
        store.Upsert(TestData.Record("b", "pear"), TestData.Unit(0, 1));
        var hits = new HybridRetriever(2, 0.25f).Retrieve(store, TestData.Unit(1, 0), "pear");

        // b: 0.25 * 0 + 0.75 * 1 = 0.75; a: 0.25 * 1 + 0.75 * 0 = 0.25
        Assert.Equal([1L, 0L], TestData.Ids(hits));
        Assert.Equal(0.75f, hits[0].Score, 6);
        Assert.Equal(0.25f, hits[1].Score, 6);

        var none = new HybridRetriever(2, 0.25f).Retrieve(store, TestData.Unit(1, 0), "zebra");
        Assert.Equal([0L, 1L], TestData.Ids(none));
        Assert.Equal(0.25f, none[0].Score, 6);
    }

    [Fact]
    public void Hit_ordering_sorts_by_score_then_id()
    {
        static MemoryHit Hit(long id, float score) => new(new MemoryRecord(id, "k" + id, "", TestData.Start, "", []), score);
        MemoryHit[] hits = [Hit(5, 0.1f), Hit(3, 0.9f), Hit(1, float.NaN), Hit(4, 0.9f), Hit(2, 0.1f), Hit(0, -1f)];
        HitOrdering.Sort(hits);
        Assert.Equal([3L, 4L, 2L, 5L, 0L, 1L], TestData.Ids(hits));
    }
}
