using System.Text;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Evolution;

/// <summary>
/// Writes a spec back into the C# source that declares it. Only the MemDsl attributes
/// (<c>MemoryArchitecture</c>, <c>Encode</c>, <c>Embed</c>, <c>Store</c>, <c>Retrieve</c>,
/// <c>Manage</c>, <c>Context</c>, <c>Search</c>) of the chosen class are touched; every other character of the
/// file stays as it was. An attribute whose value is unchanged keeps its original text; a changed
/// one gets new arguments in place; a stage the spec drops is removed with its own comment lines;
/// a stage the spec adds is written as one attribute list line in the declaration's indentation
/// and line-ending style.
/// </summary>
public static class DeclarationRewriter
{
    private const string ArchitectureKey = "MemoryArchitecture";

    /// <summary>Rewrites the MemDsl attributes of the class carrying [MemoryArchitecture] so that they declare <paramref name="spec"/>.</summary>
    /// <param name="source">The C# source file text.</param>
    /// <param name="spec">The design to write; its stages and search ranges in order, custom methods ignored.</param>
    /// <param name="className">The class to rewrite when the file declares several architectures (simple or dotted name).</param>
    /// <param name="path">Used in error messages only.</param>
    /// <exception cref="DeclarationRewriterException">No class, or several, or not the named one.</exception>
    public static string Apply(string source, ArchitectureSpec spec, string? className = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spec);
        var target = FindClass(source, className, path);
        var old = CollectMemDslAttributes(target);
        var wanted = Desired(spec);

        // Match old attributes to wanted ones by key, keeping only matches in increasing source order.
        var oldByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < old.Count; i++)
        {
            if (old[i].Key is { } key)
            {
                oldByKey.TryAdd(key, i);
            }
        }

        var matchOfWanted = new int[wanted.Count];
        var oldMatched = new bool[old.Count];
        var lastOld = -1;
        for (var j = 0; j < wanted.Count; j++)
        {
            matchOfWanted[j] = -1;
            if (oldByKey.TryGetValue(wanted[j].Key, out var i) && i > lastOld)
            {
                matchOfWanted[j] = i;
                oldMatched[i] = true;
                lastOld = i;
            }
        }

        var edits = new List<Edit>();
        var text = source;

        // Changed values: new arguments, the user's attribute name spelling kept.
        var replacements = new Dictionary<AttributeSyntax, string>();
        for (var j = 0; j < wanted.Count; j++)
        {
            var i = matchOfWanted[j];
            if (i >= 0 && !Equals(old[i].Value, wanted[j].Value))
            {
                var attribute = old[i].Attribute;
                var rendered = wanted[j].Rendered;
                var arguments = rendered.Substring(rendered.IndexOf('('), rendered.Length - rendered.IndexOf('(') - 1);
                replacements[attribute] = attribute.Name.ToString() + arguments;
            }
        }

        // Dropped attributes: whole lists (with their own comment lines) or single attributes of a mixed list.
        var firstList = target.AttributeLists[0];
        foreach (var list in target.AttributeLists)
        {
            var attributes = list.Attributes;
            var removed = new List<int>();
            for (var a = 0; a < attributes.Count; a++)
            {
                var index = old.FindIndex(o => o.Attribute == attributes[a]);
                if (index >= 0 && !oldMatched[index])
                {
                    removed.Add(a);
                }
            }

            if (removed.Count == 0)
            {
                foreach (var attribute in attributes)
                {
                    if (replacements.TryGetValue(attribute, out var replacement))
                    {
                        edits.Add(new Edit(attribute.SpanStart, attribute.Span.Length, replacement));
                    }
                }

                continue;
            }

            if (removed.Count == attributes.Count)
            {
                edits.Add(RemoveList(text, list, list == firstList));
                continue;
            }

            // A shared list loses some attributes: the kept ones, with their own separators where their neighbour is kept too.
            var inner = new StringBuilder();
            for (var a = 0; a < attributes.Count; a++)
            {
                if (removed.Contains(a))
                {
                    continue;
                }

                if (inner.Length > 0)
                {
                    inner.Append(a > 0 && !removed.Contains(a - 1) ? text.AsSpan(attributes[a - 1].Span.End, attributes[a].SpanStart - attributes[a - 1].Span.End) : ", ");
                }

                inner.Append(replacements.TryGetValue(attributes[a], out var replacement) ? replacement : attributes[a].ToString());
            }

            var from = attributes[0].SpanStart;
            edits.Add(new Edit(from, attributes[attributes.Count - 1].Span.End - from, inner.ToString()));
        }

        // Added attributes: after the list holding the previous kept attribute, each on its own line.
        var insertions = new SortedDictionary<int, StringBuilder>();
        var anchorIndex = -1;
        for (var j = 0; j < wanted.Count; j++)
        {
            if (matchOfWanted[j] >= 0)
            {
                anchorIndex = matchOfWanted[j];
                continue;
            }

            var anchorList = anchorIndex >= 0 ? (AttributeListSyntax)old[anchorIndex].Attribute.Parent! : null;
            int position;
            string insertion;
            if (anchorList is null)
            {
                // Nothing kept before it: a line of its own before the first MemDsl list.
                var first = (AttributeListSyntax)(old.Count > 0 ? old[0].Attribute.Parent! : firstList);
                var line = LineOf(text, first.SpanStart);
                var onlyIndentBefore = IsBlank(text, line.Start, first.SpanStart);
                position = first.SpanStart;
                insertion = onlyIndentBefore
                    ? wanted[j].Rendered + LineEndingAt(text, line) + text.Substring(line.Start, first.SpanStart - line.Start)
                    : wanted[j].Rendered + " ";
            }
            else
            {
                var line = LineOf(text, anchorList.Span.End);
                var rest = text.Substring(anchorList.Span.End, line.End - anchorList.Span.End).Trim();
                if (rest.Length == 0 || rest.StartsWith("//", StringComparison.Ordinal))
                {
                    var indentLine = LineOf(text, anchorList.SpanStart);
                    position = line.End;
                    insertion = LineEndingAt(text, line) + Indentation(text, indentLine.Start) + wanted[j].Rendered;
                }
                else
                {
                    position = anchorList.Span.End;
                    insertion = " " + wanted[j].Rendered;
                }
            }

            if (!insertions.TryGetValue(position, out var builder))
            {
                insertions[position] = builder = new StringBuilder();
            }

            builder.Append(insertion);
        }

        foreach (var (position, builder) in insertions)
        {
            edits.Add(new Edit(position, 0, builder.ToString()));
        }

        var result = ApplyEdits(text, edits);
        Verify(result, spec, target.Identifier.Text, className, path);
        return result;
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> in place: the new text goes to a temporary file in the same
    /// folder, then replaces the original by rename. Nothing is written when nothing changes. The
    /// encoding's byte order mark, if any, is kept.
    /// </summary>
    /// <param name="path">The C# source file.</param>
    /// <param name="spec">The design to write.</param>
    /// <param name="className">The class to rewrite when the file declares several architectures.</param>
    /// <param name="backup">Also copy the original to <c>path.bak</c> (only when the file changes).</param>
    public static DeclarationRewriterResult ApplyToFile(string path, ArchitectureSpec spec, string? className = null, bool backup = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var before = new UTF8Encoding(false, true).GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
        var target = FindClass(before, className, path);
        var after = Apply(before, spec, className, path);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return new DeclarationRewriterResult(path, target.Identifier.Text, before, after, null);
        }

        string? backupPath = null;
        if (backup)
        {
            backupPath = path + ".bak";
            File.Copy(path, backupPath, overwrite: true);
        }

        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temporary, after, new UTF8Encoding(hasBom));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return new DeclarationRewriterResult(path, target.Identifier.Text, before, after, backupPath);
    }

    /// <summary>Reads the spec a class declares from its MemDsl attributes (syntax only, through <see cref="AttributeText.Parse"/>).</summary>
    /// <exception cref="AttributeTextException">The attributes are not literal MemDsl attribute text.</exception>
    public static ArchitectureSpec Read(string source, string? className = null, string? path = null)
    {
        var target = FindClass(source, className, path);
        var builder = new StringBuilder();
        foreach (var attribute in CollectMemDslAttributes(target))
        {
            builder.Append('[').Append(attribute.Attribute.ToString()).Append(']').Append('\n');
        }

        return AttributeText.Parse(builder.ToString());
    }

    /// <summary>The classes of <paramref name="source"/> that carry [MemoryArchitecture], as dotted names.</summary>
    public static IReadOnlyList<string> FindArchitectureClasses(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        return root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(IsArchitecture).Select(DisplayName).ToList();
    }

    private static ClassDeclarationSyntax FindClass(string source, string? className, string? path)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var all = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(IsArchitecture).ToList();
        var where = path is null ? "the source" : path;
        if (all.Count == 0)
        {
            throw new DeclarationRewriterException($"{where} declares no class with a [MemoryArchitecture] attribute.");
        }

        var names = string.Join(", ", all.Select(DisplayName));
        if (className is null)
        {
            if (all.Count > 1)
            {
                throw new DeclarationRewriterException($"{where} declares several memory architectures ({names}); name one with --class.");
            }

            return all[0];
        }

        var matches = all.Where(c => c.Identifier.Text == className || DisplayName(c) == className || DisplayName(c).EndsWith("." + className, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DeclarationRewriterException($"{where} has no memory architecture class '{className}'; it declares {names}."),
            _ => throw new DeclarationRewriterException($"'{className}' names several memory architecture classes in {where} ({string.Join(", ", matches.Select(DisplayName))}); use the dotted name."),
        };
    }

    private static bool IsArchitecture(ClassDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(l => l.Attributes).Any(a => SimpleName(a) == ArchitectureKey);

    private static string DisplayName(ClassDeclarationSyntax type)
    {
        var parts = new List<string>();
        for (SyntaxNode? node = type; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax declaration:
                    parts.Add(declaration.Identifier.Text);
                    break;
                case BaseNamespaceDeclarationSyntax space:
                    parts.Add(space.Name.ToString());
                    break;
            }
        }

        parts.Reverse();
        return string.Join(".", parts);
    }

    /// <summary>The attribute's last name segment without the Attribute suffix.</summary>
    internal static string SimpleName(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.Text,
            SimpleNameSyntax simple => simple.Identifier.Text,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length ? name[..^"Attribute".Length] : name;
    }

    private static List<OldAttribute> CollectMemDslAttributes(ClassDeclarationSyntax type)
    {
        var result = new List<OldAttribute>();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var attribute in type.AttributeLists.SelectMany(l => l.Attributes))
        {
            var name = SimpleName(attribute);
            object? value = null;
            string? key;
            if (name == ArchitectureKey)
            {
                value = TryParse(attribute)?.Name;
                key = ArchitectureKey;
            }
            else if (name == "Search")
            {
                var range = TryParse(attribute)?.SearchRanges.FirstOrDefault();
                value = range;
                key = range is null ? null : "Search:" + range.Parameter;
            }
            else if (MemoryCatalog.FindByAttributeName(name) is { } stage)
            {
                value = TryParse(attribute)?.Stages.FirstOrDefault();
                key = stage.Slot.ToString();
            }
            else
            {
                continue;
            }

            if (key is not null)
            {
                occurrences[key] = occurrences.TryGetValue(key, out var count) ? count + 1 : 1;
                key += "#" + occurrences[key];
            }

            result.Add(new OldAttribute(attribute, key, value));
        }

        return result;
    }

    private static ArchitectureSpec? TryParse(AttributeSyntax attribute)
    {
        var text = "[" + attribute.ToString() + "]";
        if (SimpleName(attribute) != ArchitectureKey)
        {
            text = "[MemoryArchitecture(\"x\")]" + text;
        }

        try
        {
            return AttributeText.Parse(text);
        }
        catch (AttributeTextException)
        {
            // Not literal attribute text (a constant, an expression): treated as changed and rewritten.
            return null;
        }
    }

    private static List<Wanted> Desired(ArchitectureSpec spec)
    {
        var lines = AttributeText.Render(spec).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<Wanted> { new(ArchitectureKey + "#1", spec.Name, lines[0]) };
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        string Next(string key)
        {
            occurrences[key] = occurrences.TryGetValue(key, out var count) ? count + 1 : 1;
            return key + "#" + occurrences[key];
        }

        var line = 1;
        foreach (var stage in spec.Stages)
        {
            result.Add(new Wanted(Next(stage.Slot.ToString()), stage, lines[line++]));
        }

        foreach (var range in spec.SearchRanges)
        {
            result.Add(new Wanted(Next("Search:" + range.Parameter), range, lines[line++]));
        }

        return result;
    }

    /// <summary>Removes a whole attribute list: its line(s) when it stands alone, with the comment lines just above it.</summary>
    private static Edit RemoveList(string text, AttributeListSyntax list, bool isFirstOfDeclaration)
    {
        var startLine = LineOf(text, list.SpanStart);
        var endLine = LineOf(text, list.Span.End);
        var after = text.Substring(list.Span.End, endLine.End - list.Span.End).Trim();
        var alone = IsBlank(text, startLine.Start, list.SpanStart) && (after.Length == 0 || after.StartsWith("//", StringComparison.Ordinal));
        if (!alone)
        {
            // Shares its line: drop the list and the spaces after it (or before it at the end of a line).
            var end = list.Span.End;
            while (end < endLine.End && (text[end] == ' ' || text[end] == '\t'))
            {
                end++;
            }

            var start = list.SpanStart;
            if (end == endLine.End)
            {
                end = list.Span.End;
                while (start > startLine.Start && (text[start - 1] == ' ' || text[start - 1] == '\t'))
                {
                    start--;
                }
            }

            return new Edit(start, end - start, string.Empty);
        }

        var removeFrom = startLine.Start;
        if (!isFirstOfDeclaration)
        {
            // Plain comment lines directly above belong to this attribute; doc comments, directives and blank lines stay.
            var trivia = list.OpenBracketToken.LeadingTrivia;
            var k = trivia.Count - 1;
            while (k >= 0 && trivia[k].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                k--;
            }

            while (k >= 1 && trivia[k].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                var c = k - 1;
                while (c >= 0 && trivia[c].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    c--;
                }

                if (c < 0 || !(trivia[c].IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia[c].IsKind(SyntaxKind.MultiLineCommentTrivia)))
                {
                    break;
                }

                var commentLine = LineOf(text, trivia[c].SpanStart);
                if (!IsBlank(text, commentLine.Start, trivia[c].SpanStart))
                {
                    break;
                }

                removeFrom = commentLine.Start;
                k = c - 1;
                while (k >= 0 && trivia[k].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    k--;
                }
            }
        }

        return new Edit(removeFrom, endLine.NextStart - removeFrom, string.Empty);
    }

    private static void Verify(string result, ArchitectureSpec spec, string classIdentifier, string? className, string? path)
    {
        ArchitectureSpec written;
        try
        {
            written = Read(result, className ?? classIdentifier, path);
        }
        catch (Exception exception) when (exception is AttributeTextException or DeclarationRewriterException)
        {
            throw new InvalidOperationException("The rewritten declaration does not read back: " + exception.Message, exception);
        }

        if (written.Name != spec.Name || !written.Stages.Equals(spec.Stages) || !written.SearchRanges.Equals(spec.SearchRanges))
        {
            throw new InvalidOperationException("The rewritten declaration reads back as a different spec:\n" + AttributeText.Render(written) + "instead of\n" + AttributeText.Render(spec));
        }
    }

    private static string ApplyEdits(string text, List<Edit> edits)
    {
        edits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));
        var builder = new StringBuilder(text.Length + 256);
        var position = 0;
        foreach (var edit in edits)
        {
            if (edit.Start < position)
            {
                throw new InvalidOperationException("Overlapping edits at offset " + edit.Start + ".");
            }

            builder.Append(text, position, edit.Start - position).Append(edit.Replacement);
            position = edit.Start + edit.Length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static Line LineOf(string text, int position)
    {
        var start = position;
        while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
        {
            start--;
        }

        var end = position;
        while (end < text.Length && text[end] != '\n' && text[end] != '\r')
        {
            end++;
        }

        var next = end;
        if (next < text.Length && text[next] == '\r')
        {
            next++;
        }

        if (next < text.Length && text[next] == '\n')
        {
            next++;
        }

        return new Line(start, end, next);
    }

    private static string LineEndingAt(string text, Line line)
    {
        if (line.NextStart > line.End)
        {
            return text.Substring(line.End, line.NextStart - line.End);
        }

        return text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
    }

    private static string Indentation(string text, int lineStart)
    {
        var end = lineStart;
        while (end < text.Length && (text[end] == ' ' || text[end] == '\t'))
        {
            end++;
        }

        return text.Substring(lineStart, end - lineStart);
    }

    private static bool IsBlank(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] != ' ' && text[i] != '\t')
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Edit(int Start, int Length, string Replacement);

    private readonly record struct Line(int Start, int End, int NextStart);

    private sealed record OldAttribute(AttributeSyntax Attribute, string? Key, object? Value);

    private sealed record Wanted(string Key, object Value, string Rendered);
}
