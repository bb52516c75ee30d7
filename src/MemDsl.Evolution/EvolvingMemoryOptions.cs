using MemDsl.Abstractions;
using MemDsl.Model;
using MemDsl.Runtime;

namespace MemDsl.Evolution;

/// <summary>How an <see cref="EvolvingMemory"/> serves, watches its traffic and searches for a better design.</summary>
public sealed record EvolvingMemoryOptions
{
    /// <summary>The design served first. Must be valid and in memory (<c>Persistence = None</c>): the host keeps the turns itself.</summary>
    public required ArchitectureSpec InitialSpec { get; init; }

    /// <summary>What the interpreted pipelines need: the MiniLM embedder, custom stage code. Used for serving and for evaluating candidates alike.</summary>
    public InterpretedPipelineOptions PipelineOptions { get; init; } = new();

    /// <summary>
    /// Builds the serving pipeline of a design (the initial one and every swapped-in one); null builds
    /// <see cref="InterpretedPipeline.Create"/> with <see cref="PipelineOptions"/>. Candidates are always
    /// evaluated interpreted, with <see cref="PipelineOptions"/>.
    /// </summary>
    public Func<ArchitectureSpec, IMemoryPipeline>? PipelineFactory { get; init; }

    /// <summary>Time between two background rounds; <see cref="Timeout.InfiniteTimeSpan"/> runs none (call <see cref="EvolvingMemory.EvolveNowAsync"/>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A round searches only when the recent traffic holds at least this many queries with positively rewarded hits.</summary>
    public int MinRewardedQueries { get; init; } = 20;

    /// <summary>How many of the newest turns the search stream replays (older turns stay stored; they are only left out of the search).</summary>
    public int MaxRecentTurns { get; init; } = 5_000;

    /// <summary>How many of the newest queries the host remembers with their feedback.</summary>
    public int MaxRecentQueries { get; init; } = 1_000;

    /// <summary>Candidates one round evaluates, the current design included.</summary>
    public int CandidateBudget { get; init; } = 12;

    /// <summary>Wall-clock bound of one round's search; the candidates evaluated by then are compared.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A candidate replaces the current design when its recall@10 on the recent traffic is at least this much higher.</summary>
    public double SwapMargin { get; init; } = 0.02;

    /// <summary>Seed of round 1's search; round n uses <c>Seed + n - 1</c>, so rounds propose different candidates.</summary>
    public int Seed { get; init; } = 1;

    /// <exception cref="ArgumentException">An option is out of range; the message names it and its legal range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(InitialSpec, nameof(InitialSpec));
        ArgumentNullException.ThrowIfNull(PipelineOptions, nameof(PipelineOptions));
        var validation = InitialSpec.Validate();
        if (validation.HasErrors)
        {
            throw new ArgumentException($"The initial spec '{InitialSpec.Name}' is invalid: {string.Join("; ", validation.Diagnostics.Where(d => d.IsError))}", nameof(InitialSpec));
        }

        if (InitialSpec.Store.GetSymbol(MemoryCatalog.Persistence.Name) != nameof(PersistenceKind.None))
        {
            throw new ArgumentException($"The initial spec '{InitialSpec.Name}' persists to a file; an evolving memory serves in-memory designs (Persistence = None) and rebuilds them from the turns it keeps.", nameof(InitialSpec));
        }

        if (Interval != Timeout.InfiniteTimeSpan && Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be positive, or Timeout.InfiniteTimeSpan for no background rounds.");
        }

        if (MinRewardedQueries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinRewardedQueries), MinRewardedQueries, "At least 1 rewarded query.");
        }

        if (MaxRecentTurns < 1 || MaxRecentQueries < 1)
        {
            throw new ArgumentOutOfRangeException(MaxRecentTurns < 1 ? nameof(MaxRecentTurns) : nameof(MaxRecentQueries), "The traffic windows must hold at least 1 item.");
        }

        if (CandidateBudget < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(CandidateBudget), CandidateBudget, "The budget must be at least 2 (the current design and one candidate).");
        }

        if (RoundTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RoundTimeout), RoundTimeout, "The round timeout must be positive.");
        }

        if (!double.IsFinite(SwapMargin) || SwapMargin < 0 || SwapMargin > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SwapMargin), SwapMargin, "The margin is a recall difference in [0, 1].");
        }
    }
}
