using System.Collections.Frozen;

namespace MemDsl.Runtime;

/// <summary>
/// A case-insensitive set of words and of word prefixes ("marri" for married, marriage), looked up
/// straight from a span: one frozen-set probe per word, one per distinct prefix length — instead of
/// comparing a token with every entry.
/// </summary>
internal sealed class WordLexicon
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> words;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> prefixes;
    private readonly int[] prefixLengths;

    public WordLexicon(string[] words, string[] prefixes)
    {
        this.words = words.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        this.prefixes = prefixes.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        var lengths = new SortedSet<int>();
        foreach (var prefix in prefixes)
        {
            lengths.Add(prefix.Length);
        }

        prefixLengths = [.. lengths];
    }

    /// <summary>True when <paramref name="word"/> is one of the words or starts with one of the prefixes.</summary>
    public bool Matches(ReadOnlySpan<char> word)
    {
        if (words.Contains(word))
        {
            return true;
        }

        foreach (var length in prefixLengths)
        {
            if (length > word.Length)
            {
                break;
            }

            if (prefixes.Contains(word[..length]))
            {
                return true;
            }
        }

        return false;
    }
}
