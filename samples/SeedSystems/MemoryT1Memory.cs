using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Memory-T1's temporal coarse-to-fine retrieval: the query's time expression ("last week", "in May
/// 2023") resolves to a window, turns outside it are filtered out, the rest ranked by cosine.
/// </summary>
[MemoryArchitecture("memory-t1")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Temporal, TopK = 10)]
public sealed partial class MemoryT1Memory
{
}
