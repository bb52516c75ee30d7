using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>One kind of one stage, e.g. <c>Retrieve.Hybrid</c>: its parameters and capabilities.</summary>
public sealed class StageKindDescriptor
{
    public StageKindDescriptor(StageSlot slot, string name, string description, IReadOnlyList<ParameterDescriptor> parameters, Capabilities provides = Capabilities.None, Capabilities requires = Capabilities.None)
    {
        Slot = slot;
        Name = name;
        Description = description;
        Parameters = parameters;
        Provides = provides;
        Requires = requires;
    }

    public StageSlot Slot { get; }

    /// <summary>The enum member name, e.g. <c>Hybrid</c>.</summary>
    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    public Capabilities Provides { get; }

    public Capabilities Requires { get; }

    public ParameterDescriptor? FindParameter(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.Ordinal))
            {
                return parameter;
            }
        }

        return null;
    }

    public override string ToString() => Slot + "." + Name;
}
