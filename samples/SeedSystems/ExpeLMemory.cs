using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// ExpeL: insights distilled from past experiences, each kept with a count the agent raises when an
/// insight helps and lowers when it does not; insights voted down disappear. Here: three distilled items
/// per session, a learned utility in the ranking, and EvolveR-style pruning of items that keep failing.
/// </summary>
[MemoryArchitecture("expel")]
[Encode(EncodeKind.Distill, Items = 3, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 30, UtilityWeight = 0.2f)]
[Manage(ManageKind.Utility, PruneBelow = 0.2f, MinUses = 3)]
public sealed partial class ExpeLMemory
{
}
