namespace MemDsl.Model;

/// <summary>A method of the memory class marked with a custom-stage attribute such as <c>[EncodeWith]</c>.</summary>
public sealed record CustomMethodSpec(
    string AttributeName,
    string MethodName,
    bool IsStatic,
    bool IsGeneric,
    string ReturnType,
    EquatableArray<MethodParameterShape> Parameters)
{
    public CustomStageDescriptor? Descriptor => MemoryCatalog.FindCustomStage(AttributeName);

    public string DescribeSignature()
    {
        var parts = new string[Parameters.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = (Parameters[i].RefKind.Length == 0 ? string.Empty : Parameters[i].RefKind + " ") + Simplify(Parameters[i].Type);
        }

        return (IsStatic ? "static " : string.Empty) + Simplify(ReturnType) + " " + MethodName + (IsGeneric ? "<...>" : string.Empty) + "(" + string.Join(", ", parts) + ")";
    }

    private static string Simplify(string type)
    {
        var index = type.LastIndexOf('.');
        return index < 0 ? type.Replace("global::", string.Empty) : type.Substring(index + 1);
    }
}
