using System.Text;

namespace MemDsl.Generators;

/// <summary>A small indented writer over a <see cref="StringBuilder"/>; always writes <c>\n</c> line ends.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation; blank lines stay empty.</summary>
    public void WriteLines(string text)
    {
        foreach (var line in SplitLines(text))
        {
            WriteLine(line);
        }
    }

    public void WriteLine(string line)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.Length != 0)
        {
            for (var i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(trimmed);
        }

        _builder.Append('\n');
    }

    public override string ToString() => _builder.ToString();

    /// <summary>Splits on any line end, dropping blank lines at the start and the end.</summary>
    public static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var start = 0;
        var end = lines.Length;
        while (start < end && lines[start].Trim().Length == 0)
        {
            start++;
        }

        while (end > start && lines[end - 1].Trim().Length == 0)
        {
            end--;
        }

        var result = new string[end - start];
        for (var i = start; i < end; i++)
        {
            result[i - start] = lines[i].TrimEnd();
        }

        return result;
    }
}
