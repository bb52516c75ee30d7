using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace MemDsl.Onnx.Tests;

public sealed class OnnxInnerProductIndexTests(ITestOutputHelper output)
{
    [Fact]
    public void The_rows_go_to_the_session_through_a_temporary_file_that_is_gone_once_it_has_started()
    {
        var random = new Random(1);
        var rows = TopKTestData.RandomMatrix(random, 7, 5);
        var before = IndexFolders();
        using var index = new OnnxInnerProductIndex(rows, TopKTestData.ShuffledIds(random, 7), 5, Device.Cpu, intraOpThreads: 1);

        Assert.Equal(before, IndexFolders());
        Assert.Equal(7, index.RowCount);
        Assert.Equal(5, index.Dimensions);
        Assert.Equal(Device.Cpu, index.ActiveDevice);

        // The resident model takes only the queries and k; without its file the matrix has no data.
        Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(InnerProductTopKModel.BuildResident(7, 5)).Dispose());
    }

    [Theory]
    [InlineData(1, 3, 13, 1, 10)] // N < k
    [InlineData(2, 37, 13, 7, 1)]
    [InlineData(3, 500, 100, 7, 25)]
    [InlineData(4, 2000, 384, 64, 10)]
    [InlineData(5, 25, 9, 7, 25)] // N = k
    public void Agrees_with_the_simd_kernel_over_the_loaded_rows(int seed, int rowCount, int d, int batch, int k)
    {
        var random = new Random(seed);
        var rows = TopKTestData.NormalizedMatrix(random, rowCount, d);
        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.NormalizedMatrix(random, batch, d);
        var kept = Math.Min(k, rowCount);
        var simd = new ScoredRow[batch * kept];
        var ort = new ScoredRow[batch * kept];
        using var index = new OnnxInnerProductIndex(rows, ids, d, Device.Cpu, intraOpThreads: 1);

        InnerProductTopK.Search(rows, ids, d, queries, k, simd);
        Assert.Equal(kept, index.Search(queries, k, ort));

        AssertSameHits(simd, ort, ids);
    }

    [Fact]
    public void Ties_at_the_boundary_go_to_the_lower_id_as_in_the_simd_kernel()
    {
        // 5 distinct rows × 20 copies, ids shuffled: the boundary tie has more copies than the first run's slack.
        var random = new Random(3);
        var distinct = TopKTestData.RandomMatrix(random, 5, 16);
        var rows = new float[100 * 16];
        for (var row = 0; row < 100; row++)
        {
            distinct.AsSpan(row % 5 * 16, 16).CopyTo(rows.AsSpan(row * 16));
        }

        var ids = TopKTestData.ShuffledIds(random, 100);
        var queries = TopKTestData.RandomMatrix(random, 3, 16);
        var simd = new ScoredRow[3 * 25];
        var ort = new ScoredRow[3 * 25];
        using var index = new OnnxInnerProductIndex(rows, ids, 16, Device.Cpu, intraOpThreads: 1);

        InnerProductTopK.Search(rows, ids, 16, queries, 25, simd);
        index.Search(queries, 25, ort);

        AssertSameHits(simd, ort, ids);
    }

    // A large batch runs in groups of queries that keep Gemm's score matrix within its budget: here
    // 1,000 floats over 100 rows run the 37 queries as 10, 10, 10 and 7, each group resolving the
    // boundary ties of the duplicate rows on its own.
    [Fact]
    public void A_batch_split_into_groups_of_queries_finds_what_one_run_finds()
    {
        var random = new Random(8);
        var distinct = TopKTestData.NormalizedMatrix(random, 20, 16);
        var rows = new float[100 * 16];
        for (var row = 0; row < 100; row++)
        {
            distinct.AsSpan(row % 20 * 16, 16).CopyTo(rows.AsSpan(row * 16));
        }

        var ids = TopKTestData.ShuffledIds(random, 100);
        var queries = TopKTestData.NormalizedMatrix(random, 37, 16);
        var simd = new ScoredRow[37 * 12];
        var grouped = new ScoredRow[37 * 12];
        using var index = new OnnxInnerProductIndex(rows, ids, 16, Device.Cpu, intraOpThreads: 1) { ScoreBudget = 1_000 };

        InnerProductTopK.Search(rows, ids, 16, queries, 12, simd);
        Assert.Equal(12, index.Search(queries, 12, grouped));

        AssertSameHits(simd, grouped, ids);
    }

    [Fact]
    public void The_index_keeps_its_own_copy_of_rows_and_ids()
    {
        var random = new Random(4);
        var rows = TopKTestData.RandomMatrix(random, 200, 12);
        var ids = TopKTestData.ShuffledIds(random, 200);
        var queries = TopKTestData.RandomMatrix(random, 2, 12);
        var expected = new ScoredRow[20];
        InnerProductTopK.Search(rows, ids, 12, queries, 10, expected);
        using var index = new OnnxInnerProductIndex(rows, ids, 12, Device.Cpu, intraOpThreads: 1);

        Array.Clear(rows);
        Array.Fill(ids, -1);
        var actual = new ScoredRow[20];
        index.Search(queries, 10, actual);

        Assert.Equal(expected.Select(r => r.Id), actual.Select(r => r.Id));
        Assert.DoesNotContain(actual, r => r.Id == -1 || r.Score == 0);
    }

    [Fact]
    public void An_empty_index_and_an_empty_batch_return_zero()
    {
        using var empty = new OnnxInnerProductIndex([], [], 8, Device.Cpu, intraOpThreads: 1);
        var results = new[] { new ScoredRow(7, 7, 7) };

        Assert.Equal(0, empty.RowCount);
        Assert.Equal(0, empty.Search(new float[8], 10, results));
        using var index = new OnnxInnerProductIndex(new float[16], [1, 2], 8, Device.Cpu, intraOpThreads: 1);
        Assert.Equal(0, index.Search([], 10, results));
        Assert.Equal(new ScoredRow(7, 7, 7), results[0]);
    }

    [Fact]
    public void Bad_matrices_and_queries_fail_with_the_simd_kernels_parameters_and_messages()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => new OnnxInnerProductIndex(new float[7], [1], 3, Device.Cpu)).ParamName);
        Assert.Equal("rowIds", Assert.Throws<ArgumentException>(() => new OnnxInnerProductIndex(new float[6], [1], 3, Device.Cpu)).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxInnerProductIndex(new float[6], [1, 2], 0, Device.Cpu)).ParamName);
        var infinite = Assert.Throws<ArgumentException>(() => new OnnxInnerProductIndex([0, 1, 2, 3, float.PositiveInfinity, 5], [1, 2], 3, Device.Cpu));
        Assert.Equal("rows", infinite.ParamName);
        Assert.Contains($"Row 1 is not finite: element 1 is {float.PositiveInfinity}", infinite.Message, StringComparison.Ordinal);

        using var index = new OnnxInnerProductIndex(new float[6], [1, 2], 3, Device.Cpu, intraOpThreads: 1);
        var results = new ScoredRow[4];
        var nan = Assert.Throws<ArgumentException>(() => index.Search([1, float.NaN, 0], 2, results));
        Assert.Equal("queries", nan.ParamName);
        Assert.Contains("Query 0 is not finite: element 1 is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => index.Search(new float[4], 2, results)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(new float[3], 0, results)).ParamName);
        Assert.Equal("results", Assert.Throws<ArgumentException>(() => index.Search(new float[6], 2, results.AsSpan(0, 3))).ParamName);
    }

    [Fact]
    public void Auto_logs_its_device_and_cuda_without_cuda_fails_with_the_factorys_message()
    {
        var rows = new float[] { 1, 0, 0, 1 };
        var logger = new ListLogger<OnnxInnerProductIndex>();
        using (var index = new OnnxInnerProductIndex(rows, [10, 11], 2, Device.Auto, intraOpThreads: 1, logger))
        {
            Assert.Contains(logger.Entries, e => e.Message.Contains($"'{OnnxInnerProductIndex.ModelName}' runs on {index.ActiveDevice} (requested Auto", StringComparison.Ordinal));
            var results = new ScoredRow[1];
            index.Search([0.2f, 0.9f], 1, results);
            Assert.Equal(11, results[0].Id);
        }

        // Where CUDA runs at all (the plain kernel starts on it), the index must run on it too and agree.
        bool cudaUsable;
        try
        {
            using var plain = new OnnxInnerProductTopK(Device.Cuda, intraOpThreads: 1);
            cudaUsable = true;
        }
        catch (InvalidOperationException)
        {
            cudaUsable = false;
        }

        if (cudaUsable)
        {
            using var cuda = new OnnxInnerProductIndex(rows, [10, 11], 2, Device.Cuda, intraOpThreads: 1);
            Assert.Equal(Device.Cuda, cuda.ActiveDevice);
            var results = new ScoredRow[1];
            cuda.Search([0.2f, 0.9f], 1, results);
            Assert.Equal(11, results[0].Id);
        }
        else
        {
            var exception = Assert.Throws<InvalidOperationException>(() => new OnnxInnerProductIndex(rows, [10, 11], 2, Device.Cuda, intraOpThreads: 1));
            output.WriteLine(exception.Message);
            Assert.Contains($"Device.Cuda was requested for '{OnnxInnerProductIndex.ModelName}'", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Use Device.Auto to fall back to CPU", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_disposed_index_refuses_to_search()
    {
        var index = new OnnxInnerProductIndex([1f], [1], 1, Device.Cpu, intraOpThreads: 1);
        index.Dispose();
        index.Dispose();

        Assert.Throws<ObjectDisposedException>(() => index.Search([1f], 1, new ScoredRow[1]));
    }

    private static string[] IndexFolders() => Directory.GetDirectories(Path.GetTempPath(), "memdsl-index-*").Order().ToArray();

    private static void AssertSameHits(ScoredRow[] simd, ScoredRow[] ort, long[] ids)
    {
        Assert.Equal(simd.Select(r => r.Id), ort.Select(r => r.Id));
        Assert.Equal(simd.Select(r => r.Row), ort.Select(r => r.Row));
        for (var i = 0; i < ort.Length; i++)
        {
            Assert.Equal(simd[i].Score, ort[i].Score, 1e-5f);
            Assert.Equal(ids[ort[i].Row], ort[i].Id);
        }
    }
}
