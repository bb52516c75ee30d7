namespace MemDsl.Model;

/// <summary>Attribute text that cannot be read as a declaration; names the offset and what was expected.</summary>
public sealed class AttributeTextException : FormatException
{
    public AttributeTextException(string message, int position)
        : base(message + " (at offset " + position + ")")
    {
        Position = position;
    }

    /// <summary>Zero-based character offset in the text.</summary>
    public int Position { get; }
}
