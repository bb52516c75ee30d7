namespace MemDsl.Onnx;

/// <summary>An <see cref="EmbeddingCache"/> file failed validation. The file is left untouched.</summary>
public sealed class EmbeddingCacheCorruptedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EmbeddingCacheCorruptedException(string filePath, long offset, string reason)
        : base($"Embedding cache file '{filePath}' is corrupt at byte offset {offset}: {reason} The file was not used or changed; delete it, or open the cache with CacheCorruptionPolicy.MoveAsideAndRebuild.")
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The corrupt file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the first bad header field or record.</summary>
    public long Offset { get; }

    /// <summary>What is wrong there.</summary>
    public string Reason { get; }
}
