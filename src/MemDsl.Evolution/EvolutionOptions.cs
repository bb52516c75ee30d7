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

    /// <summary>Wall-clock limit of one <see cref="EvolutionarySearch.RunAsync"/>: no candidate is proposed after it (those running finish); null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Chance that a proposal of the default <see cref="EvolutionaryProposer"/> is a crossover of two archive members rather than a mutation of one.</summary>
    public double CrossoverProbability { get; init; } = 0.3;

    /// <summary>Makes the candidates after the starting specs; null: an <see cref="EvolutionaryProposer"/> with <see cref="CrossoverProbability"/>.</summary>
    public IProposer? Proposer { get; init; }

    /// <summary>Starting specs; null starts from the built-in bm25, cosine and hybrid baselines plus <see cref="Samples"/> random specs.</summary>
    public IReadOnlyList<ArchitectureSpec>? StartingSpecs { get; init; }

    /// <summary>Random specs added to the baselines when <see cref="StartingSpecs"/> is null.</summary>
    public int Samples { get; init; } = 2;

    /// <summary>The archive's quality axis (default recall@10).</summary>
    public QualityMetric Metric { get; init; } = QualityMetric.RecallAt10;

    /// <summary>
    /// Most mean context tokens per query a design may hand the model to count as a result: candidates
    /// over it are evaluated and archived, but never enter the Pareto front or become parents (see
    /// <see cref="ParetoArchive.MaxContextTokens"/>). Null for no limit.
    /// </summary>
    public double? MaxContextTokens { get; init; }

    /// <summary>
    /// Candidates evaluated at once (at least 1). Part of what a seed reproduces: the proposal for
    /// archive slot <c>s</c> sees the results of candidates 0 .. <c>s - Parallelism</c>, so runs with
    /// the same seed and parallelism propose the same candidates however long each one takes.
    /// </summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Longest one candidate may take to build and bench; past it, it is archived as failed ("timed out") and the search goes on. Null for no limit.</summary>
    public TimeSpan? CandidateTimeout { get; init; }

    /// <summary>How candidates are built: interpreted from the spec, or compiled with the generator. Both score identically.</summary>
    public CandidateBuild Build { get; init; } = CandidateBuild.Interpreted;

    /// <summary>How candidates are built and embedded (the MiniLM embedder of MiniLM designs, say); used by both builds.</summary>
    public BenchmarkOptions Benchmark { get; init; } = new();

    /// <summary>Turns a candidate into a design to bench (a test hook); null builds it as <see cref="Build"/> says. The search disposes the design after benching it.</summary>
    public Func<ArchitectureSpec, BenchmarkDesign>? DesignFactory { get; init; }

    /// <summary>Where to write the checkpoint after every evaluated candidate; null writes none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Stop when this many proposals in a row repeat archive members or yield no candidate (the reachable space is used up).</summary>
    public int MaxConsecutiveDuplicates { get; init; } = 500;
}
