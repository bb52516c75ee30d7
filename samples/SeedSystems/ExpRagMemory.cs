using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// ExpRAG: whole experiences are embedded and the nearest ones are retrieved. In a conversation an
/// experience is a session (what happened, who said what, how it ended), so a record grows with its
/// session; fewer, larger hits.
/// </summary>
[MemoryArchitecture("exp-rag")]
[Encode(EncodeKind.Session, Prefix = PrefixKind.SpeakerAndDate)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 3)]
public sealed partial class ExpRagMemory
{
}
