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
}
