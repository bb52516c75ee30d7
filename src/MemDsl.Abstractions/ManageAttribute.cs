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
}
