using System.Text;
using System.Text.RegularExpressions;

namespace MemDsl.Evaluation;

/// <summary>
/// Finds memory declarations in C# source without a compiler: every run of attribute lists in a
/// declaration position that contains <c>[MemoryArchitecture]</c>, keeping the MemDsl attribute lists.
/// Comments and string literals are skipped, so text inside them is never taken for an attribute.
/// </summary>
public static partial class DeclarationExtractor
{
    private static readonly HashSet<string> MemDslAttributes = AttributeNames();

    public static IReadOnlyList<DeclaredArchitecture> Extract(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new List<DeclaredArchitecture>();
        var hasCustomMethods = CustomMethodPattern().IsMatch(StripCommentsAndStrings(source));
        var run = new List<string>();
        var previous = '\0';
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (TrySkipTrivia(source, ref i))
            {
                continue;
            }

            if (c == '[' && previous is '\0' or ';' or '{' or '}' or ']')
            {
                var end = FindClosingBracket(source, i);
                run.Add(source[i..(end + 1)]);
                i = end + 1;
                previous = ']';
                continue;
            }

            if (run.Count > 0)
            {
                Close(source, i, run, hasCustomMethods, result);
                run.Clear();
            }

            previous = c;
            i++;
        }

        return result;
    }

    private static void Close(string source, int position, List<string> run, bool hasCustomMethods, List<DeclaredArchitecture> result)
    {
        var kept = new StringBuilder();
        var isArchitecture = false;
        foreach (var list in run)
        {
            var name = FirstAttributeName(list);
            if (!MemDslAttributes.Contains(name))
            {
                continue;
            }

            isArchitecture |= name == "MemoryArchitecture";
            kept.Append(list).Append('\n');
        }

        if (!isArchitecture)
        {
            return;
        }

        var type = TypeNamePattern().Match(source, position);
        result.Add(new DeclaredArchitecture(type.Success ? type.Groups[2].Value : "?", kept.ToString(), hasCustomMethods));
    }

    private static string FirstAttributeName(string list)
    {
        // "[global::MemDsl.Abstractions.EncodeAttribute(" -> "Encode"
        var end = list.IndexOfAny(['(', ',', ']']);
        var name = list[1..(end < 0 ? list.Length : end)].Trim();
        var dot = Math.Max(name.LastIndexOf('.'), name.LastIndexOf(':'));
        name = name[(dot + 1)..];
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }

    private static int FindClosingBracket(string source, int open)
    {
        var depth = 0;
        var i = open;
        while (i < source.Length)
        {
            if (TrySkipTrivia(source, ref i))
            {
                continue;
            }

            var c = source[i];
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }

            i++;
        }

        return source.Length - 1;
    }

    /// <summary>Skips whitespace, a comment, a string or a char literal at <paramref name="i"/>.</summary>
    private static bool TrySkipTrivia(string source, ref int i)
    {
        var c = source[i];
        if (char.IsWhiteSpace(c))
        {
            i++;
            return true;
        }

        if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
        {
            var end = source.IndexOf('\n', i);
            i = end < 0 ? source.Length : end + 1;
            return true;
        }

        if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
        {
            var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
            i = end < 0 ? source.Length : end + 2;
            return true;
        }

        if (c == '"' && string.CompareOrdinal(source, i, "\"\"\"", 0, 3) == 0)
        {
            var end = source.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
            i = end < 0 ? source.Length : end + 3;
            return true;
        }

        if (c is '"' or '\'')
        {
            var verbatim = i > 0 && source[i - 1] == '@';
            i++;
            while (i < source.Length)
            {
                if (!verbatim && source[i] == '\\')
                {
                    i += 2;
                    continue;
                }

                if (source[i] == c)
                {
                    if (verbatim && i + 1 < source.Length && source[i + 1] == '"')
                    {
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                i++;
            }

            return true;
        }

        return false;
    }

    private static string StripCommentsAndStrings(string source)
    {
        var builder = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var start = i;
            if (TrySkipTrivia(source, ref i))
            {
                builder.Append(' ');
                continue;
            }

            builder.Append(source[start]);
            i++;
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\[\s*(?:[\w.:]*\.)?(?:EncodeWith|ScoreWith)(?:Attribute)?\b")]
    private static partial Regex CustomMethodPattern();

    [GeneratedRegex(@"\b(class|record|struct)\s+(\w+)")]
    private static partial Regex TypeNamePattern();

    /// <summary>The architecture and search attributes and every stage attribute of the catalog.</summary>
    private static HashSet<string> AttributeNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "MemoryArchitecture", "Search" };
        foreach (var stage in MemDsl.Model.MemoryCatalog.Stages)
        {
            names.Add(stage.AttributeName);
        }

        return names;
    }
}
