using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Diversity-aware selection: 30 cosine candidates, then maximal marginal relevance, so ten hits do not
/// repeat one piece of evidence.
/// </summary>
[MemoryArchitecture("mmr")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Mmr, TopK = 10, Candidates = 30, Lambda = 0.7f)]
public sealed partial class MmrMemory
{
}
