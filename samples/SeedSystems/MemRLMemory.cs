using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// MemRL: two-phase retrieval. A semantic filter keeps the 40 nearest records, which are reranked by
/// a per-record utility (a Q-value) that feedback moves toward each reward.
/// </summary>
[MemoryArchitecture("memrl")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 40, UtilityWeight = 0.3f, LearningRate = 0.5f)]
public sealed partial class MemRLMemory
{
}
