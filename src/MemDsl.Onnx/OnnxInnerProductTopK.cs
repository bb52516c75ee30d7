using System.Buffers;
using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MemDsl.Onnx;

/// <summary>
/// Exact maximum-inner-product top-k as an ONNX Runtime session (Gemm + TopK, built in memory by
/// <see cref="InnerProductTopKModel"/>), on the device chosen through <see cref="OnnxSessionFactory"/>.
/// Same contract as <see cref="InnerProductTopK.Search"/>: the same argument checks and messages, the
/// same result layout, and the same ids in the same order. ONNX TopK puts the lower row index first among
/// equal scores, while MemDsl puts the lower id first; so the session is asked for a few more candidates
/// than k, and whenever the last candidate still ties the k-th score it is asked again for twice as many
/// (up to every row), until every row tied at the boundary is a candidate; the candidates are then
/// sorted by (score descending, id ascending, row ascending). Scores are ONNX Runtime's float32 Gemm
/// results: they agree with the SIMD kernel's to rounding, so two rows whose inner products differ only
/// in the last bits may be ordered differently by the two kernels. Rows are expected to be finite (as
/// for the SIMD kernel, only queries are checked).
/// The matrix and queries are handed to ONNX Runtime in place (pinned, not copied); on CUDA ONNX Runtime
/// copies them to the GPU on every call. Thread-safe: calls share the session and rent their own buffers.
/// </summary>
public sealed class OnnxInnerProductTopK : IDisposable
{
    /// <summary>The model name in log messages.</summary>
    public const string ModelName = "inner-product-top-k";

    // Candidates asked for beyond k on the first run, so that a few ties at the boundary cost no second run.
    private const int TieSlack = 8;

    private static readonly string[] InputNames = [InnerProductTopKModel.QueriesInput, InnerProductTopKModel.RowsInput, InnerProductTopKModel.KInput];
    private static readonly string[] OutputNames = [InnerProductTopKModel.ValuesOutput, InnerProductTopKModel.IndicesOutput];

    private readonly InferenceSession _session;
    private int _disposed;

    /// <summary>Starts a session on <paramref name="device"/>.</summary>
    /// <param name="device">The requested device; <see cref="Device.Auto"/> falls back to CPU with the reason logged.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    /// <param name="logger">Receives the chosen device and any CUDA fallback reason.</param>
    /// <exception cref="InvalidOperationException"><see cref="Device.Cuda"/> was requested and CUDA is not usable.</exception>
    public OnnxInnerProductTopK(Device device = Device.Auto, int intraOpThreads = 0, ILogger<OnnxInnerProductTopK>? logger = null)
    {
        _session = OnnxSessionFactory.Create(InnerProductTopKModel.Bytes, ModelName, device, intraOpThreads, logger ?? (ILogger)NullLogger.Instance, out var active);
        ActiveDevice = active;
    }

    /// <summary>The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</summary>
    public Device ActiveDevice { get; }

    /// <summary>
    /// Writes the best <c>min(k, rows)</c> rows for each query into <paramref name="results"/>
    /// (query after query, best first) and returns that per-query count. No rows or no queries return 0
    /// without running the session.
    /// </summary>
    /// <param name="rows">Row-major matrix: rows × <paramref name="dimensions"/> floats.</param>
    /// <param name="rowIds">One id per row; ties in score go to the lower id.</param>
    /// <param name="dimensions">Row length, at least 1.</param>
    /// <param name="queries">Row-major queries: batch × <paramref name="dimensions"/> finite floats.</param>
    /// <param name="k">Results per query, at least 1.</param>
    /// <param name="results">At least batch × min(k, rows) entries.</param>
    /// <exception cref="ArgumentException">An argument is out of range (the same checks and messages as <see cref="InnerProductTopK.Search"/>).</exception>
    public int Search(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, ReadOnlySpan<float> queries, int k, Span<ScoredRow> results)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var (rowCount, batch, kept) = InnerProductTopK.CheckArguments(rows, rowIds, dimensions, queries, k, results);
        if (kept == 0 || batch == 0)
        {
            return 0;
        }

        var candidates = (int)Math.Min(rowCount, (long)kept + TieSlack);
        while (true)
        {
            var values = ArrayPool<float>.Shared.Rent(batch * candidates);
            var indices = ArrayPool<long>.Shared.Rent(batch * candidates);
            try
            {
                Run(rows, rowCount, dimensions, queries, batch, candidates, values, indices);
                if (candidates < rowCount && TiesPastCandidates(values, batch, candidates, kept))
                {
                    candidates = (int)Math.Min(rowCount, 2L * candidates);
                    continue;
                }

                Collect(values, indices, rowIds, batch, candidates, kept, results);
                return kept;
            }
            finally
            {
                ArrayPool<long>.Shared.Return(indices);
                ArrayPool<float>.Shared.Return(values);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private unsafe void Run(ReadOnlySpan<float> rows, int rowCount, int dimensions, ReadOnlySpan<float> queries, int batch, int candidates, float[] values, long[] indices)
    {
        var cells = batch * candidates;
        long kValue = candidates;
        fixed (float* rowPointer = rows)
        fixed (float* queryPointer = queries)
        {
            using var queryValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [batch, dimensions], (nint)queryPointer, (long)queries.Length * sizeof(float));
            using var rowValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [rowCount, dimensions], (nint)rowPointer, (long)rows.Length * sizeof(float));
            using var kTensor = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], (nint)(&kValue), sizeof(long));
            using var valueTensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(0, cells), [batch, candidates]);
            using var indexTensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, indices.AsMemory(0, cells), [batch, candidates]);
            using var runOptions = new RunOptions();
            _session.Run(runOptions, InputNames, [queryValue, rowValue, kTensor], OutputNames, [valueTensor, indexTensor]);
        }
    }

    // TopK sorts by score, so the candidates hold every row tied with the k-th score unless the last one still ties it.
    private static bool TiesPastCandidates(float[] values, int batch, int candidates, int kept)
    {
        for (var query = 0; query < batch; query++)
        {
            var offset = query * candidates;
            if (values[offset + candidates - 1] == values[offset + kept - 1])
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(float[] values, long[] indices, ReadOnlySpan<long> rowIds, int batch, int candidates, int kept, Span<ScoredRow> results)
    {
        var sorted = ArrayPool<ScoredRow>.Shared.Rent(candidates);
        try
        {
            for (var query = 0; query < batch; query++)
            {
                var offset = query * candidates;
                var span = sorted.AsSpan(0, candidates);
                for (var i = 0; i < candidates; i++)
                {
                    var row = (int)indices[offset + i];
                    span[i] = new ScoredRow(values[offset + i], rowIds[row], row);
                }

                span.Sort(default(BestFirst));
                span[..kept].CopyTo(results.Slice(query * kept, kept));
            }
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(sorted);
        }
    }

    /// <summary>Score descending, then id ascending (MemDsl's tie rule), then row ascending.</summary>
    private readonly struct BestFirst : IComparer<ScoredRow>
    {
        public int Compare(ScoredRow x, ScoredRow y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byId = x.Id.CompareTo(y.Id);
            return byId != 0 ? byId : x.Row.CompareTo(y.Row);
        }
    }
}
