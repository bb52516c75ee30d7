using System.Text;
using MemDsl.Evolution;
using MemDsl.Model;

namespace MemDsl.Cli;

/// <summary>
/// <c>memdsl apply &lt;file.cs&gt; --spec &lt;attribute text&gt; [--class Name]</c>: writes a design
/// (e.g. the winner of a search) into the source file that declares the memory, replacing only the
/// MemDsl attributes of the class (<see cref="DeclarationRewriter"/>), and prints the changed lines.
/// The file is replaced by rename, so it is either the old or the new text, never half written.
/// </summary>
internal static class ApplyCommand
{
    /// <summary>Exit code 0 when applied (or already declared); 2 for a missing file, unreadable or invalid spec, or no such class.</summary>
    public static int Run(string file, string specPath, string? className, bool backup)
    {
        if (!File.Exists(file))
        {
            return Fail("source file not found: " + file);
        }

        if (!File.Exists(specPath))
        {
            return Fail("spec file not found: " + specPath);
        }

        var specText = File.ReadAllText(specPath);
        ArchitectureSpec spec;
        try
        {
            spec = AttributeText.Parse(specText);
        }
        catch (AttributeTextException exception)
        {
            var (line, column) = LineAndColumn(specText, exception.Position);
            return Fail($"{specPath}({line},{column}): cannot read the spec: {exception.Message}");
        }

        var validation = SpecValidator.Validate(spec);
        if (validation.HasErrors)
        {
            Console.Error.WriteLine($"error: {specPath} declares an invalid design; {file} was not changed:");
            foreach (var diagnostic in validation.Diagnostics.Where(d => d.IsError))
            {
                Console.Error.WriteLine($"  {diagnostic.Id}: {diagnostic.Message}");
            }

            return ExitCodes.BadInput;
        }

        DeclarationRewriterResult result;
        try
        {
            result = DeclarationRewriter.ApplyToFile(file, spec, className, backup);
        }
        catch (DeclarationRewriterException exception)
        {
            return Fail(exception.Message);
        }

        if (!result.Changed)
        {
            Console.Out.WriteLine($"{file}: {result.ClassName} already declares this design; nothing written.");
            return ExitCodes.Success;
        }

        Console.Out.WriteLine($"--- {file} ({result.ClassName}, before)");
        Console.Out.WriteLine($"+++ {file} ({result.ClassName}, after)");
        var removed = 0;
        var added = 0;
        foreach (var (sign, number, text) in Diff(result.Before, result.After))
        {
            Console.Out.WriteLine($"{sign}{number,5}: {text}");
            if (sign == '-')
            {
                removed++;
            }
            else
            {
                added++;
            }
        }

        Console.Out.WriteLine($"{removed} line(s) removed, {added} added" + (result.BackupPath is null ? "." : "; the original is in " + result.BackupPath + "."));
        return ExitCodes.Success;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return ExitCodes.BadInput;
    }

    private static (int Line, int Column) LineAndColumn(string text, int position)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(position, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>Removed lines (numbered in the old text) and added lines (numbered in the new text), in order.</summary>
    internal static List<(char Sign, int Number, string Text)> Diff(string before, string after)
    {
        var a = before.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var b = after.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var result = new List<(char, int, string)>();
        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                x++;
                y++;
            }
            else if (y >= m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                result.Add(('-', prefix + x + 1, a[prefix + x]));
                x++;
            }
            else
            {
                result.Add(('+', prefix + y + 1, b[prefix + y]));
                y++;
            }
        }

        return result;
    }
}
