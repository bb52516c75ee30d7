namespace MemDsl.Model;

/// <summary>How far a memory class is visible: decides the accessibility of its generated DI extension.</summary>
public enum TypeVisibility
{
    /// <summary>Visible outside the assembly (the class and every containing type are public).</summary>
    Public,

    /// <summary>Visible throughout its assembly only.</summary>
    Internal,

    /// <summary>Visible only inside a containing type (private or protected somewhere on the path).</summary>
    Private,
}
