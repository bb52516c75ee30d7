using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Neighbour expansion: cosine top-k over turns, then each hit with the turn written just before and
/// just after it in the same session, all in conversation order — the context builder of Evo-Memory
/// and of retrieval-augmented dialogue systems, which give the model the exchange a fact was said in.
/// </summary>
[MemoryArchitecture("neighbour-expansion")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 5)]
[Context(ContextKind.Chronological, Neighbours = 1)]
public sealed partial class NeighbourExpansionMemory
{
}
