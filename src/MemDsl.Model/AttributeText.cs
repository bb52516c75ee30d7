using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MemDsl.Model;

/// <summary>
/// Converts between a spec and the C# attribute list that declares it. The meta-search renders
/// candidates with <see cref="Render"/> and reads proposals (e.g. from an LLM) with
/// <see cref="Parse"/>; <c>Parse(Render(spec))</c> equals the spec's attribute part.
/// </summary>
public static class AttributeText
{
    /// <summary>One attribute per line: architecture, stages in order, then search ranges.</summary>
    public static string Render(ArchitectureSpec spec)
    {
        var builder = new StringBuilder();
        builder.Append("[MemoryArchitecture(").Append(Quote(spec.Name)).Append(")]").Append('\n');
        foreach (var stage in spec.Stages)
        {
            builder.Append(RenderStage(stage)).Append('\n');
        }

        foreach (var range in spec.SearchRanges)
        {
            builder.Append("[Search(");
            var owner = MemoryCatalog.FindParameter(range.Parameter);
            builder.Append(owner is null ? Quote(range.Parameter) : "nameof(" + owner.Value.Stage.AttributeClassName + "." + range.Parameter + ")");
            builder.Append(", ").Append(FormatNumber(range.Min)).Append(", ").Append(FormatNumber(range.Max)).Append(")]").Append('\n');
        }

        return builder.ToString();
    }

    public static string RenderStage(StageSpec stage)
    {
        var descriptor = stage.Stage;
        var builder = new StringBuilder();
        builder.Append('[').Append(descriptor.AttributeName).Append('(').Append(stage.Kind.ToCSharp(descriptor.KindEnumName));
        foreach (var parameter in stage.Parameters)
        {
            var enumName = MemoryCatalog.FindParameter(parameter.Name)?.Parameter.EnumTypeName;
            builder.Append(", ").Append(parameter.Name).Append(" = ").Append(parameter.Value.ToCSharp(enumName));
        }

        return builder.Append(")]").ToString();
    }

    /// <summary>Reads attribute lists such as the output of <see cref="Render"/> into a detached spec.</summary>
    /// <exception cref="AttributeTextException">The text is not a well-formed MemDsl attribute list.</exception>
    public static ArchitectureSpec Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var reader = new Reader(text);
        string? name = null;
        var stages = new List<StageSpec>();
        var ranges = new List<SearchRangeSpec>();
        reader.SkipTrivia();
        while (!reader.AtEnd)
        {
            reader.Expect('[');
            do
            {
                ParseAttribute(reader, ref name, stages, ranges);
            }
            while (reader.TryConsume(','));

            reader.Expect(']');
            reader.SkipTrivia();
        }

        if (name is null)
        {
            throw new AttributeTextException("The text declares no [MemoryArchitecture(\"name\")] attribute", text.Length);
        }

        return new ArchitectureSpec(name, stages.ToEquatableArray(), ranges.ToEquatableArray(), EquatableArray<CustomMethodSpec>.Empty, TypeShape.Detached);
    }

    private static void ParseAttribute(Reader reader, ref string? name, List<StageSpec> stages, List<SearchRangeSpec> ranges)
    {
        reader.SkipTrivia();
        var start = reader.Position;
        var attribute = LastSegment(reader.ReadQualifiedName());
        if (attribute.EndsWith("Attribute", StringComparison.Ordinal))
        {
            attribute = attribute.Substring(0, attribute.Length - "Attribute".Length);
        }

        reader.Expect('(');
        if (attribute == "MemoryArchitecture")
        {
            name = reader.ReadString();
            reader.Expect(')');
            return;
        }

        if (attribute == "Search")
        {
            var parameter = reader.Peek() == '"' ? reader.ReadString() : ReadNameOf(reader);
            reader.Expect(',');
            var min = reader.ReadNumber().Number;
            reader.Expect(',');
            var max = reader.ReadNumber().Number;
            reader.Expect(')');
            ranges.Add(new SearchRangeSpec(parameter, min, max));
            return;
        }

        var descriptor = MemoryCatalog.FindByAttributeName(attribute)
            ?? throw new AttributeTextException("Unknown attribute '" + attribute + "'; expected MemoryArchitecture, Search, Encode, Embed, Store, Retrieve, Manage or Context", start);
        var kind = ReadEnumValue(reader, descriptor.KindEnumName);
        var parameters = new List<ParameterValue>();
        while (reader.TryConsume(','))
        {
            reader.SkipTrivia();
            var parameterStart = reader.Position;
            var parameterName = reader.ReadIdentifier();
            reader.Expect('=');
            var parameter = MemoryCatalog.FindParameter(parameterName);
            if (parameter is null || parameter.Value.Stage.Slot != descriptor.Slot)
            {
                throw new AttributeTextException("[" + descriptor.AttributeName + "] has no parameter '" + parameterName + "'", parameterStart);
            }

            var value = parameter.Value.Parameter.Type == ParameterType.Symbol
                ? ReadEnumValue(reader, parameter.Value.Parameter.EnumTypeName!)
                : reader.ReadNumber();
            if (parameter.Value.Parameter.Type == ParameterType.Integer && value.Type == ParameterType.Float)
            {
                throw new AttributeTextException(parameterName + " takes an integer", parameterStart);
            }

            parameters.Add(new ParameterValue(parameterName, parameter.Value.Parameter.Type == ParameterType.Float ? SpecValue.Float((float)value.Number) : value));
        }

        reader.Expect(')');
        stages.Add(new StageSpec(descriptor.Slot, kind, parameters.ToEquatableArray()));
    }

    private static SpecValue ReadEnumValue(Reader reader, string enumTypeName)
    {
        reader.SkipTrivia();
        var start = reader.Position;
        if (reader.TryConsume('('))
        {
            var type = LastSegment(reader.ReadQualifiedName());
            reader.Expect(')');
            if (type != enumTypeName)
            {
                throw new AttributeTextException("Expected a " + enumTypeName + " value, found a cast to " + type, start);
            }

            var number = reader.ReadNumber();
            return SpecValue.UnnamedSymbol((int)number.Number);
        }

        var qualified = reader.ReadQualifiedName();
        var dot = qualified.LastIndexOf('.');
        if (dot < 0 || LastSegment(qualified.Substring(0, dot)) != enumTypeName)
        {
            throw new AttributeTextException("Expected a " + enumTypeName + " member such as " + enumTypeName + ".X, found '" + qualified + "'", start);
        }

        return SpecValue.Named(qualified.Substring(dot + 1));
    }

    private static string ReadNameOf(Reader reader)
    {
        var start = reader.Position;
        if (reader.ReadIdentifier() != "nameof")
        {
            throw new AttributeTextException("Expected a string or nameof(...) naming a parameter", start);
        }

        reader.Expect('(');
        var name = LastSegment(reader.ReadQualifiedName());
        reader.Expect(')');
        return name;
    }

    private static string LastSegment(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return dot < 0 ? qualified : qualified.Substring(dot + 1);
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A small scanner over the subset of C# attribute syntax MemDsl renders.</summary>
    private sealed class Reader
    {
        private readonly string _text;

        public Reader(string text) => _text = text;

        public int Position { get; private set; }

        public bool AtEnd => Position >= _text.Length;

        public char Peek()
        {
            SkipTrivia();
            return AtEnd ? '\0' : _text[Position];
        }

        public void SkipTrivia()
        {
            while (!AtEnd)
            {
                var c = _text[Position];
                if (char.IsWhiteSpace(c))
                {
                    Position++;
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '/')
                {
                    while (!AtEnd && _text[Position] != '\n')
                    {
                        Position++;
                    }
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '*')
                {
                    var end = _text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                    Position = end < 0 ? _text.Length : end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        public bool TryConsume(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            Position++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new AttributeTextException("Expected '" + c + "' but found " + Describe(), Position);
            }
        }

        public string ReadIdentifier()
        {
            SkipTrivia();
            var start = Position;
            if (!AtEnd && _text[Position] == '@')
            {
                Position++;
            }

            if (AtEnd || !(char.IsLetter(_text[Position]) || _text[Position] == '_'))
            {
                throw new AttributeTextException("Expected an identifier but found " + Describe(), Position);
            }

            while (!AtEnd && (char.IsLetterOrDigit(_text[Position]) || _text[Position] == '_'))
            {
                Position++;
            }

            return _text.Substring(start, Position - start).TrimStart('@');
        }

        public string ReadQualifiedName()
        {
            var builder = new StringBuilder(ReadIdentifier());
            while (true)
            {
                SkipTrivia();
                if (Position + 1 < _text.Length && _text[Position] == ':' && _text[Position + 1] == ':')
                {
                    Position += 2;
                    builder.Clear();
                }
                else if (!AtEnd && _text[Position] == '.')
                {
                    Position++;
                    builder.Append('.');
                }
                else
                {
                    return builder.ToString();
                }

                builder.Append(ReadIdentifier());
            }
        }

        public string ReadString()
        {
            if (Peek() != '"')
            {
                throw new AttributeTextException("Expected a string literal but found " + Describe(), Position);
            }

            var start = Position;
            Position++;
            var builder = new StringBuilder();
            while (!AtEnd)
            {
                var c = _text[Position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    break;
                }

                var escape = _text[Position++];
                switch (escape)
                {
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case '0': builder.Append('\0'); break;
                    case 'u' when Position + 4 <= _text.Length:
                        builder.Append((char)int.Parse(_text.Substring(Position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        Position += 4;
                        break;
                    default: builder.Append(escape); break;
                }
            }

            throw new AttributeTextException("Unterminated string literal", start);
        }

        public SpecValue ReadNumber()
        {
            SkipTrivia();
            var start = Position;
            if (!AtEnd && (_text[Position] == '-' || _text[Position] == '+'))
            {
                Position++;
            }

            while (!AtEnd && (char.IsDigit(_text[Position]) || _text[Position] == '.' || _text[Position] == '_'
                || ((_text[Position] == 'e' || _text[Position] == 'E') && Position > start)
                || ((_text[Position] == '-' || _text[Position] == '+') && (_text[Position - 1] == 'e' || _text[Position - 1] == 'E'))))
            {
                Position++;
            }

            var digits = _text.Substring(start, Position - start).Replace("_", string.Empty);
            var isFloat = digits.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0;
            if (!AtEnd && "fFdDmM".IndexOf(_text[Position]) >= 0)
            {
                isFloat = true;
                Position++;
            }

            if (digits.Length == 0 || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                Position = start;
                throw new AttributeTextException("Expected a number but found " + Describe(), start);
            }

            if (!isFloat && (number < int.MinValue || number > int.MaxValue))
            {
                throw new AttributeTextException("Integer " + digits + " does not fit in an int", start);
            }

            return isFloat ? new SpecValue(ParameterType.Float, number, null) : SpecValue.Integer((int)number);
        }

        private string Describe() => AtEnd ? "the end of the text" : "'" + _text[Position] + "'";
    }
}
