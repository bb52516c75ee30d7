using MemDsl.Evaluation;
using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>How an <see cref="EvolutionarySearch"/> runs.</summary>
public sealed record EvolutionOptions
{
    /// <summary>The one seed every random choice of the search derives from.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How many candidates are evaluated in all (starting specs included).</summary>
    public int Budget { get; init; } = 12;

    /// <summary>Chance that a proposal is a crossover of two archive members rather than a mutation of one.</summary>
    public double CrossoverProbability { get; init; } = 0.3;

    /// <summary>Starting specs; null starts from the built-in bm25, cosine and hybrid baselines plus <see cref="Samples"/> random specs.</summary>
    public IReadOnlyList<ArchitectureSpec>? StartingSpecs { get; init; }

    /// <summary>Random specs added to the baselines when <see cref="StartingSpecs"/> is null.</summary>
    public int Samples { get; init; } = 2;

    /// <summary>Quality is recall@<see cref="QualityK"/>.</summary>
    public int QualityK { get; init; } = 10;

    /// <summary>How candidates are built: interpreted from the spec, or compiled with the generator. Both score identically.</summary>
    public CandidateBuild Build { get; init; } = CandidateBuild.Interpreted;

    /// <summary>Turns a candidate into a design to bench (a test hook); null builds it as <see cref="Build"/> says. The search disposes the design after benching it.</summary>
    public Func<ArchitectureSpec, BenchmarkDesign>? DesignFactory { get; init; }

    /// <summary>Where to write the checkpoint after every evaluated candidate; null writes none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Stop when this many proposals in a row repeat archive members (the reachable space is used up).</summary>
    public int MaxConsecutiveDuplicates { get; init; } = 500;
}
