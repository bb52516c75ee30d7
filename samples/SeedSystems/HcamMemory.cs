using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// HCAM (hierarchical chunk attention memory): memory is split into chunks, each with a summary key
/// (the mean of its items' keys); a query first picks the chunks whose summary is nearest, then the
/// items inside them. A chunk is a conversation session here: the three sessions nearest the question,
/// then the ten nearest turns of those sessions.
/// </summary>
[MemoryArchitecture("hcam")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Hierarchical)]
[Retrieve(RetrieveKind.Hierarchical, TopK = 10, Chunks = 3)]
public sealed partial class HcamMemory
{
}
