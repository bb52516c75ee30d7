using MemDsl.Abstractions;

namespace QuickStart;

/// <summary>
/// The smallest useful memory: one record per turn with its speaker, hashed embeddings (no model
/// download), a BM25 index beside the vectors, hybrid retrieval, and near-duplicate skipping.
/// </summary>
[MemoryArchitecture("quick-start")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.Hashing, Dimensions = 512)]
[Store(StoreKind.VectorAndText)]
[Retrieve(RetrieveKind.Hybrid, TopK = 3, Alpha = 0.4f)]
[Manage(ManageKind.Dedupe, Threshold = 0.97f)]
[Search(nameof(RetrieveAttribute.TopK), 1, 16)]
public sealed partial class QuickStartMemory
{
}
