using Microsoft.Extensions.AI;

namespace MemDsl.Runtime;

/// <summary>What an <see cref="InterpretedPipeline"/> needs beyond the spec: the external embedder, the durable store's file and custom stage code.</summary>
public sealed class InterpretedPipelineOptions
{
    /// <summary>The embedder for <c>EmbedderKind.MiniLM</c> (384-dimensional); required for that kind.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>Where a durable store (<c>Persistence = PersistenceKind.Sqlite</c>) keeps its file; required for that persistence.</summary>
    public MemoryStorageOptions? Storage { get; init; }

    /// <summary>The <c>[EncodeWith]</c> method; required when the spec declares one.</summary>
    public Func<Turn, string>? EncodeWith { get; init; }

    /// <summary>The <c>[ScoreWith]</c> method; required when the spec declares one.</summary>
    public HitScorer? ScoreWith { get; init; }
}
