namespace MemDsl.Abstractions;

/// <summary>A manage stage: how memory is kept healthy. Optional; several with different kinds may be declared.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ManageAttribute : Attribute
{
    /// <summary>Declares a manage stage.</summary>
    /// <param name="kind">The manager.</param>
    public ManageAttribute(ManageKind kind) => Kind = kind;

    /// <summary>The manager.</summary>
    public ManageKind Kind { get; }

    /// <summary>Duplicate cosine threshold for <see cref="ManageKind.Dedupe"/>: 0.5..1, default 0.95.</summary>
    public float Threshold { get; set; }

    /// <summary>Most records kept for <see cref="ManageKind.Capacity"/>: 1..10,000,000, default 10,000.</summary>
    public int Max { get; set; }

    /// <summary>Eviction order for <see cref="ManageKind.Capacity"/>; default <see cref="EvictionPolicy.Fifo"/>.</summary>
    public EvictionPolicy Policy { get; set; }

    /// <summary>Score below which <see cref="ManageKind.Utility"/> prunes a record: 0..1, default 0.2.</summary>
    public float PruneBelow { get; set; }

    /// <summary>Retrievals before <see cref="ManageKind.Utility"/> may prune a record: 1..1000, default 3.</summary>
    public int MinUses { get; set; }

    /// <summary>Cosine at which <see cref="ManageKind.Update"/> treats a stored record about the same subject as the same fact: 0..1, default 0.6.</summary>
    public float Similarity { get; set; }
}
