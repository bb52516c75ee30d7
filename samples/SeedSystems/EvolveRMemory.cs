using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// EvolveR's experience base: records are scored (successes + 1) / (uses + 2) from feedback, those used
/// at least three times scoring below 0.2 are pruned, near-duplicates are merged (the newer kept),
/// and retrieval prefers useful records.
/// </summary>
[MemoryArchitecture("evolver")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 30, UtilityWeight = 0.2f)]
[Manage(ManageKind.Utility, PruneBelow = 0.2f, MinUses = 3)]
[Manage(ManageKind.Dedupe, Threshold = 0.95f)]
public sealed partial class EvolveRMemory
{
}
