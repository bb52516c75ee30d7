using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests;

public sealed class InnerProductTopKTests
{
    [Theory]
    [InlineData(1, 0, 8, 1, 10)]
    [InlineData(2, 3, 8, 1, 10)]
    [InlineData(3, 37, 13, 5, 4)]
    [InlineData(4, 500, 384, 1, 10)]
    [InlineData(5, 500, 384, 64, 10)]
    [InlineData(6, 333, 100, 7, 25)]
    [InlineData(7, 1000, 31, 9, 1000)]
    [InlineData(8, 70_000, 16, 6, 10)]
    public void Agrees_with_a_full_sort_for_every_query(int seed, int rowCount, int d, int batch, int k)
    {
        var random = new Random(seed);
        var rows = TopKTestData.RandomMatrix(random, rowCount, d);
        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.RandomMatrix(random, batch, d);
        var results = new ScoredRow[batch * Math.Min(k, rowCount)];

        foreach (var threads in new[] { 1, 2 })
        {
            var kept = InnerProductTopK.Search(rows, ids, d, queries, k, results, threads);

            Assert.Equal(Math.Min(k, rowCount), kept);
            for (var query = 0; query < batch; query++)
            {
                var expected = TopKTestData.Reference(rows, ids, d, queries, query, k);
                var actual = results.AsSpan(query * kept, kept).ToArray();
                Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
                for (var i = 0; i < kept; i++)
                {
                    Assert.Equal(expected[i].Score, actual[i].Score, 1e-4);
                    Assert.Equal(ids[actual[i].Row], actual[i].Id);
                }
            }
        }
    }

    [Fact]
    public void Equal_scores_go_to_the_lower_id_whatever_the_row_order_and_thread_count()
    {
        const int d = 12;
        const int rowCount = 40_000;
        var random = new Random(11);
        var prototype = TopKTestData.RandomMatrix(random, 1, d);
        var rows = new float[rowCount * d];
        for (var row = 0; row < rowCount; row++)
        {
            prototype.CopyTo(rows, row * d); // every row identical: pure tie-breaking
        }

        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.RandomMatrix(random, 5, d);
        var single = new ScoredRow[5 * 7];
        var parallel = new ScoredRow[5 * 7];

        InnerProductTopK.Search(rows, ids, d, queries, 7, single, degreeOfParallelism: 1);
        InnerProductTopK.Search(rows, ids, d, queries, 7, parallel, degreeOfParallelism: 2);

        Assert.Equal(single, parallel);
        for (var query = 0; query < 5; query++)
        {
            Assert.Equal(new long[] { 0, 3, 6, 9, 12, 15, 18 }, single.AsSpan(query * 7, 7).ToArray().Select(r => r.Id));
        }
    }

    [Fact]
    public void A_pair_scores_the_same_in_a_batch_and_alone()
    {
        var random = new Random(5);
        const int d = 384;
        var rows = TopKTestData.RandomMatrix(random, 203, d);
        var ids = Enumerable.Range(0, 203).Select(i => (long)i).ToArray();
        var queries = TopKTestData.RandomMatrix(random, 6, d);
        var batch = new ScoredRow[6 * 10];
        InnerProductTopK.Search(rows, ids, d, queries, 10, batch);

        for (var query = 0; query < 6; query++)
        {
            var alone = new ScoredRow[10];
            InnerProductTopK.Search(rows, ids, d, queries.AsSpan(query * d, d), 10, alone);
            Assert.Equal(alone, batch.AsSpan(query * 10, 10).ToArray());
        }
    }

    [Fact]
    public void Non_finite_queries_and_shape_mismatches_are_rejected_with_their_parameter()
    {
        var rows = new float[4 * 3];
        var ids = new long[] { 0, 1, 2, 3 };
        var results = new ScoredRow[8];
        var nan = new float[] { 1, float.NaN, 0, 0, 0, 0 };

        var error = Assert.Throws<ArgumentException>(() => InnerProductTopK.Search(rows, ids, 3, nan, 2, results));
        Assert.Equal("queries", error.ParamName);
        Assert.Contains("Query 0 is not finite: element 1 is NaN", error.Message);

        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => InnerProductTopK.Search(rows, ids, 3, new float[4], 2, results)).ParamName);
        Assert.Equal("rowIds", Assert.Throws<ArgumentException>(() => InnerProductTopK.Search(rows, ids.AsSpan(1), 3, new float[3], 2, results)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => InnerProductTopK.Search(rows.AsSpan(1), ids, 3, new float[3], 2, results)).ParamName);
        Assert.Equal("results", Assert.Throws<ArgumentException>(() => InnerProductTopK.Search(rows, ids, 3, new float[6], 2, results.AsSpan(0, 3))).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => InnerProductTopK.Search(rows, ids, 3, new float[3], 0, results)).ParamName);
    }
}
