namespace MemDsl.Model;

/// <summary>Which part of a declaration a diagnostic points at.</summary>
public enum SpecLocationKind
{
    /// <summary>The class identifier (or, with <see cref="SpecLocation.Index"/> ≥ 0, a containing type).</summary>
    Type,

    /// <summary>The <c>[MemoryArchitecture]</c> attribute.</summary>
    ArchitectureAttribute,

    /// <summary>A whole stage attribute (<see cref="SpecLocation.Index"/> into Stages).</summary>
    Stage,

    /// <summary>The kind argument of a stage attribute.</summary>
    StageKind,

    /// <summary>A named argument of a stage attribute (<see cref="SpecLocation.Parameter"/>).</summary>
    Parameter,

    /// <summary>A <c>[Search]</c> attribute (<see cref="SpecLocation.Index"/> into SearchRanges).</summary>
    SearchRange,

    /// <summary>A custom stage method (<see cref="SpecLocation.Index"/> into CustomMethods).</summary>
    CustomMethod,

    /// <summary>A member the user declared in the class (<see cref="SpecLocation.Index"/> into <see cref="TypeShape.Members"/>).</summary>
    Member,
}
