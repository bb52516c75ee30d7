using MemDsl.Abstractions;

namespace SeedSystems;

/// <summary>
/// A-MEM (agentic memory): every turn is a note with keywords, tags and links; a new note links to its
/// three nearest notes and evolves them (they take its names and keywords as tags, so they are found by
/// them too); a query takes the five best notes by cosine and BM25 over text and tags, then the notes
/// they link to.
/// </summary>
[MemoryArchitecture("a-mem")]
[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
[Embed(EmbedderKind.MiniLM)]
[Store(StoreKind.Notes, Links = 3)]
[Retrieve(RetrieveKind.Notes, TopK = 10, Seeds = 5, Alpha = 0.7f)]
public sealed partial class AMemMemory
{
}
