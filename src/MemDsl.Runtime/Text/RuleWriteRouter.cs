namespace MemDsl.Runtime;

/// <summary>
/// Mem-alpha's write router without a model. Every statement goes to the episodic store; a statement
/// (not a question) also goes to
/// <list type="bullet">
/// <item>the <b>core</b> store when it is a durable first-person statement about the speaker: it is about
/// the speaker (<see cref="FactSubjects.Subject"/>), says I, me, my, mine or myself, and carries an
/// identity or preference cue (like, love, enjoy, prefer, hate, favourite, fan, passionate, name, job,
/// career, profession, born, grew up, raised, wife, husband, son, daughter, kids, partner, dog, cat, pet,
/// hobby, allergic, vegetarian, vegan, believe, dream);</item>
/// <item>the <b>semantic</b> store when it is fact-like: its <see cref="ImportanceHeuristic"/> score is at
/// least <see cref="SemanticImportance"/> (an event word, or numbers, dates and names in a sentence of some
/// length), so small talk stays episodic only.</item>
/// </list>
/// What it keeps: Mem-alpha's split of what is always worth knowing about a person (core), what is a
/// reusable fact (semantic) and what happened (episodic). What it loses: the trained policy's judgement —
/// it routes by surface words, so "I could eat a horse" is not core and "my dog died" is core and
/// semantic; it does not rewrite or summarise what it routes.
/// </summary>
public sealed class RuleWriteRouter : IWriteRouter
{
    /// <summary>The <see cref="ImportanceHeuristic"/> score at or above which a statement is fact-like.</summary>
    public const float SemanticImportance = 0.3f;

    private static readonly WordLexicon DurableCues = new(
        [
            "like", "likes", "love", "loves", "enjoy", "enjoys", "prefer", "prefers", "hate", "hates", "favorite", "favourite",
            "favorites", "favourites", "fan", "name", "named", "job", "career", "born", "grew", "raised", "wife", "husband", "son",
            "daughter", "kids", "children", "partner", "boyfriend", "girlfriend", "dog", "cat", "pet", "pets", "hobby", "hobbies",
            "allergic", "vegetarian", "vegan", "believe", "dream",
        ],
        ["passion", "profession"]);

    /// <inheritdoc/>
    public ValueTask<WriteRoute> RouteAsync(string text, string speaker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(speaker);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<WriteRoute>(Route(text, speaker));
    }

    /// <summary>The stores <paramref name="text"/>, said by <paramref name="speaker"/>, goes to (always <see cref="WriteRoute.Episodic"/>).</summary>
    public static WriteRoute Route(ReadOnlySpan<char> text, string speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        if (text.Contains('?'))
        {
            return WriteRoute.Episodic;
        }

        var route = WriteRoute.Episodic;
        if (IsDurableAboutSpeaker(text, speaker))
        {
            route |= WriteRoute.Core;
        }

        if (ImportanceHeuristic.Score(text) >= SemanticImportance)
        {
            route |= WriteRoute.Semantic;
        }

        return route;
    }

    private static bool IsDurableAboutSpeaker(ReadOnlySpan<char> text, string speaker)
    {
        var firstPerson = false;
        var cue = false;
        var position = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            var word = text.Slice(start, length);
            firstPerson |= IsFirstPersonSingular(word);
            cue |= DurableCues.Matches(word);
        }

        return firstPerson && cue && string.Equals(FactSubjects.Subject(text, speaker), speaker, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsFirstPersonSingular(ReadOnlySpan<char> word) =>
        (word.Length == 1 && word[0] is 'I' or 'i')
        || word.Equals("me", StringComparison.OrdinalIgnoreCase)
        || word.Equals("my", StringComparison.OrdinalIgnoreCase)
        || word.Equals("mine", StringComparison.OrdinalIgnoreCase)
        || word.Equals("myself", StringComparison.OrdinalIgnoreCase);
}
