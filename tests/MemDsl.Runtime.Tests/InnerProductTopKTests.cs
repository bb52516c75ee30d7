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
        var random = new Random(11);
        var (rows, queries) = IdenticalRows(random, batch);
        var ids = TopKTestData.ShuffledIds(random, TieRows);

        var single = SearchAtOneAndTwoThreads(rows, ids, queries, batch);
        for (var query = 0; query < batch; query++)
        {
            Assert.Equal(new long[] { 0, 3, 6, 9, 12, 15, 18 }, single.AsSpan(query * 7, 7).ToArray().Select(r => r.Id));
        }
    }

    // Rows that share an id and a score are told apart by their row, so even a caller's duplicate
    // ids give the same results whatever the thread count and batch size.
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(17)]
    public void Rows_with_one_id_and_one_score_come_lowest_row_first_whatever_the_thread_count(int batch)
    {
        var (rows, queries) = IdenticalRows(new Random(13), batch);
        var ids = new long[TieRows];
        for (var row = 0; row < TieRows; row++)
        {
            ids[row] = (TieRows - row) % 3; // id 0 at rows 1, 4, 7, ...
        }

        var single = SearchAtOneAndTwoThreads(rows, ids, queries, batch);
        for (var query = 0; query < batch; query++)
        {
            Assert.Equal(new[] { 1, 4, 7, 10, 13, 16, 19 }, single.AsSpan(query * 7, 7).ToArray().Select(r => r.Row));
            Assert.All(single.AsSpan(query * 7, 7).ToArray(), r => Assert.Equal(0, r.Id));
        }
    }

    // A batch of 8 or more queries is screened in int16 and its candidates rescored with the
    // single-query path's own dot product, so batching a query changes neither its hits nor a
    // bit of its scores, at either thread count.
    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(64)]
    public void A_query_finds_the_same_hits_with_the_same_scores_in_a_batch_and_alone(int batchSize)
    {
        var random = new Random(5);
        const int d = 384;
        var rows = TopKTestData.NormalizedMatrix(random, 40_203, d);
        var ids = TopKTestData.ShuffledIds(random, 40_203);
        var queries = TopKTestData.NormalizedMatrix(random, batchSize, d);

        AssertBatchedEqualsAlone(rows, ids, d, queries, k: 10);
    }

    // The screen's bound must hold where it is tightest: many rows whose scores differ from the
    // threshold by less than the integer rounding (a prototype plus perturbations of 10⁻⁷-10⁻³),
    // so any row the bound wrongly rejected would be missing from the batched results.
    [Fact]
    public void Rows_within_rounding_of_the_threshold_are_never_screened_out()
    {
        var random = new Random(17);
        const int d = 384;
        const int rowCount = 20_000;
        var prototype = TopKTestData.NormalizedMatrix(random, 1, d);
        var rows = new float[rowCount * d];
        for (var row = 0; row < rowCount; row++)
        {
            var size = MathF.Pow(10, -7 + (4 * (float)random.NextDouble()));
            for (var i = 0; i < d; i++)
            {
                rows[(row * d) + i] = prototype[i] + (size * (float)((random.NextDouble() * 2) - 1));
            }
        }

        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = new float[16 * d];
        for (var query = 0; query < 16; query++)
        {
            // The prototype itself and nearby directions: their top scores crowd within 10⁻⁶.
            for (var i = 0; i < d; i++)
            {
                queries[(query * d) + i] = prototype[i] + (query * 1e-4f * (float)((random.NextDouble() * 2) - 1));
            }
        }

        AssertBatchedEqualsAlone(rows, ids, d, queries, k: 25);
    }

    // Rows and queries the screen cannot quantize (zero, tiny or huge norms, NaN or infinite
    // elements) and norms that jump from row to row (a row may reuse the previous row's step only
    // within a few percent) are still searched exactly, as the single-query path searches them.
    [Theory]
    [InlineData(384)]
    [InlineData(37)]
    [InlineData(2)]
    [InlineData(1)]
    public void Rows_and_queries_of_any_norm_are_searched_exactly_in_a_batch(int d)
    {
        var random = new Random(23);
        const int rowCount = 5_003;
        float[] norms = [1f, 1.02f, 0.97f, 0f, 1e-20f, 1e-6f, 0.6f, 3f, 1e6f, 1e20f, 1f, 1.05f, 0.4f, 1e-25f, 1e-30f];
        var rows = TopKTestData.NormalizedMatrix(random, rowCount, d);
        for (var row = 0; row < rowCount; row++)
        {
            var scale = row % 3 == 0 ? norms[row / 3 % norms.Length] : 1f;
            for (var i = 0; i < d; i++)
            {
                rows[(row * d) + i] *= scale;
            }
        }

        rows[41 * d] = float.NaN;
        rows[42 * d] = float.PositiveInfinity;
        rows[(43 * d) + (d - 1)] = float.NegativeInfinity;
        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.NormalizedMatrix(random, 12, d);
        float[] queryNorms = [1f, 0f, 1e-30f, 1e25f, 2.5f, 1e-3f, 1f, 1f, 7f, 1e-12f, 1f, 0.1f];
        for (var query = 0; query < 12; query++)
        {
            for (var i = 0; i < d; i++)
            {
                queries[(query * d) + i] *= queryNorms[query];
            }
        }

        AssertBatchedEqualsAlone(rows, ids, d, queries, k: 10);
    }

    // A row whose elements are all under 2⁻⁷⁵ squares to a float norm of 0 without being zero; its
    // scores still exceed the bound's floor, so it must be rescored, not bounded as a zero row.
    [Fact]
    public void A_row_whose_norm_underflows_to_zero_is_still_found()
    {
        float[] rows = [MathF.ScaleB(1f, -90), MathF.ScaleB(1f, -80), 0f];
        var queries = new float[8];
        Array.Fill(queries, 1f);

        AssertBatchedEqualsAlone(rows, [0, 1, 2], 1, queries, k: 1);
        var batch = new ScoredRow[8];
        InnerProductTopK.Search(rows, [0, 1, 2], 1, queries, 1, batch);
        Assert.All(batch, hit => Assert.Equal(1, hit.Id));
    }

    private const int TieRows = 40_000;
    private const int TieDimensions = 12;

    /// <summary>TieRows copies of one random row (every score ties: pure tie-breaking) and a batch of random queries.</summary>
    private static (float[] Rows, float[] Queries) IdenticalRows(Random random, int batch)
    {
        var prototype = TopKTestData.RandomMatrix(random, 1, TieDimensions);
        var rows = new float[TieRows * TieDimensions];
        for (var row = 0; row < TieRows; row++)
        {
            prototype.CopyTo(rows, row * TieDimensions);
        }

        return (rows, TopKTestData.RandomMatrix(random, batch, TieDimensions));
    }

    /// <summary>The top 7 of each query at 1 thread, after asserting 2 threads give the same.</summary>
    private static ScoredRow[] SearchAtOneAndTwoThreads(float[] rows, long[] ids, float[] queries, int batch)
    {
        var single = new ScoredRow[batch * 7];
        var parallel = new ScoredRow[batch * 7];
        InnerProductTopK.Search(rows, ids, TieDimensions, queries, 7, single, degreeOfParallelism: 1);
        InnerProductTopK.Search(rows, ids, TieDimensions, queries, 7, parallel, degreeOfParallelism: 2);
        Assert.Equal(single, parallel);
        return single;
    }

    private static void AssertBatchedEqualsAlone(float[] rows, long[] ids, int d, float[] queries, int k)
    {
        var batchSize = queries.Length / d;
        var kept = Math.Min(k, ids.Length);
        foreach (var threads in new[] { 1, 2 })
        {
            var batch = new ScoredRow[batchSize * kept];
            InnerProductTopK.Search(rows, ids, d, queries, k, batch, threads);
            for (var query = 0; query < batchSize; query++)
            {
                var alone = new ScoredRow[kept];
                InnerProductTopK.Search(rows, ids, d, queries.AsSpan(query * d, d), k, alone, threads);
                Assert.Equal(alone, batch.AsSpan(query * kept, kept).ToArray());
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
