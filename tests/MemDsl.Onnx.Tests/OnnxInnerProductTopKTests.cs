using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace MemDsl.Onnx.Tests;

public sealed class OnnxInnerProductTopKTests(ITestOutputHelper output) : IDisposable
{
    private readonly OnnxInnerProductTopK _kernel = new(Device.Cpu, intraOpThreads: 1);

    public void Dispose() => _kernel.Dispose();

    private static ArgumentException CaptureArgumentException(Action action) => Assert.IsAssignableFrom<ArgumentException>(Record.Exception(action));

    [Fact]
    public void The_in_memory_model_loads_with_symbolic_shapes()
    {
        using var session = new InferenceSession(InnerProductTopKModel.Bytes);

        Assert.Equal(["queries", "rows", "k"], session.InputNames);
        Assert.Equal(["values", "indices"], session.OutputNames);
        Assert.Equal([-1, -1], session.InputMetadata["queries"].Dimensions);
        Assert.Equal(["batch", "dimensions"], session.InputMetadata["queries"].SymbolicDimensions);
        Assert.Equal(["rows", "dimensions"], session.InputMetadata["rows"].SymbolicDimensions);
        Assert.Equal([1], session.InputMetadata["k"].Dimensions);
        Assert.Equal(typeof(long), session.InputMetadata["k"].ElementType);
        Assert.Equal(typeof(float), session.OutputMetadata["values"].ElementType);
        Assert.Equal(typeof(long), session.OutputMetadata["indices"].ElementType);
        Assert.Equal(["batch", "candidates"], session.OutputMetadata["indices"].SymbolicDimensions);
    }

    [Theory]
    [InlineData(1, 0, 8, 1, 10)] // N = 0
    [InlineData(2, 3, 13, 1, 10)] // N < k
    [InlineData(3, 37, 13, 7, 1)] // k = 1, batch 7
    [InlineData(4, 500, 100, 7, 25)]
    [InlineData(5, 333, 31, 1, 25)]
    [InlineData(6, 2000, 384, 7, 10)]
    [InlineData(7, 25, 9, 7, 25)] // N = k
    public void Agrees_with_the_simd_kernel_and_a_double_precision_reference(int seed, int rowCount, int d, int batch, int k)
    {
        var random = new Random(seed);
        var rows = TopKTestData.RandomMatrix(random, rowCount, d);
        var ids = TopKTestData.ShuffledIds(random, rowCount);
        var queries = TopKTestData.RandomMatrix(random, batch, d);
        var expectedKept = Math.Min(k, rowCount);
        var simd = new ScoredRow[batch * expectedKept];
        var ort = new ScoredRow[batch * expectedKept];

        var simdKept = InnerProductTopK.Search(rows, ids, d, queries, k, simd);
        var ortKept = _kernel.Search(rows, ids, d, queries, k, ort);

        Assert.Equal(expectedKept, ortKept);
        Assert.Equal(simdKept, ortKept);
        Assert.Equal(simd.Select(r => r.Id), ort.Select(r => r.Id));
        Assert.Equal(simd.Select(r => r.Row), ort.Select(r => r.Row));
        for (var i = 0; i < ort.Length; i++)
        {
            Assert.Equal(simd[i].Score, ort[i].Score, 1e-5f);
            Assert.Equal(ids[ort[i].Row], ort[i].Id);
        }

        for (var query = 0; query < batch; query++)
        {
            var expected = TopKTestData.Reference(rows, ids, d, queries, query, k);
            var actual = ort.AsSpan(query * ortKept, ortKept).ToArray();
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            for (var i = 0; i < ortKept; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(50, 10, 1)] // every row the same: the 10 lowest ids, whatever their row index
    [InlineData(100, 25, 5)] // 5 distinct rows × 20 copies: the boundary tie has more copies than the first run's slack
    [InlineData(40, 1, 2)]
    [InlineData(7, 25, 7)] // N < k with ties
    public void Duplicate_rows_give_the_simd_kernels_ids(int rowCount, int k, int distinct)
    {
        const int d = 11;
        var random = new Random(rowCount * 31 + k);
        var patterns = TopKTestData.RandomMatrix(random, distinct, d);
        var rows = new float[rowCount * d];
        for (var row = 0; row < rowCount; row++)
        {
            patterns.AsSpan(row % distinct * d, d).CopyTo(rows.AsSpan(row * d));
        }

        // Ids in reverse row order, so ONNX TopK's lower-index-first order is the opposite of MemDsl's lower-id-first.
        var ids = Enumerable.Range(0, rowCount).Select(i => (long)(rowCount - i) * 10).ToArray();
        var queries = TopKTestData.RandomMatrix(random, 3, d);
        var kept = Math.Min(k, rowCount);
        var simd = new ScoredRow[3 * kept];
        var ort = new ScoredRow[3 * kept];

        InnerProductTopK.Search(rows, ids, d, queries, k, simd);
        Assert.Equal(kept, _kernel.Search(rows, ids, d, queries, k, ort));

        Assert.Equal(simd.Select(r => r.Id), ort.Select(r => r.Id));
        Assert.Equal(simd.Select(r => r.Row), ort.Select(r => r.Row));
        for (var i = 0; i < ort.Length; i++)
        {
            Assert.Equal(simd[i].Score, ort[i].Score, 1e-5f);
        }
    }

    [Fact]
    public void A_zero_query_ties_every_row_and_returns_the_lowest_ids()
    {
        const int d = 5;
        var random = new Random(3);
        var rows = TopKTestData.RandomMatrix(random, 60, d);
        var ids = TopKTestData.ShuffledIds(random, 60);
        var results = new ScoredRow[12];

        Assert.Equal(12, _kernel.Search(rows, ids, d, new float[d], 12, results));

        Assert.Equal(ids.Order().Take(12), results.Select(r => r.Id));
        Assert.All(results, r => Assert.Equal(0f, r.Score));
    }

    [Fact]
    public void No_rows_or_no_queries_return_zero_and_leave_the_results_untouched()
    {
        var sentinel = new ScoredRow(42f, 42, 42);
        var results = new[] { sentinel };

        Assert.Equal(0, _kernel.Search([], [], 4, [1f, 2f, 3f, 4f], 5, results));
        Assert.Equal(0, _kernel.Search([1f, 2f, 3f, 4f], [7], 4, [], 5, results));
        Assert.Equal(sentinel, results[0]);
    }

    [Fact]
    public void Nan_in_a_query_fails_naming_queries_with_the_simd_kernels_message()
    {
        float[] rows = [1f, 2f, 3f, 4f, 5f, 6f];
        long[] ids = [1, 2];
        float[] queries = [1f, 1f, 1f, 1f, float.NaN, 1f];
        var results = new ScoredRow[4];

        var ort = CaptureArgumentException(() => _kernel.Search(rows, ids, 3, queries, 2, results));
        var simd = CaptureArgumentException(() => InnerProductTopK.Search(rows, ids, 3, queries, 2, results));

        output.WriteLine(ort.Message);
        Assert.Equal("queries", ort.ParamName);
        Assert.Contains("Query 1 is not finite: element 1 is NaN", ort.Message, StringComparison.Ordinal);
        Assert.Equal(simd.Message, ort.Message);
    }

    [Theory]
    [InlineData(7, 6, 2, "rows")] // matrix not a multiple of the dimension
    [InlineData(6, 4, 2, "queries")] // a query of the wrong length
    [InlineData(6, 3, 3, "rowIds")] // ids do not match rows
    public void Dimension_mismatches_fail_like_the_simd_kernel(int rowLength, int queryLength, int idCount, string parameter)
    {
        var rows = new float[rowLength];
        var queries = new float[queryLength];
        var ids = new long[idCount];
        var results = new ScoredRow[8];

        var ort = CaptureArgumentException(() => _kernel.Search(rows, ids, 3, queries, 2, results));
        var simd = CaptureArgumentException(() => InnerProductTopK.Search(rows, ids, 3, queries, 2, results));

        output.WriteLine(ort.Message);
        Assert.Equal(parameter, ort.ParamName);
        Assert.Equal(simd.GetType(), ort.GetType());
        Assert.Equal(simd.Message, ort.Message);
    }

    [Theory]
    [InlineData(0, 2, "dimensions")]
    [InlineData(3, 0, "k")]
    public void Out_of_range_dimension_or_k_fails_like_the_simd_kernel(int dimensions, int k, string parameter)
    {
        float[] rows = [1f, 2f, 3f];
        long[] ids = [1];
        var results = new ScoredRow[8];

        var ort = Assert.Throws<ArgumentOutOfRangeException>(() => _kernel.Search(rows, ids, dimensions, rows, k, results));
        var simd = Assert.Throws<ArgumentOutOfRangeException>(() => InnerProductTopK.Search(rows, ids, dimensions, rows, k, results));

        Assert.Equal(parameter, ort.ParamName);
        Assert.Equal(simd.Message, ort.Message);
    }

    [Fact]
    public void A_result_buffer_too_small_fails_naming_results()
    {
        var random = new Random(9);
        var rows = TopKTestData.RandomMatrix(random, 10, 4);
        var ids = TopKTestData.ShuffledIds(random, 10);
        var queries = TopKTestData.RandomMatrix(random, 2, 4);

        var exception = CaptureArgumentException(() => _kernel.Search(rows, ids, 4, queries, 3, new ScoredRow[5]));

        Assert.Equal("results", exception.ParamName);
        Assert.Contains("at least 6 entries", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_requested_without_cuda_fails_with_the_embedders_message()
    {
        OnnxInnerProductTopK? kernel = null;
        try
        {
            kernel = new OnnxInnerProductTopK(Device.Cuda, intraOpThreads: 1);
            Assert.Equal(Device.Cuda, kernel.ActiveDevice); // only on a machine with a usable GPU
        }
        catch (InvalidOperationException exception)
        {
            output.WriteLine(exception.Message);
            Assert.Contains($"Device.Cuda was requested for '{OnnxInnerProductTopK.ModelName}'", exception.Message, StringComparison.Ordinal);
            Assert.Contains("CUDA execution provider is not usable", exception.Message, StringComparison.Ordinal);
            Assert.Contains("cuBLAS", exception.Message, StringComparison.Ordinal);
            Assert.Contains("libonnxruntime_providers_cuda", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Use Device.Auto to fall back to CPU", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            kernel?.Dispose();
        }
    }

    [Fact]
    public void Auto_runs_where_it_can_and_agrees_with_the_simd_kernel()
    {
        var logger = new ListLogger<OnnxInnerProductTopK>();
        using var kernel = new OnnxInnerProductTopK(Device.Auto, intraOpThreads: 1, logger);
        if (kernel.ActiveDevice == Device.Cpu)
        {
            Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("falling back to CPU", StringComparison.Ordinal));
            Assert.Contains(logger.Entries, e => e.Message.Contains($"'{OnnxInnerProductTopK.ModelName}' runs on Cpu (requested Auto", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(Device.Cuda, kernel.ActiveDevice);
        }

        var random = new Random(11);
        var rows = TopKTestData.RandomMatrix(random, 300, 24);
        var ids = TopKTestData.ShuffledIds(random, 300);
        var queries = TopKTestData.RandomMatrix(random, 4, 24);
        var simd = new ScoredRow[40];
        var ort = new ScoredRow[40];

        InnerProductTopK.Search(rows, ids, 24, queries, 10, simd);
        kernel.Search(rows, ids, 24, queries, 10, ort);

        Assert.Equal(simd.Select(r => r.Id), ort.Select(r => r.Id));
        for (var i = 0; i < ort.Length; i++)
        {
            Assert.Equal(simd[i].Score, ort[i].Score, 1e-5f);
        }
    }

    [Fact]
    public void A_disposed_kernel_refuses_to_search()
    {
        var kernel = new OnnxInnerProductTopK(Device.Cpu, intraOpThreads: 1);
        kernel.Dispose();
        kernel.Dispose();

        Assert.Throws<ObjectDisposedException>(() => kernel.Search([1f], [1], 1, [1f], 1, new ScoredRow[1]));
    }
}
