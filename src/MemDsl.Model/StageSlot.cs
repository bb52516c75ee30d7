namespace MemDsl.Model;

/// <summary>The stages of a memory pipeline, in the order a write flows through them.</summary>
public enum StageSlot
{
    Encode,
    Embed,
    Store,
    Retrieve,
    Manage,
}
