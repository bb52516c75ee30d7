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
/// copies them to the GPU on every call, so a matrix searched more than once belongs in an
/// <see cref="OnnxInnerProductIndex"/>, which places it on the device once. Thread-safe: calls share the
/// session and rent their own buffers.
/// </summary>
public sealed class OnnxInnerProductTopK : IDisposable
{
    /// <summary>The model name in log messages.</summary>
    public const string ModelName = "inner-product-top-k";

    private static readonly string[] InputNames = [InnerProductTopKModel.QueriesInput, InnerProductTopKModel.RowsInput, InnerProductTopKModel.KInput];

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

        var run = new MatrixRun(_session, rows, rowCount, dimensions, queries);
        return TopKCandidates.Search(ref run, rowCount, batch, kept, rowIds, results);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    /// <summary>One call's session run over a matrix and queries handed in place (pinned, not copied).</summary>
    private readonly ref struct MatrixRun(InferenceSession session, ReadOnlySpan<float> rows, int rowCount, int dimensions, ReadOnlySpan<float> queries) : TopKCandidates.IRun
    {
        private readonly ReadOnlySpan<float> _rows = rows;
        private readonly ReadOnlySpan<float> _queries = queries;

        public unsafe void Run(int firstQuery, int queryCount, int candidates, float[] values, long[] indices)
        {
            fixed (float* rowPointer = _rows)
            {
                using var rowValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [rowCount, dimensions], (nint)rowPointer, (long)_rows.Length * sizeof(float));
                TopKCandidates.Run(session, InputNames, _queries.Slice(firstQuery * dimensions, queryCount * dimensions), dimensions, rowValue, candidates, values, indices);
            }
        }
    }
}
