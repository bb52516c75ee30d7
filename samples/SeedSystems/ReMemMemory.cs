using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// ReMem: retrieve, then refine — a judge prunes or merges retrieved items that do not help before
/// they reach the prompt. Here the judge is LLM-free: of 30 cosine candidates, hits below half the top
/// score and near-duplicates (cosine 0.9) of a higher hit are dropped, and so are records retrieved
/// five times without ever being rewarded.
/// </summary>
[MemoryArchitecture("remem")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Refine, TopK = 10, Candidates = 30, RelativeCut = 0.5f, Redundancy = 0.9f, PruneAfter = 5)]
public sealed partial class ReMemMemory
{
}
