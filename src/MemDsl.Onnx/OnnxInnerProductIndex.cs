using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MemDsl.Onnx;

/// <summary>
/// A matrix loaded once into an ONNX Runtime session (Gemm + TopK) and searched many times: the rows are
/// the model's initializer, handed to the session through <c>SessionOptions.AddInitializer</c>, so on
/// CUDA ONNX Runtime copies them to the GPU once, when the session starts, and every search moves only
/// its queries and results. <see cref="OnnxInnerProductTopK"/> instead takes the matrix on every call and
/// on CUDA copies all of it each time, which costs more than the search on a large matrix.
/// <para>
/// Same contract as <see cref="InnerProductTopK.Search"/> over the loaded rows: the same argument checks
/// and messages, the same result layout, and the same ids in the same order (ties go to the lower id).
/// The index keeps its own copy of the rows and ids, so the caller's arrays may change after loading;
/// rows are expected to be finite. To follow a changing store, load a new index. Thread-safe: searches
/// share the session and rent their own buffers.
/// </para>
/// </summary>
public sealed class OnnxInnerProductIndex : IDisposable
{
    /// <summary>The model name in log messages.</summary>
    public const string ModelName = "inner-product-index";

    private static readonly string[] InputNames = [InnerProductTopKModel.QueriesInput, InnerProductTopKModel.KInput];

    private readonly float[] _rows;
    private readonly long[] _ids;
    private readonly OrtValue? _rowValue;
    private readonly InferenceSession _session;
    private int _disposed;

    /// <summary>Copies <paramref name="rows"/> and <paramref name="rowIds"/> and starts a session holding the rows on <paramref name="device"/>.</summary>
    /// <param name="rows">Row-major matrix: rows × <paramref name="dimensions"/> floats.</param>
    /// <param name="rowIds">One id per row; ties in score go to the lower id.</param>
    /// <param name="dimensions">Row length, at least 1.</param>
    /// <param name="device">The requested device; <see cref="Device.Auto"/> falls back to CPU with the reason logged.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    /// <param name="logger">Receives the chosen device and any CUDA fallback reason.</param>
    /// <exception cref="ArgumentException">The matrix is not a whole number of rows, or the ids do not match them.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Device.Cuda"/> was requested and CUDA is not usable.</exception>
    public OnnxInnerProductIndex(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, Device device = Device.Auto, int intraOpThreads = 0, ILogger<OnnxInnerProductIndex>? logger = null)
    {
        // The shared checks, with an empty query and k = 1: the rows' shape is all there is to check yet.
        var (rowCount, _, _) = InnerProductTopK.CheckArguments(rows, rowIds, dimensions, [], 1, []);
        RowCount = rowCount;
        Dimensions = dimensions;
        _ids = rowIds.ToArray();

        // Pinned: the session reads the initializer from this buffer for as long as it lives (on CPU in place).
        _rows = GC.AllocateUninitializedArray<float>(rows.Length, pinned: true);
        rows.CopyTo(_rows);
        OrtValue? rowValue;
        unsafe
        {
            fixed (float* rowPointer = _rows)
            {
                // An empty index still starts a session (of the plain model, which takes no matrix), so
                // the device is chosen, logged and, for Device.Cuda, checked as for any other index.
                rowValue = rowCount == 0 ? null : OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [rowCount, dimensions], (nint)rowPointer, (long)_rows.Length * sizeof(float));
            }
        }

        // The resident model declares the matrix as external data, so the declaration carries no bytes;
        // ONNX Runtime checks that the file it names exists in the initializer folder, but reads
        // nothing from it, as AddInitializer supplies the data. An empty file in a folder of this
        // index's own satisfies the check and is deleted once the session has started.
        var folder = rowValue is null ? null : Directory.CreateTempSubdirectory("memdsl-index-").FullName;
        try
        {
            if (folder is not null)
            {
                File.WriteAllBytes(Path.Combine(folder, InnerProductTopKModel.ExternalRowsLocation), []);
            }

            _session = OnnxSessionFactory.Create(
                rowValue is null ? InnerProductTopKModel.Bytes : InnerProductTopKModel.BuildResident(rowCount, dimensions),
                ModelName,
                device,
                intraOpThreads,
                logger ?? (ILogger)NullLogger.Instance,
                out var active,
                rowValue is null ? null : options =>
                {
                    options.AddInitializer(InnerProductTopKModel.RowsInput, rowValue);
                    options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", folder!);

                    // Pre-packing would make a second, reordered copy of the whole matrix for Gemm.
                    options.AddSessionConfigEntry("session.disable_prepacking", "1");
                });
            ActiveDevice = active;
            _rowValue = rowValue;
        }
        catch
        {
            rowValue?.Dispose();
            throw;
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</summary>
    public Device ActiveDevice { get; }

    /// <summary>Rows loaded.</summary>
    public int RowCount { get; }

    /// <summary>Floats per row.</summary>
    public int Dimensions { get; }

    /// <summary>
    /// Writes the best <c>min(k, rows)</c> loaded rows for each query into <paramref name="results"/>
    /// (query after query, best first) and returns that per-query count. No rows or no queries return 0
    /// without running the session.
    /// </summary>
    /// <param name="queries">Row-major queries: batch × <see cref="Dimensions"/> finite floats.</param>
    /// <param name="k">Results per query, at least 1.</param>
    /// <param name="results">At least batch × min(k, rows) entries.</param>
    /// <exception cref="ArgumentException">An argument is out of range (the same checks and messages as <see cref="InnerProductTopK.Search"/>).</exception>
    public int Search(ReadOnlySpan<float> queries, int k, Span<ScoredRow> results)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var (rowCount, batch, kept) = InnerProductTopK.CheckArguments(_rows, _ids, Dimensions, queries, k, results);
        if (kept == 0 || batch == 0)
        {
            return 0;
        }

        var run = new ResidentRun(_session, Dimensions, queries, batch);
        return TopKCandidates.Search(ref run, rowCount, batch, kept, _ids, results);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The session first: it reads the initializer until it is gone.
            _session.Dispose();
            _rowValue?.Dispose();
        }
    }

    /// <summary>One search's session run: only the queries (pinned, not copied) and k go in.</summary>
    private readonly ref struct ResidentRun(InferenceSession session, int dimensions, ReadOnlySpan<float> queries, int batch) : TopKCandidates.IRun
    {
        private readonly ReadOnlySpan<float> _queries = queries;

        public unsafe void Run(int candidates, float[] values, long[] indices)
        {
            long kValue = candidates;
            fixed (float* queryPointer = _queries)
            {
                using var queryValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [batch, dimensions], (nint)queryPointer, (long)_queries.Length * sizeof(float));
                using var kTensor = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], (nint)(&kValue), sizeof(long));
                TopKCandidates.Run(session, InputNames, [queryValue, kTensor], batch, candidates, values, indices);
            }
        }
    }
}
