using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>What one round of an <see cref="EvolvingMemory"/> did.</summary>
/// <param name="Round">1, 2, ... in the order rounds ran (skipped rounds included).</param>
/// <param name="Searched">False when the recent traffic was too thin (or unchanged) to search.</param>
/// <param name="RewardedQueries">Queries of the search stream (those with positively rewarded hits).</param>
/// <param name="Archive">Every candidate evaluated; entry 0 is the design served at the start of the round. Null when not searched.</param>
/// <param name="CurrentQuality">Recall@10 of the served design on the recent traffic; null when not searched or when it failed.</param>
/// <param name="BestQuality">Recall@10 of the best candidate; null when not searched or when all failed.</param>
/// <param name="SwappedTo">The design now served when the round swapped; null when it kept the current one.</param>
public sealed record EvolvingMemoryRound(
    int Round,
    bool Searched,
    int RewardedQueries,
    ParetoArchive? Archive,
    double? CurrentQuality,
    double? BestQuality,
    ArchitectureSpec? SwappedTo)
{
    public bool Swapped => SwappedTo is not null;
}
