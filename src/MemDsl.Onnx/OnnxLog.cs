using Microsoft.Extensions.Logging;

namespace MemDsl.Onnx;

/// <summary>Log messages of this assembly (LoggerMessage-generated: no boxing, no formatting when disabled).</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "ONNX session '{Model}' runs on {Device} (requested {Requested}, {IntraOpThreads} intra-op threads).")]
    public static partial void SessionStarted(ILogger logger, string model, Device device, Device requested, int intraOpThreads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "CUDA is not usable for ONNX session '{Model}', falling back to CPU: {Reason}")]
    public static partial void CudaFallback(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Embedding cache file '{Path}' is corrupt at byte offset {Offset}: {Reason}")]
    public static partial void CacheCorrupt(ILogger logger, string path, long offset, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Moved the corrupt embedding cache file '{Path}' to '{MovedTo}' and started an empty one.")]
    public static partial void CacheMovedAside(ILogger logger, string path, string movedTo);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Embedding cache '{Path}' opened with {Count} entries.")]
    public static partial void CacheOpened(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Kept the index's temporary folder '{Path}' for now (deleted when the index is disposed): {Reason}")]
    public static partial void TemporaryFolderKept(ILogger logger, string path, string reason);
}
