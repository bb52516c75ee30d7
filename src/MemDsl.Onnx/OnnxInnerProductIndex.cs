using System.Runtime.InteropServices;
using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace MemDsl.Onnx;

/// <summary>
/// A matrix loaded once into an ONNX Runtime session (Gemm + TopK) and searched many times. The rows
/// are the model's initializer, stored the way ONNX stores large weights: as external data, in a file
/// the index writes to a temporary folder of its own and ONNX Runtime reads when the session starts.
/// On CUDA that is when the rows go to the GPU, once, and every search then moves only its queries and
/// results; <see cref="OnnxInnerProductTopK"/> instead takes the matrix on every call and on CUDA copies
/// all of it each time, which costs more than the search on a large matrix. The file is deleted as soon
/// as the session has started (or, where ONNX Runtime still maps it, when the index is disposed), and
/// the session holds the only copy of the rows: the caller's arrays may change after loading.
/// <para>
/// Same contract as <see cref="InnerProductTopK.Search"/> over the loaded rows: the same argument checks
/// and messages, the same result layout, and the same ids in the same order (ties go to the lower id);
/// rows must be finite. Loading needs the rows' size free in the temporary folder for a moment. To
/// follow a changing store, load a new index. Searches may run concurrently; <see cref="Dispose"/>
/// must not overlap them.
/// </para>
/// </summary>
public sealed class OnnxInnerProductIndex : IDisposable
{
    /// <summary>The model name in log messages.</summary>
    public const string ModelName = "inner-product-index";

    private static readonly string[] InputNames = [InnerProductTopKModel.QueriesInput, InnerProductTopKModel.KInput];

    private readonly long[] _ids;
    private readonly InferenceSession _session;
    private readonly ILogger _logger;
    private string? _folder;
    private int _disposed;

    /// <summary>Writes <paramref name="rows"/> for ONNX Runtime to load, copies <paramref name="rowIds"/>, and starts a session holding the rows on <paramref name="device"/>.</summary>
    /// <param name="rows">Row-major matrix: rows × <paramref name="dimensions"/> finite floats.</param>
    /// <param name="rowIds">One id per row; ties in score go to the lower id.</param>
    /// <param name="dimensions">Row length, at least 1.</param>
    /// <param name="device">The requested device; <see cref="Device.Auto"/> falls back to CPU with the reason logged.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    /// <param name="logger">Receives the chosen device, any CUDA fallback reason, and a temporary folder that could not be deleted.</param>
    /// <exception cref="ArgumentException">The matrix is not a whole number of finite rows, or the ids do not match them.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Device.Cuda"/> was requested and CUDA is not usable.</exception>
    /// <exception cref="IOException">The rows could not be written to the temporary folder.</exception>
    public OnnxInnerProductIndex(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, Device device = Device.Auto, int intraOpThreads = 0, ILogger<OnnxInnerProductIndex>? logger = null)
    {
        RowCount = InnerProductTopK.CheckRows(rows, rowIds, dimensions);
        for (var i = 0; i < rows.Length; i++)
        {
            if (!float.IsFinite(rows[i]))
            {
                throw new ArgumentException($"Row {i / dimensions} is not finite: element {i % dimensions} is {rows[i]}.", nameof(rows));
            }
        }

        Dimensions = dimensions;
        _ids = rowIds.ToArray();
        _logger = logger ?? (ILogger)NullLogger.Instance;

        // An empty index still starts a session (of the plain model, which takes no matrix), so the
        // device is chosen, logged and, for Device.Cuda, checked as for any other index.
        if (RowCount == 0)
        {
            _session = OnnxSessionFactory.Create(InnerProductTopKModel.Bytes, ModelName, device, intraOpThreads, _logger, out var active);
            ActiveDevice = active;
            return;
        }

        try
        {
            _folder = Directory.CreateTempSubdirectory("memdsl-index-").FullName;
            WriteRows(Path.Combine(_folder, InnerProductTopKModel.ExternalRowsLocation), rows);
            var folder = _folder;
            _session = OnnxSessionFactory.Create(
                InnerProductTopKModel.BuildResident(RowCount, dimensions),
                ModelName,
                device,
                intraOpThreads,
                _logger,
                out var active,
                options =>
                {
                    // A model loaded from bytes finds its external data in this folder.
                    options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", folder);

                    // Pre-packing would make a second, reordered copy of the whole matrix for Gemm.
                    options.AddSessionConfigEntry("session.disable_prepacking", "1");
                });
            ActiveDevice = active;
        }
        catch
        {
            DeleteFolder();
            throw;
        }

        DeleteFolder();
    }

    /// <summary>The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</summary>
    public Device ActiveDevice { get; }

    /// <summary>Rows loaded.</summary>
    public int RowCount { get; }

    /// <summary>Floats per row.</summary>
    public int Dimensions { get; }

    /// <summary>Score-matrix floats a session run may take (<see cref="TopKCandidates.DefaultScoreBudget"/>); tests lower it to split small batches.</summary>
    internal long ScoreBudget { get; init; } = TopKCandidates.DefaultScoreBudget;

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
        var (rowCount, batch, kept) = InnerProductTopK.CheckQueries(RowCount, Dimensions, queries, k, results);
        if (kept == 0 || batch == 0)
        {
            return 0;
        }

        var run = new ResidentRun(_session, Dimensions, queries);
        return TopKCandidates.Search(ref run, rowCount, batch, kept, _ids, results, ScoreBudget);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            DeleteFolder(); // a folder the session still mapped at load
        }
    }

    private static void WriteRows(string path, ReadOnlySpan<float> rows)
    {
        // Little-endian float32, the layout of ONNX external data (and of every platform .NET runs ORT on).
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var bytes = MemoryMarshal.AsBytes(rows);
        const int Chunk = 1 << 24;
        for (var offset = 0L; offset < bytes.Length; offset += Chunk)
        {
            file.Write(bytes.Slice((int)offset, (int)Math.Min(Chunk, bytes.Length - offset)));
        }
    }

    private void DeleteFolder()
    {
        if (_folder is not { } folder)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
            _folder = null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Where the session maps the file, the folder goes when the index is disposed.
            OnnxLog.TemporaryFolderKept(_logger, folder, exception.Message);
        }
    }

    /// <summary>One search's session run: only the queries (pinned, not copied) and k go in.</summary>
    private readonly ref struct ResidentRun(InferenceSession session, int dimensions, ReadOnlySpan<float> queries) : TopKCandidates.IRun
    {
        private readonly ReadOnlySpan<float> _queries = queries;

        public void Run(int firstQuery, int queryCount, int candidates, float[] values, long[] indices) =>
            TopKCandidates.Run(session, InputNames, _queries.Slice(firstQuery * dimensions, queryCount * dimensions), dimensions, rows: null, candidates, values, indices);
    }
}
