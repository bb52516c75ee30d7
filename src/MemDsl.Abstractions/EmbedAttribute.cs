namespace MemDsl.Abstractions;

/// <summary>The embed stage: how text becomes a vector. Required.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbedAttribute : Attribute
{
    /// <summary>Declares the embed stage.</summary>
    /// <param name="kind">The embedder.</param>
    public EmbedAttribute(EmbedderKind kind) => Kind = kind;

    /// <summary>The embedder.</summary>
    public EmbedderKind Kind { get; }

    /// <summary>Vector length for <see cref="EmbedderKind.Hashing"/>: 16..4096, default 256.</summary>
    public int Dimensions { get; set; }
}
