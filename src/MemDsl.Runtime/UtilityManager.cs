namespace MemDsl.Runtime;

/// <summary>
/// EvolveR-style pruning by usefulness: a record's score is <c>(successes + 1) / (uses + 2)</c> (the
/// Laplace-smoothed success rate of its retrievals); a full pass removes records retrieved at least
/// <see cref="MinUses"/> times whose score is below <see cref="PruneBelow"/>. The caller holds the
/// store's lock.
/// </summary>
public sealed class UtilityManager
{
    /// <summary>Creates a manager.</summary>
    /// <param name="pruneBelow">Score below which a record goes, 0 to 1.</param>
    /// <param name="minUses">Retrievals before a record can go, at least 1.</param>
    public UtilityManager(float pruneBelow, int minUses)
    {
        PruneBelow = RetrieverArguments.CheckUnit(pruneBelow, nameof(pruneBelow));
        if (minUses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minUses), minUses, "MinUses must be at least 1.");
        }

        MinUses = minUses;
    }

    public float PruneBelow { get; }

    public int MinUses { get; }

    /// <summary>The smoothed success rate <c>(successes + 1) / (uses + 2)</c>.</summary>
    public static float Score(int successes, int uses) => (successes + 1f) / (uses + 2f);

    /// <summary>Removes the records that were used enough and helped too rarely; returns how many.</summary>
    public int Compact(MemoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var statistics = RetrieverArguments.RequireStatistics(store);
        var count = store.Count;
        var doomed = ArrayPool<long>.Shared.Rent(Math.Max(1, count));
        try
        {
            var doomedCount = 0;
            for (var slot = 0; slot < count; slot++)
            {
                var uses = statistics.GetUses(slot);
                if (uses >= MinUses && Score(statistics.GetSuccesses(slot), uses) < PruneBelow)
                {
                    doomed[doomedCount++] = store.GetRecord(slot).Id;
                }
            }

            // Removal moves slots, so decide first and remove by id afterwards.
            for (var i = 0; i < doomedCount; i++)
            {
                store.Remove(doomed[i]);
            }

            return doomedCount;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(doomed);
        }
    }
}
