using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Letta/MemGPT's memory tiers: every turn lands in the recall tier; sleep-time manage moves all but the
/// 30 newest to the archival tier and rewrites a core block of the most important turns (at most 96
/// tokens). A query runs cosine in each tier and returns the core block's hits first, then the best
/// recall and archival hits. The core block is chosen by <c>ImportanceHeuristic</c> instead of being
/// rewritten by Letta's sleep-time agent.
/// </summary>
[MemoryArchitecture("letta")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tiered, CoreTokens = 96, RecallSize = 30)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class LettaMemory
{
}
