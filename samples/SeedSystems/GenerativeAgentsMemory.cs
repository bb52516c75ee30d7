using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Generative Agents' memory stream: every observation is kept; retrieval scores recency (0.995 per
/// hour since last retrieved), importance (rated at write) and relevance, equally weighted, each
/// min-max-normalized.
/// </summary>
[MemoryArchitecture("generative-agents")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Tracked)]
[Retrieve(RetrieveKind.Generative, TopK = 10, Decay = 0.995f, RecencyWeight = 1f, ImportanceWeight = 1f, RelevanceWeight = 1f)]
public sealed partial class GenerativeAgentsMemory
{
}
