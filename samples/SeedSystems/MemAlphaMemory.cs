using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Mem-alpha's several stores: every turn is an episode; durable first-person statements about the
/// speaker (identity, preferences) are also kept in a small core store (at most 64, the least important
/// leaving first) and fact-like statements in a semantic store. A query runs cosine in each store and
/// takes up to 2 hits from core, up to 3 from semantic and the rest from the episodes. The routing is
/// rule-based (<c>RuleWriteRouter</c>) instead of Mem-alpha's RL-trained memory-construction policy.
/// </summary>
[MemoryArchitecture("mem-alpha")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Routed, CoreQuota = 2, SemanticQuota = 3, CoreMax = 64)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class MemAlphaMemory
{
}
