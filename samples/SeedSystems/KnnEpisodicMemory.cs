using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// kNN episodic memory: every turn is an episode (who said what); a query returns its nearest episodes.
/// The simplest baseline: it is the same declaration as the built-in cosine-only baseline (minilm-cosine).
/// </summary>
[MemoryArchitecture("knn-episodic")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class KnnEpisodicMemory
{
}
