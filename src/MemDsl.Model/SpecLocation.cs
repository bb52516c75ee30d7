namespace MemDsl.Model;

/// <summary>A position inside a declaration, independent of any syntax tree.</summary>
public readonly record struct SpecLocation(SpecLocationKind Kind, int Index = -1, string? Parameter = null)
{
    public static SpecLocation Type() => new(SpecLocationKind.Type);

    public static SpecLocation ContainingType(int index) => new(SpecLocationKind.Type, index);

    public static SpecLocation Architecture() => new(SpecLocationKind.ArchitectureAttribute);

    public static SpecLocation Stage(int index) => new(SpecLocationKind.Stage, index);

    public static SpecLocation StageKind(int index) => new(SpecLocationKind.StageKind, index);

    public static SpecLocation ParameterOf(int stageIndex, string parameter) => new(SpecLocationKind.Parameter, stageIndex, parameter);

    public static SpecLocation Search(int index) => new(SpecLocationKind.SearchRange, index);

    public static SpecLocation Method(int index) => new(SpecLocationKind.CustomMethod, index);

    public static SpecLocation Member(int index) => new(SpecLocationKind.Member, index);
}
