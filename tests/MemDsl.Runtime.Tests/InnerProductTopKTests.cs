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
    [InlineData(9, 40_000, 24, 20, 10)]
    [InlineData(10, 1_001, 7, 8, 3)]
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

    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    public void Equal_scores_go_to_the_lower_id_whatever_the_row_order_and_thread_count(int batch)
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
        var queries = TopKTestData.RandomMatrix(random, batch, d);
        var single = new ScoredRow[batch * 7];
        var parallel = new ScoredRow[batch * 7];

        InnerProductTopK.Search(rows, ids, d, queries, 7, single, degreeOfParallelism: 1);
        InnerProductTopK.Search(rows, ids, d, queries, 7, parallel, degreeOfParallelism: 2);

        Assert.Equal(single, parallel);
        for (var query = 0; query < batch; query++)
        {
            Assert.Equal(new long[] { 0, 3, 6, 9, 12, 15, 18 }, single.AsSpan(query * 7, 7).ToArray().Select(r => r.Id));
        }
    }

    // A batch of 8 or more queries runs the broadcast kernel, which sums each pair in a different
    // order from the single-query kernel (one FMA per element instead of 8 lanes summed pairwise):
    // bit-identical scores would forbid the only tile shape that reaches the batch target on AVX2.
    // What a caller relies on is that batching a query does not change its hits: the same scores
    // to within 1e-6 (unit-length 384-d vectors, as embeddings are, differ by a few ulps) and the same ids, except
    // where two candidates are within 1e-6 of a tie, where either order is correct.
    [Theory]
    [InlineData(6)]
    [InlineData(20)]
    [InlineData(64)]
    public void A_query_finds_the_same_hits_in_a_batch_and_alone(int batchSize)
    {
        var random = new Random(5);
        const int d = 384;
        const int k = 10;
        var rows = TopKTestData.NormalizedMatrix(random, 203, d);
        var ids = Enumerable.Range(0, 203).Select(i => (long)i).ToArray();
        var queries = TopKTestData.NormalizedMatrix(random, batchSize, d);
        var batch = new ScoredRow[batchSize * k];
        InnerProductTopK.Search(rows, ids, d, queries, k, batch);

        for (var query = 0; query < batchSize; query++)
        {
            var alone = new ScoredRow[k];
            InnerProductTopK.Search(rows, ids, d, queries.AsSpan(query * d, d), k, alone);
            var batched = batch.AsSpan(query * k, k).ToArray();
            for (var i = 0; i < k; i++)
            {
                Assert.True(Math.Abs(alone[i].Score - batched[i].Score) <= 1e-6, $"query {query}, rank {i}: {alone[i].Score} alone, {batched[i].Score} batched");
                var nearTie = (i > 0 && alone[i - 1].Score - alone[i].Score <= 1e-6) || (i < k - 1 && alone[i].Score - alone[i + 1].Score <= 1e-6);
                if (!nearTie)
                {
                    Assert.Equal(alone[i].Id, batched[i].Id);
                }
            }
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
