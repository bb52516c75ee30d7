using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// ReasoningBank: each experience is distilled into strategy items (title, description, content),
/// each item embedded on its own, and the nearest items are retrieved. In a conversation an
/// experience is a session; its most salient turns (decisions, outcomes, facts) become the items, small
/// talk becomes nothing.
/// </summary>
[MemoryArchitecture("reasoning-bank")]
[Encode(EncodeKind.Distill, Items = 8, Unit = ExperienceUnit.Session, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class ReasoningBankMemory
{
}
