namespace MemDsl.Onnx;

/// <summary>What <see cref="EmbeddingCache"/> does when its file is corrupt. Either way the corruption is logged as an error naming the file and the byte offset, and nothing from the file is used.</summary>
public enum CacheCorruptionPolicy
{
    /// <summary>Throw <see cref="EmbeddingCacheCorruptedException"/> and leave the file exactly as it is.</summary>
    Throw = 0,

    /// <summary>Rename the file to <c>{name}.corrupt-{UTC timestamp}</c> (kept for inspection, never overwritten) and start an empty cache.</summary>
    MoveAsideAndRebuild = 1,
}
