using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Memory-R1's memory manager, rule-based: each incoming turn is ADDed, UPDATEs the stored turns about
/// the same subject that say nearly the same thing (the old value is removed), DELETEs them when it
/// retracts them, or is a NOOP when it repeats them.
/// </summary>
[MemoryArchitecture("memory-r1")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
[Manage(ManageKind.Update, Similarity = 0.85f)]
public sealed partial class MemoryR1Memory
{
}
