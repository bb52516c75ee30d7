using System.Globalization;

namespace MemDsl.Perf;

/// <summary>Reads "--name value" pairs; a value that does not parse stops the run with its option named.</summary>
internal static class Options
{
    public static string Text(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public static List<int> IntList(string[] args, string name, List<int> fallback)
    {
        var text = Text(args, name, string.Empty);
        if (text.Length == 0)
        {
            return fallback;
        }

        var values = new List<int>();
        foreach (var part in text.Split(','))
        {
            values.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"{name} takes positive integers separated by commas; '{part}' is not one."));
        }

        return values;
    }

    public static double Double(string[] args, string name, double fallback)
    {
        var text = Text(args, name, string.Empty);
        return text.Length == 0 ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new ArgumentException($"{name} takes a positive number; '{text}' is not one.");
    }
}
