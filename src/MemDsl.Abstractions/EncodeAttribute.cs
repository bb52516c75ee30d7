namespace MemDsl.Abstractions;

/// <summary>The encode stage: what a record is. Required.</summary>
/// <remarks>Unset properties take the MemDsl catalog default. Declaring the stage twice is MEMDSL0005.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EncodeAttribute : Attribute
{
    /// <summary>Declares the encode stage.</summary>
    /// <param name="kind">What one record holds.</param>
    public EncodeAttribute(EncodeKind kind) => Kind = kind;

    /// <summary>What one record holds.</summary>
    public EncodeKind Kind { get; }

    /// <summary>Turns per record for <see cref="EncodeKind.Window"/>: 2..64, default 3.</summary>
    public int Size { get; set; }

    /// <summary>What is written before each turn's text; default <see cref="PrefixKind.None"/>.</summary>
    public PrefixKind Prefix { get; set; }

    /// <summary>For <see cref="EncodeKind.Distill"/>: most strategy items one experience keeps, 1..64, default 3.</summary>
    public int Items { get; set; }

    /// <summary>For <see cref="EncodeKind.Distill"/>: what one experience is; default <see cref="ExperienceUnit.Session"/>.</summary>
    public ExperienceUnit Unit { get; set; }

    /// <summary>For <see cref="EncodeKind.Distill"/> with <see cref="ExperienceUnit.Window"/>: turns per experience, 2..256, default 10.</summary>
    public int Span { get; set; }
}
