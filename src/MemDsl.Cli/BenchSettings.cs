using MemDsl.Evaluation;

namespace MemDsl.Cli;

/// <summary>The parsed arguments of <c>memdsl bench</c>.</summary>
internal sealed record BenchSettings(
    IReadOnlyList<string> Specs,
    IReadOnlyList<string> Baselines,
    bool Samples,
    string? Data,
    LoCoMoSplit Split,
    int? Conversations,
    bool Captions,
    IReadOnlyList<string> Streams,
    int Seed,
    string? Out,
    string CommandLine,
    BenchEmbedder Embedder = BenchEmbedder.Hashing,
    string? CacheDirectory = null,
    IReadOnlyList<string>? Assemblies = null);

/// <summary>What <c>--embedder</c> selects for designs that declare <c>EmbedderKind.MiniLM</c>.</summary>
internal enum BenchEmbedder
{
    /// <summary>A 384-d hashing stand-in; no model is loaded.</summary>
    Hashing,

    /// <summary>The real all-MiniLM-L6-v2 (<see cref="MemDsl.Onnx.MiniLMEmbedder"/>) behind an on-disk cache.</summary>
    MiniLM,
}
