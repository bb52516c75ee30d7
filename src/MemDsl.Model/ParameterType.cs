namespace MemDsl.Model;

/// <summary>The C# type of a stage parameter as it is written in an attribute.</summary>
public enum ParameterType
{
    /// <summary><c>int</c>.</summary>
    Integer,

    /// <summary><c>float</c>.</summary>
    Float,

    /// <summary>A member of an enum declared in MemDsl.Abstractions.</summary>
    Symbol,
}
