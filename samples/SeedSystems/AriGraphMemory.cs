using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// AriGraph (lite): episodic turns plus an entity graph built from their text without a model (the
/// names each turn mentions); a query takes its five nearest turns as seeds and fills the other ranks
/// with turns that share an entity with a seed, nearest first. Names mentioned in more than 20 turns
/// (the speakers) link everything and are not followed.
/// </summary>
[MemoryArchitecture("arigraph")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Graph)]
[Retrieve(RetrieveKind.Graph, TopK = 10, Seeds = 5, Hops = 1, Fanout = 20)]
public sealed partial class AriGraphMemory
{
}
