using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Dynamic Cheatsheet: a bounded cheat sheet curated after each task — new distilled entries are
/// added, near-duplicates are not, and the sheet stays within a budget. Here: three distilled items per
/// session, near-duplicates (cosine 0.9) skipped, at most 100 entries, the least recently used leaving first.
/// </summary>
[MemoryArchitecture("dynamic-cheatsheet")]
[Encode(EncodeKind.Distill, Items = 3, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
[Manage(ManageKind.Dedupe, Threshold = 0.9f)]
[Manage(ManageKind.Capacity, Max = 100, Policy = EvictionPolicy.Lru)]
public sealed partial class DynamicCheatsheetMemory
{
}
