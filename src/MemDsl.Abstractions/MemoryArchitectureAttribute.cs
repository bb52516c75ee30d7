namespace MemDsl.Abstractions;

/// <summary>
/// Marks a <c>partial</c> class as a memory architecture. The MemDsl generator implements
/// <see cref="IMemoryPipeline"/> on it from its stage attributes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MemoryArchitectureAttribute : Attribute
{
    /// <summary>Declares a memory architecture.</summary>
    /// <param name="name">A short, non-empty name used in reports, stores and search archives.</param>
    public MemoryArchitectureAttribute(string name) => Name = name;

    /// <summary>The architecture's name.</summary>
    public string Name { get; }
}
