namespace MemDsl.Runtime;

/// <summary>
/// The LLM-free <see cref="IFactOperationChooser"/>: no similar stored fact → <see cref="FactOperation.Add"/>;
/// a similar fact with the same text (ignoring case, whitespace and punctuation) → <see cref="FactOperation.Noop"/>;
/// a retraction (<see cref="FactSubjects.IsRetraction"/>) → <see cref="FactOperation.Delete"/>; otherwise
/// <see cref="FactOperation.Update"/> — the caller passes only facts about the same subject that are
/// similar enough to be about the same thing, so a new one supersedes the most similar.
/// </summary>
public sealed class RuleFactOperationChooser : IFactOperationChooser
{
    /// <inheritdoc/>
    public ValueTask<FactOperation> ChooseAsync(string newFact, IReadOnlyList<string> similarStoredFacts, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Choose(newFact, similarStoredFacts));
    }

    /// <summary>The rule, synchronously (also the fallback of <see cref="ChatFactOperationChooser"/>).</summary>
    public static FactOperation Choose(string newFact, IReadOnlyList<string> similarStoredFacts)
    {
        ArgumentNullException.ThrowIfNull(newFact);
        ArgumentNullException.ThrowIfNull(similarStoredFacts);
        if (similarStoredFacts.Count == 0)
        {
            return FactOperation.Add;
        }

        for (var i = 0; i < similarStoredFacts.Count; i++)
        {
            if (SameWords(newFact, similarStoredFacts[i]))
            {
                return FactOperation.Noop;
            }
        }

        return FactSubjects.IsRetraction(newFact) ? FactOperation.Delete : FactOperation.Update;
    }

    /// <summary>Equal letters and digits in order, case-insensitively; everything else is ignored.</summary>
    internal static bool SameWords(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var i = 0;
        var j = 0;
        while (true)
        {
            while (i < left.Length && !char.IsLetterOrDigit(left[i]))
            {
                i++;
            }

            while (j < right.Length && !char.IsLetterOrDigit(right[j]))
            {
                j++;
            }

            if (i == left.Length || j == right.Length)
            {
                return i == left.Length && j == right.Length;
            }

            if (char.ToLowerInvariant(left[i]) != char.ToLowerInvariant(right[j]))
            {
                return false;
            }

            i++;
            j++;
        }
    }
}
