using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// A stage the user writes as a method (e.g. <c>[EncodeWith]</c>), with the one signature the
/// generated pipeline can call directly.
/// </summary>
public sealed class CustomStageDescriptor
{
    public CustomStageDescriptor(StageSlot slot, string attributeName, string returnType, IReadOnlyList<string> parameterTypes, string signature, string description)
    {
        Slot = slot;
        AttributeName = attributeName;
        ReturnType = returnType;
        ParameterTypes = parameterTypes;
        Signature = signature;
        Description = description;
    }

    public StageSlot Slot { get; }

    /// <summary>Attribute simple name without suffix, e.g. <c>EncodeWith</c>.</summary>
    public string AttributeName { get; }

    public string AttributeMetadataName => KnownNames.AbstractionsNamespace + "." + AttributeName + "Attribute";

    /// <summary>Fully qualified return type (<c>global::</c> form or a C# keyword).</summary>
    public string ReturnType { get; }

    /// <summary>Fully qualified parameter types; each is passed by value or <c>in</c>.</summary>
    public IReadOnlyList<string> ParameterTypes { get; }

    /// <summary>The signature as a user would write it, for messages.</summary>
    public string Signature { get; }

    public string Description { get; }

    public bool Accepts(CustomMethodSpec method)
    {
        if (!method.IsStatic || method.IsGeneric || method.ReturnType != ReturnType || method.Parameters.Count != ParameterTypes.Count)
        {
            return false;
        }

        for (var i = 0; i < ParameterTypes.Count; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.Type != ParameterTypes[i] || (parameter.RefKind.Length != 0 && parameter.RefKind != "in"))
            {
                return false;
            }
        }

        return true;
    }
}
