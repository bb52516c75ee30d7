using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// Agent Workflow Memory (AWM): reusable workflows induced from stretches of experience, retrieved
/// for a new task. Here an experience is a run of six turns, distilled into its two most salient steps.
/// </summary>
[MemoryArchitecture("awm")]
[Encode(EncodeKind.Distill, Items = 2, Unit = ExperienceUnit.Window, Span = 6, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Vector)]
[Retrieve(RetrieveKind.Cosine, TopK = 10)]
public sealed partial class AwmMemory
{
}
