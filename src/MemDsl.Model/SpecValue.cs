using System.Globalization;

namespace MemDsl.Model;

/// <summary>
/// A parameter value: a number (integers and floats alike, stored exactly as a double) or the
/// name of an enum member. An enum value with no named member (<c>(RetrieveKind)42</c>) is kept as
/// its number with <see cref="Symbol"/> null, so validation can name it.
/// </summary>
public readonly record struct SpecValue(ParameterType Type, double Number, string? Symbol)
{
    public static SpecValue Integer(int value) => new(ParameterType.Integer, value, null);

    public static SpecValue Float(float value) => new(ParameterType.Float, value, null);

    public static SpecValue Named(string member) => new(ParameterType.Symbol, 0, member);

    public static SpecValue UnnamedSymbol(int value) => new(ParameterType.Symbol, value, null);

    public int AsInt32() => checked((int)Number);

    public float AsSingle() => (float)Number;

    /// <summary>The value as C# source, e.g. <c>8</c>, <c>0.6f</c>, <c>RetrieveKind.Hybrid</c>.</summary>
    public string ToCSharp(string? enumTypeName) => Type switch
    {
        ParameterType.Integer => AsInt32().ToString(CultureInfo.InvariantCulture),
        ParameterType.Float => FormatFloat(AsSingle()),
        _ when Symbol is not null => enumTypeName is null ? Symbol : enumTypeName + "." + Symbol,
        _ => "(" + enumTypeName + ")" + AsInt32().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The value for people: numbers plain, enum members by name.</summary>
    public override string ToString() => Type switch
    {
        ParameterType.Integer => AsInt32().ToString(CultureInfo.InvariantCulture),
        ParameterType.Float => AsSingle().ToString("R", CultureInfo.InvariantCulture),
        _ => Symbol ?? AsInt32().ToString(CultureInfo.InvariantCulture),
    };

    internal static string FormatFloat(float value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text + "f";
    }
}
