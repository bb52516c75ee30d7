using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// The int8 search's contract on random data: with every row a candidate it is the exact search
/// (same ids, bit-identical scores); ties and thread counts do not change it; bad input names its
/// parameter. Its recall with the default 4k candidates is tested on real MiniLM vectors
/// (MemDsl.Evaluation.Tests, Int8RecallTests).
/// </summary>
public sealed class Int8InnerProductTopKTests
{
    [Theory]
    [InlineData(1, 3, 8, 1, 10)]
    [InlineData(2, 37, 13, 5, 4)]
    [InlineData(3, 501, 384, 3, 10)]
    [InlineData(4, 1000, 31, 2, 1000)]
    [InlineData(5, 140_001, 40, 2, 7)]
    public void With_every_row_a_candidate_it_is_the_exact_search(int seed, int rowCount, int d, int batch, int k)
    {
        var random = new Random(seed);
        var rows = TopKTestData.RandomMatrix(random, rowCount, d);
        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.RandomMatrix(random, batch, d);
        var kept = Math.Min(k, rowCount);
        var exact = new ScoredRow[batch * kept];
        InnerProductTopK.Search(rows, ids, d, queries, k, exact);
        var quantized = Int8Rows.Quantize(rows, d);

        foreach (var threads in new[] { 1, 2 })
        {
            var results = new ScoredRow[batch * kept];
            Assert.Equal(kept, Int8InnerProductTopK.Search(quantized, rows, ids, d, queries, k, results, candidates: rowCount, degreeOfParallelism: threads));
            Assert.Equal(exact, results);
        }
    }

    [Fact]
    public void Default_candidates_find_most_of_the_exact_top_k_and_score_them_exactly()
    {
        const int d = 64;
        var random = new Random(9);
        var rows = TopKTestData.RandomMatrix(random, 20_000, d);
        var ids = TopKTestData.ShuffledIds(random, 20_000);
        var queries = TopKTestData.RandomMatrix(random, 20, d);
        var exact = new ScoredRow[20 * 10];
        var approximate = new ScoredRow[20 * 10];

        // The whole batch at once: the exact kernel's batch path returns the single-query path's scores, bit for bit.
        InnerProductTopK.Search(rows, ids, d, queries, 10, exact);

        Int8InnerProductTopK.Search(Int8Rows.Quantize(rows, d), rows, ids, d, queries, 10, approximate);

        var found = 0;
        for (var query = 0; query < 20; query++)
        {
            var expected = exact.AsSpan(query * 10, 10).ToArray();
            foreach (var hit in approximate.AsSpan(query * 10, 10))
            {
                // A row found by both searches carries the exact kernel's score, to the bit.
                var match = Array.FindIndex(expected, e => e.Id == hit.Id);
                if (match >= 0)
                {
                    Assert.Equal(expected[match], hit);
                    found++;
                }
            }
        }

        // Uniform random rows are the hard case for 8 bits (no dominant directions); still most are found.
        Assert.True(found >= 190, $"{found} of 200 exact results found.");
        Console.WriteLine($"int8, 20,000 uniform random rows of 64, 4k candidates: {found} of 200 exact results found");
    }

    [Fact]
    public void Equal_scores_go_to_the_lower_id_whatever_the_thread_count()
    {
        const int d = 12;
        const int rowCount = 140_000;
        var random = new Random(11);
        var prototype = TopKTestData.RandomMatrix(random, 1, d);
        var rows = new float[rowCount * d];
        for (var row = 0; row < rowCount; row++)
        {
            prototype.CopyTo(rows, row * d);
        }

        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.RandomMatrix(random, 3, d);
        var quantized = Int8Rows.Quantize(rows, d);
        var single = new ScoredRow[3 * 7];
        var parallel = new ScoredRow[3 * 7];
        Int8InnerProductTopK.Search(quantized, rows, ids, d, queries, 7, single, degreeOfParallelism: 1);
        Int8InnerProductTopK.Search(quantized, rows, ids, d, queries, 7, parallel, degreeOfParallelism: 2);

        Assert.Equal(single, parallel);
        for (var query = 0; query < 3; query++)
        {
            Assert.Equal(new long[] { 0, 3, 6, 9, 12, 15, 18 }, single.AsSpan(query * 7, 7).ToArray().Select(r => r.Id));
        }
    }

    [Fact]
    public void Bad_input_is_rejected_with_its_parameter()
    {
        var rows = new float[] { 1, 0, 0, 0, 1, 0 };
        var ids = new long[] { 1, 2 };
        var quantized = Int8Rows.Quantize(rows, 3);
        var results = new ScoredRow[4];

        var mismatch = Assert.Throws<ArgumentException>(() => Int8InnerProductTopK.Search(Int8Rows.Quantize(rows.AsSpan(0, 3), 3), rows, ids, 3, new float[3], 2, results));
        Assert.Equal("quantized", mismatch.ParamName);
        Assert.Contains("1 rows of 3", mismatch.Message);
        var nan = Assert.Throws<ArgumentException>(() => Int8InnerProductTopK.Search(quantized, rows, ids, 3, new[] { 1f, float.NaN, 0 }, 2, results));
        Assert.Equal("queries", nan.ParamName);
        Assert.Equal("candidates", Assert.Throws<ArgumentOutOfRangeException>(() => Int8InnerProductTopK.Search(quantized, rows, ids, 3, new float[3], 2, results, candidates: -1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => Int8Rows.Quantize(new[] { 1f, float.PositiveInfinity, 0 }, 3)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => Int8Rows.Quantize(new float[4], 3)).ParamName);
        Assert.Equal(0, Int8InnerProductTopK.Search(Int8Rows.Quantize([], 3), [], [], 3, new float[3], 2, results));
    }
}
