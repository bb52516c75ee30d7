namespace MemDsl.Abstractions;

/// <summary>How memory is kept healthy.</summary>
public enum ManageKind
{
    /// <summary>Keep everything.</summary>
    None,

    /// <summary>Skip near-duplicate writes (cosine ≥ <see cref="ManageAttribute.Threshold"/>); ManageAsync removes older near-duplicates.</summary>
    Dedupe,

    /// <summary>Keep at most <see cref="ManageAttribute.Max"/> records, evicting by <see cref="ManageAttribute.Policy"/>.</summary>
    Capacity,

    /// <summary>
    /// EvolveR-style pruning: ManageAsync removes records used at least <see cref="ManageAttribute.MinUses"/>
    /// times whose <c>(successes + 1) / (uses + 2)</c> is below <see cref="ManageAttribute.PruneBelow"/>
    /// (needs <see cref="StoreKind.Tracked"/>).
    /// </summary>
    Utility,

    /// <summary>
    /// Memory-R1's ADD / UPDATE / DELETE / NOOP per incoming record, rule-based: same subject and cosine
    /// at least <see cref="ManageAttribute.Similarity"/> means the same fact.
    /// </summary>
    Update,
}
