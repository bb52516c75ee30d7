using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>One stage attribute (e.g. <c>[Retrieve]</c>): its kinds and every property it accepts.</summary>
public sealed class StageDescriptor
{
    public StageDescriptor(StageSlot slot, string attributeName, string kindEnumName, bool isRequired, bool allowsSeveralKinds, IReadOnlyList<StageKindDescriptor> kinds)
    {
        Slot = slot;
        AttributeName = attributeName;
        KindEnumName = kindEnumName;
        IsRequired = isRequired;
        AllowsSeveralKinds = allowsSeveralKinds;
        Kinds = kinds;
    }

    public StageSlot Slot { get; }

    /// <summary>The attribute's simple name without the suffix, e.g. <c>Retrieve</c>.</summary>
    public string AttributeName { get; }

    /// <summary>The simple name of the enum of kinds, e.g. <c>RetrieveKind</c>.</summary>
    public string KindEnumName { get; }

    public string AttributeClassName => AttributeName + "Attribute";

    public string AttributeMetadataName => KnownNames.AbstractionsNamespace + "." + AttributeClassName;

    public bool IsRequired { get; }

    /// <summary>True where one declaration may hold several attributes of this stage with different kinds (managers).</summary>
    public bool AllowsSeveralKinds { get; }

    public IReadOnlyList<StageKindDescriptor> Kinds { get; }

    public StageKindDescriptor? FindKind(string? name)
    {
        foreach (var kind in Kinds)
        {
            if (string.Equals(kind.Name, name, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Every distinct property name any kind of this stage accepts, in catalog order.</summary>
    public IReadOnlyList<ParameterDescriptor> AllParameters()
    {
        var result = new List<ParameterDescriptor>();
        foreach (var kind in Kinds)
        {
            foreach (var parameter in kind.Parameters)
            {
                if (result.Find(p => p.Name == parameter.Name) is null)
                {
                    result.Add(parameter);
                }
            }
        }

        return result;
    }

    public IEnumerable<string> KindNames()
    {
        foreach (var kind in Kinds)
        {
            yield return kind.Name;
        }
    }
}
