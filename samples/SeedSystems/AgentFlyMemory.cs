using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// AgentFly's case bank: cases are retrieved by similarity and cases that led to success are
/// preferred (utility learned from feedback, weighted more than in MemRL); failing cases are pruned.
/// </summary>
[MemoryArchitecture("agentfly")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 20, UtilityWeight = 0.5f, LearningRate = 0.3f)]
[Manage(ManageKind.Utility, PruneBelow = 0.1f, MinUses = 4)]
public sealed partial class AgentFlyMemory
{
}
