namespace MemDsl.Onnx;

/// <summary>Options of <see cref="EmbeddingCache"/>.</summary>
public sealed class EmbeddingCacheOptions
{
    /// <summary>What to do with a corrupt file. Default <see cref="CacheCorruptionPolicy.Throw"/>.</summary>
    public CacheCorruptionPolicy CorruptionPolicy { get; set; } = CacheCorruptionPolicy.Throw;

    /// <summary>How long to wait for another process's lock on the file, 1 ms to 10 minutes; default 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its legal range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(CorruptionPolicy))
        {
            throw new ArgumentException($"{nameof(CorruptionPolicy)} is {(int)CorruptionPolicy}; it must be Throw or MoveAsideAndRebuild.", nameof(CorruptionPolicy));
        }

        if (LockTimeout < TimeSpan.FromMilliseconds(1) || LockTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(LockTimeout)} is {LockTimeout}; it must be between 1 ms and 10 minutes.", nameof(LockTimeout));
        }
    }
}
