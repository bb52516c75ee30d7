namespace MemDsl.Abstractions;

/// <summary>Which embedder turns record text into vectors.</summary>
public enum EmbedderKind
{
    /// <summary>
    /// all-MiniLM-L6-v2 (384 dimensions). The pipeline takes the embedder as an
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> from its constructor or from DI.
    /// </summary>
    MiniLM,

    /// <summary>Deterministic feature hashing of words and word pairs; no model, for tests and baselines.</summary>
    Hashing,
}
