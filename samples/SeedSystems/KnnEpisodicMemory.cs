using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>kNN episodic memory: every turn is an episode; a query returns its nearest episodes. The simplest baseline.</summary>
[MemoryArchitecture("knn-episodic")]
[Encode(EncodeKind.Turn)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class KnnEpisodicMemory
{
}
