namespace MemDsl.Runtime;

/// <summary>
/// LLM-free entity extraction for the entity graph (AriGraph-lite): the names in a text — runs of
/// capitalised words ("Biscuit", "New York", "Melanie's" → "Melanie") that are not common
/// sentence-initial words, months or weekdays (<see cref="FactSubjects"/>' list), not all-capitals
/// ("OK", "LOL"), not after a greeting ("Hey Mel") and not addressed at the start of a sentence
/// ("Caroline, …"). Unlike <see cref="FactSubjects.Subject"/> it keeps places and objects of
/// prepositions ("to Porto" → "Porto"): in a graph they are entities too.
/// </summary>
public static class EntityNames
{
    /// <summary>Appends each distinct name in <paramref name="text"/> (first spelling kept, compared ignoring case) to <paramref name="names"/>.</summary>
    public static void Extract(ReadOnlySpan<char> text, List<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var position = 0;
        var previousStart = -1;
        var previousLength = 0;
        var runStart = -1;
        var runEnd = -1;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            var word = text.Slice(start, length);
            var previous = previousStart < 0 ? default : text.Slice(previousStart, previousLength);
            var isName = FactSubjects.IsEntityWord(text, start, word, previous);

            // A run continues over a single space: "New York", not "Porto. Lisbon" nor "Ana, Bo".
            if (isName && runStart >= 0 && start == runEnd + 1 && text[runEnd] == ' ')
            {
                runEnd = start + length;
            }
            else
            {
                Flush(text, runStart, runEnd, names);
                runStart = isName ? start : -1;
                runEnd = isName ? start + length : -1;
            }

            // A possessive ends the run: "Melanie's son" names Melanie.
            if (isName && runEnd + 1 < text.Length && text[runEnd] is '\'' or '\u2019' && text[runEnd + 1] is 's' or 'S')
            {
                Flush(text, runStart, runEnd, names);
                runStart = runEnd = -1;
            }

            previousStart = start;
            previousLength = length;
        }

        Flush(text, runStart, runEnd, names);
    }

    private static void Flush(ReadOnlySpan<char> text, int start, int end, List<string> names)
    {
        if (start < 0)
        {
            return;
        }

        var name = text[start..end];
        foreach (var known in names)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        names.Add(name.ToString());
    }
}
