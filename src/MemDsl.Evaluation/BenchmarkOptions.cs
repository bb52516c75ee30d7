using Microsoft.Extensions.AI;

namespace MemDsl.Evaluation;

/// <summary>How designs are built and scored.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Metrics are computed for k = 1..MaxK (recall@k curves); MRR looks at the first MaxK hits.</summary>
    public int MaxK { get; init; } = 10;

    /// <summary>
    /// The embedder for designs that declare <c>[Embed(EmbedderKind.MiniLM)]</c>. Null: a 384-dimensional
    /// <c>HashingEmbedder</c> stands in and the design's embedder reads "hashing-384 (MiniLM stand-in)".
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>The name reported for <see cref="EmbeddingGenerator"/>, e.g. "minilm-onnx".</summary>
    public string EmbeddingGeneratorName { get; init; } = "external";

    /// <summary>
    /// Measure each stream's managed heap growth (<see cref="CostSummary"/>'s heap bytes) with two forced full
    /// garbage collections per stream. The meta-search turns it off: it records no heap size, and the
    /// collections cost more than evaluating a small candidate.
    /// </summary>
    public bool MeasureManagedHeap { get; init; } = true;

    public void Validate()
    {
        if (MaxK is < 1 or > 1000)
        {
            throw new ArgumentException($"MaxK must be between 1 and 1000 (it is {MaxK}).", nameof(MaxK));
        }
    }
}
