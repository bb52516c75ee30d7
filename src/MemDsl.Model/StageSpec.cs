namespace MemDsl.Model;

/// <summary>
/// One stage attribute as declared: its slot, the kind's enum member name and the parameters
/// set explicitly (in declaration order). Unset parameters take the catalog default.
/// </summary>
public sealed record StageSpec(StageSlot Slot, SpecValue Kind, EquatableArray<ParameterValue> Parameters)
{
    public StageSpec(StageSlot slot, string kind, params ParameterValue[] parameters)
        : this(slot, SpecValue.Named(kind), EquatableArray.Create(parameters))
    {
    }

    /// <summary>The kind's member name, or null for an enum value with no member.</summary>
    public string? KindName => Kind.Symbol;

    public StageDescriptor Stage => MemoryCatalog.Get(Slot);

    public StageKindDescriptor? Descriptor => Stage.FindKind(Kind.Symbol);

    public ParameterValue? FindExplicit(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }

        return null;
    }

    /// <summary>The declared value, else the catalog default for this kind.</summary>
    public SpecValue Get(string name)
    {
        if (FindExplicit(name) is { } value)
        {
            return value.Value;
        }

        var descriptor = Descriptor?.FindParameter(name) ?? MemoryCatalog.FindParameter(name)?.Parameter
            ?? throw new ArgumentException($"'{name}' is not a parameter of {Slot}.", nameof(name));
        return descriptor.Default;
    }

    public int GetInt32(string name) => Get(name).AsInt32();

    public float GetSingle(string name) => Get(name).AsSingle();

    public string GetSymbol(string name) => Get(name).Symbol ?? throw new InvalidOperationException($"'{name}' of {Slot} has no named value.");

    /// <summary>A copy with one parameter set (replaced in place, or appended).</summary>
    public StageSpec With(string name, SpecValue value)
    {
        var list = new System.Collections.Generic.List<ParameterValue>(Parameters);
        var index = list.FindIndex(p => p.Name == name);
        if (index >= 0)
        {
            list[index] = new ParameterValue(name, value);
        }
        else
        {
            list.Add(new ParameterValue(name, value));
        }

        return this with { Parameters = list.ToEquatableArray() };
    }

    public override string ToString() => AttributeText.RenderStage(this);
}
