namespace MemDsl.Model;

/// <summary>
/// The stages of a memory pipeline. Encode to Manage are in the order a write flows through them;
/// Context (optional) comes last in the enum so the earlier values keep their numbers, but in a query
/// it runs after Retrieve: it turns the retriever's hits into what the prompt gets.
/// </summary>
public enum StageSlot
{
    Encode,
    Embed,
    Store,
    Retrieve,
    Manage,
    Context,
}
