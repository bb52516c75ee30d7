namespace MemDsl.Model;

/// <summary>One named argument of a stage attribute, e.g. <c>TopK = 8</c>.</summary>
public sealed record ParameterValue(string Name, SpecValue Value)
{
    public override string ToString() => Name + " = " + Value;
}
