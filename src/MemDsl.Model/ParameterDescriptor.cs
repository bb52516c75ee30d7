using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// What the catalog knows about one stage parameter: its type, default and legal range
/// (numbers) or legal members (enums).
/// </summary>
public sealed class ParameterDescriptor
{
    private ParameterDescriptor(string name, ParameterType type, SpecValue defaultValue, double min, double max, string? enumTypeName, IReadOnlyList<string> members, string description, bool isSearchable = true)
    {
        IsSearchable = isSearchable;
        Name = name;
        Type = type;
        Default = defaultValue;
        Min = min;
        Max = max;
        EnumTypeName = enumTypeName;
        Members = members;
        Description = description;
    }

    /// <summary>The attribute property name, e.g. <c>TopK</c>.</summary>
    public string Name { get; }

    public ParameterType Type { get; }

    public SpecValue Default { get; }

    /// <summary>Smallest legal value (numbers only).</summary>
    public double Min { get; }

    /// <summary>Largest legal value (numbers only).</summary>
    public double Max { get; }

    /// <summary>The enum type's simple name for <see cref="ParameterType.Symbol"/> parameters.</summary>
    public string? EnumTypeName { get; }

    /// <summary>Legal enum members for <see cref="ParameterType.Symbol"/> parameters.</summary>
    public IReadOnlyList<string> Members { get; }

    public string Description { get; }

    public bool IsNumeric => Type != ParameterType.Symbol;

    /// <summary>
    /// False for parameters that choose deployment rather than quality (persistence): samplers and
    /// meta-search leave them at their default, since a value other than the default needs
    /// configuration the search cannot supply (a file path).
    /// </summary>
    public bool IsSearchable { get; }

    public static ParameterDescriptor Integer(string name, int defaultValue, int min, int max, string description) =>
        new(name, ParameterType.Integer, SpecValue.Integer(defaultValue), min, max, null, Array.Empty<string>(), description);

    public static ParameterDescriptor Float(string name, float defaultValue, float min, float max, string description) =>
        new(name, ParameterType.Float, SpecValue.Float(defaultValue), min, max, null, Array.Empty<string>(), description);

    public static ParameterDescriptor Enum(string name, string enumTypeName, string defaultMember, IReadOnlyList<string> members, string description, bool isSearchable = true) =>
        new(name, ParameterType.Symbol, SpecValue.Named(defaultMember), 0, 0, enumTypeName, members, description, isSearchable);

    public bool IsInRange(SpecValue value) => Type == ParameterType.Symbol
        ? value.Symbol is not null && Contains(Members, value.Symbol)
        : value.Number >= Min && value.Number <= Max;

    /// <summary>The nearest legal value to a number out of range.</summary>
    public SpecValue Clamp(SpecValue value)
    {
        var clamped = value.Number < Min ? Min : value.Number > Max ? Max : value.Number;
        return Type == ParameterType.Integer ? SpecValue.Integer((int)clamped) : SpecValue.Float((float)clamped);
    }

    /// <summary>The legal range in words, e.g. <c>1..1000</c> or <c>Fifo | Lru</c>.</summary>
    public string DescribeRange() => Type switch
    {
        ParameterType.Integer => SpecValue.Integer((int)Min) + ".." + SpecValue.Integer((int)Max),
        ParameterType.Float => SpecValue.Float((float)Min) + ".." + SpecValue.Float((float)Max),
        _ => string.Join(" | ", Members),
    };

    internal static bool Contains(IReadOnlyList<string> members, string value)
    {
        foreach (var member in members)
        {
            if (string.Equals(member, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
