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
    string CommandLine);
