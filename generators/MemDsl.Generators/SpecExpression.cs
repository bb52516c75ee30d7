using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MemDsl.Model;

namespace MemDsl.Generators;

/// <summary>
/// Writes C# that rebuilds an <see cref="ArchitectureSpec"/> with its record constructors, so the
/// generated <c>Spec</c> property equals the spec the generator read.
/// </summary>
internal static class SpecExpression
{
    private const string M = "global::MemDsl.Model.";

    public static string[] Lines(ArchitectureSpec spec)
    {
        var lines = new List<string>
        {
            "public static " + M + "ArchitectureSpec Spec { get; } = new " + M + "ArchitectureSpec(",
            "    " + MemDslGenerator.StringLiteral(spec.Name) + ",",
        };

        AddArray(lines, "StageSpec", spec.Stages, Stage);
        AddArray(lines, "SearchRangeSpec", spec.SearchRanges, range =>
            "new " + M + "SearchRangeSpec(" + MemDslGenerator.StringLiteral(range.Parameter) + ", " + DoubleLiteral(range.Min) + ", " + DoubleLiteral(range.Max) + ")");
        AddArray(lines, "CustomMethodSpec", spec.CustomMethods, Method);
        lines.Add("    " + Shape(spec.Shape) + ",");
        lines.Add("    " + (spec.IsIncomplete ? "true" : "false") + ");");
        return lines.ToArray();
    }

    private static void AddArray<T>(List<string> lines, string typeName, EquatableArray<T> items, Func<T, string> render)
        where T : IEquatable<T>
    {
        if (items.IsEmpty)
        {
            lines.Add("    " + M + "EquatableArray<" + M + typeName + ">.Empty,");
            return;
        }

        lines.Add("    " + M + "EquatableArray.Create(");
        for (var i = 0; i < items.Count; i++)
        {
            lines.Add("        " + render(items[i]) + (i == items.Count - 1 ? ")," : ","));
        }
    }

    private static string Stage(StageSpec stage) =>
        "new " + M + "StageSpec(" + M + "StageSlot." + stage.Slot + ", " + Value(stage.Kind) + ", "
        + Inline("ParameterValue", stage.Parameters, p => "new " + M + "ParameterValue(" + MemDslGenerator.StringLiteral(p.Name) + ", " + Value(p.Value) + ")") + ")";

    private static string Method(CustomMethodSpec method) =>
        "new " + M + "CustomMethodSpec(" + MemDslGenerator.StringLiteral(method.AttributeName) + ", " + MemDslGenerator.StringLiteral(method.MethodName) + ", "
        + Bool(method.IsStatic) + ", " + Bool(method.IsGeneric) + ", " + MemDslGenerator.StringLiteral(method.ReturnType) + ", "
        + Inline("MethodParameterShape", method.Parameters, p => "new " + M + "MethodParameterShape(" + MemDslGenerator.StringLiteral(p.Type) + ", " + MemDslGenerator.StringLiteral(p.RefKind) + ")") + ")";

    private static string Shape(TypeShape shape) =>
        "new " + M + "TypeShape(" + (shape.Namespace is null ? "null" : MemDslGenerator.StringLiteral(shape.Namespace)) + ", " + MemDslGenerator.StringLiteral(shape.Name) + ", "
        + Inline("ContainingTypeShape", shape.ContainingTypes, c => "new " + M + "ContainingTypeShape(" + MemDslGenerator.StringLiteral(c.Keyword) + ", " + MemDslGenerator.StringLiteral(c.NameWithTypeParameters) + ", " + Bool(c.IsPartial) + ")")
        + ", " + Bool(shape.IsPartial) + ", " + Bool(shape.IsStatic) + ", " + Bool(shape.IsGeneric) + ", " + Bool(shape.IsClass) + ", " + M + "TypeVisibility." + shape.Visibility
        + (shape.Members.IsEmpty ? string.Empty : ", " + Inline("MemberShape", shape.Members, Member)) + ")";

    /// <summary>A user member kept in the shape (only ones that do not collide reach emission: overloads, other constructors).</summary>
    private static string Member(MemberShape member) =>
        "new " + M + "MemberShape(" + MemDslGenerator.StringLiteral(member.Kind) + ", " + MemDslGenerator.StringLiteral(member.Name) + ", "
        + (member.ParameterTypes.IsEmpty
            ? M + "EquatableArray<string>.Empty"
            : M + "EquatableArray.Create(" + string.Join(", ", member.ParameterTypes.Select(MemDslGenerator.StringLiteral)) + ")")
        + ", " + member.TypeParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    private static string Inline<T>(string typeName, EquatableArray<T> items, Func<T, string> render)
        where T : IEquatable<T>
    {
        if (items.IsEmpty)
        {
            return M + "EquatableArray<" + M + typeName + ">.Empty";
        }

        var parts = new string[items.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = render(items[i]);
        }

        return M + "EquatableArray.Create(" + string.Join(", ", parts) + ")";
    }

    /// <summary>A <see cref="SpecValue"/> through its factory when that rebuilds it exactly, else its constructor.</summary>
    private static string Value(SpecValue value)
    {
        if (value.Type == ParameterType.Symbol && value.Symbol is not null && value.Number == 0)
        {
            return M + "SpecValue.Named(" + MemDslGenerator.StringLiteral(value.Symbol) + ")";
        }

        if (value.Symbol is null && value.Number == Math.Floor(value.Number) && value.Number >= int.MinValue && value.Number <= int.MaxValue)
        {
            var number = ((int)value.Number).ToString(CultureInfo.InvariantCulture);
            if (value.Type == ParameterType.Integer)
            {
                return M + "SpecValue.Integer(" + number + ")";
            }

            if (value.Type == ParameterType.Symbol)
            {
                return M + "SpecValue.UnnamedSymbol(" + number + ")";
            }
        }

        if (value.Type == ParameterType.Float && value.Symbol is null && (double)(float)value.Number == value.Number)
        {
            return M + "SpecValue.Float(" + FloatLiteral((float)value.Number) + ")";
        }

        return "new " + M + "SpecValue(" + M + "ParameterType." + value.Type + ", " + DoubleLiteral(value.Number) + ", "
            + (value.Symbol is null ? "null" : MemDslGenerator.StringLiteral(value.Symbol)) + ")";
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A float literal that reads back as exactly <paramref name="value"/>.</summary>
    public static string FloatLiteral(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
        {
            // "R" does not round-trip on every framework; nine significant digits always do.
            text = value.ToString("G9", CultureInfo.InvariantCulture);
        }

        return text + "f";
    }

    /// <summary>A double literal that reads back as exactly <paramref name="value"/>.</summary>
    public static string DoubleLiteral(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
        {
            text = value.ToString("G17", CultureInfo.InvariantCulture);
        }

        return text + "d";
    }
}
