using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// ReMe: reusable experience in context — a record is a turn with the two before it (the situation it
/// answers), reuse is driven by learned utility, and refinement prunes records that keep failing.
/// </summary>
[MemoryArchitecture("reme")]
[Encode(EncodeKind.Window, Size = 3, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 30, UtilityWeight = 0.3f)]
[Manage(ManageKind.Utility, PruneBelow = 0.15f, MinUses = 5)]
public sealed partial class ReMeMemory
{
}
