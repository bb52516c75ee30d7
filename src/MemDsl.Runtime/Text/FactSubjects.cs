namespace MemDsl.Runtime;

/// <summary>
/// The two questions a rule-based stand-in for Memory-R1's LLM memory manager must answer about a
/// fact: who it is about (so it is compared only with stored facts about the same person) and
/// whether it retracts something. Surface rules over the runtime's tokens (<see cref="TextTokenizer"/>:
/// letter-or-digit runs, so "I'm" is "I" + "m" and "doesn't" is "doesn" + "t"); no coreference, so
/// "she moved" is about the speaker unless a name is given.
/// </summary>
public static class FactSubjects
{
    /// <summary>
    /// The person a statement is about: the speaker for a first-person statement (I, me, my, mine,
    /// myself, we, us, our…); otherwise the first name in it — a capitalised word that is not a
    /// common sentence-initial word ("Yesterday", "She", "Thanks"…), not a month or weekday, not
    /// addressed ("Hey Mel", "Caroline, …") and not the object of a preposition ("to Porto");
    /// otherwise the speaker. "Ana relocated to Porto." said by Max is about "Ana".
    /// Subjects are keys compared case-insensitively (<see cref="StringComparer.OrdinalIgnoreCase"/>);
    /// a name equal to the speaker returns <paramref name="speaker"/> itself.
    /// </summary>
    public static string Subject(ReadOnlySpan<char> text, string speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var position = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            if (IsFirstPerson(text.Slice(start, length)))
            {
                return speaker;
            }
        }

        position = 0;
        var previousStart = -1;
        var previousLength = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            var word = text.Slice(start, length);
            var previous = previousStart < 0 ? default : text.Slice(previousStart, previousLength);
            if (IsName(text, start, word, previous))
            {
                return word.Equals(speaker, StringComparison.OrdinalIgnoreCase) ? speaker : word.ToString();
            }

            previousStart = start;
            previousLength = length;
        }

        return speaker;
    }

    /// <summary>
    /// True for a statement that retracts an earlier fact: "no longer", "no more", "not … anymore" /
    /// "doesn't … any more", "used to", "quit", "stopped", "gave up", "sold my|our|the…", "moved out",
    /// "broke up", "split up", "divorced", "left (the|my|…) job|company|team…", "lost my job", "got
    /// fired", "resigned", "retired", "dropped out", "cancelled". A negated change ("I never quit",
    /// "haven't stopped") is not a retraction, nor are "I don't know" or "not bad".
    /// </summary>
    public static bool IsRetraction(ReadOnlySpan<char> text)
    {
        // Words two back and one back, so multi-word cues need no token list.
        Span<Range> window = stackalloc Range[3];
        var seen = 0;
        var negatedInSentence = false;
        var position = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            if (seen > 0 && IsSentenceBreak(text, window[(seen - 1) % 3].End.Value, start))
            {
                negatedInSentence = false;
                seen = 0;
            }

            var word = text.Slice(start, length);
            var previous = seen >= 1 ? text[window[(seen - 1) % 3]] : default;
            var beforePrevious = seen >= 2 ? text[window[(seen - 2) % 3]] : default;
            var negatedNearby = IsNegation(previous) || IsNegation(beforePrevious);

            if (Is(word, "anymore") && negatedInSentence)
            {
                return true;
            }

            if (Is(word, "more") && ((Is(previous, "any") && negatedInSentence) || Is(previous, "no")))
            {
                return true;
            }

            if (Is(word, "longer") && Is(previous, "no"))
            {
                return true;
            }

            if (!negatedNearby && IsRetractionCue(word, previous, beforePrevious))
            {
                return true;
            }

            if (IsNegation(word))
            {
                negatedInSentence = true;
            }

            window[seen % 3] = new Range(start, start + length);
            seen++;
        }

        return false;
    }

    /// <summary>A change cue ending at <paramref name="word"/> (the words before it complete the multi-word ones).</summary>
    private static bool IsRetractionCue(ReadOnlySpan<char> word, ReadOnlySpan<char> previous, ReadOnlySpan<char> beforePrevious)
    {
        if (Is(word, "quit") || Is(word, "quits") || Is(word, "stopped") || Is(word, "divorced") || Is(word, "resigned")
            || Is(word, "retired") || Is(word, "cancelled") || Is(word, "canceled"))
        {
            return true;
        }

        // "I used to paint", not "I'm used to it".
        if (Is(word, "to") && Is(previous, "used") && !IsBeOrGet(beforePrevious))
        {
            return true;
        }

        if (Is(word, "up") && (Is(previous, "gave") || Is(previous, "given") || Is(previous, "broke") || Is(previous, "broken") || Is(previous, "split")))
        {
            return true;
        }

        if (Is(word, "out") && (Is(previous, "moved") || Is(previous, "dropped")))
        {
            return true;
        }

        if (Is(word, "fired") && (Is(previous, "got") || Is(previous, "was") || Is(previous, "been")))
        {
            return true;
        }

        if (IsDeterminer(word) && Is(previous, "sold"))
        {
            return true;
        }

        // "left my job", "lost the band", "left our church"
        return IsMembership(word) && IsDeterminer(previous) && (Is(beforePrevious, "left") || Is(beforePrevious, "lost"));
    }

    private static bool IsBeOrGet(ReadOnlySpan<char> word) =>
        Is(word, "am") || Is(word, "m") || Is(word, "is") || Is(word, "s") || Is(word, "are") || Is(word, "re") || Is(word, "was")
        || Is(word, "were") || Is(word, "be") || Is(word, "been") || Is(word, "get") || Is(word, "got") || Is(word, "getting");

    private static bool IsMembership(ReadOnlySpan<char> word) =>
        Is(word, "job") || Is(word, "company") || Is(word, "team") || Is(word, "band") || Is(word, "club") || Is(word, "group")
        || Is(word, "position") || Is(word, "role") || Is(word, "firm") || Is(word, "church") || Is(word, "school") || Is(word, "gym");


    private static bool IsDeterminer(ReadOnlySpan<char> word) =>
        Is(word, "my") || Is(word, "our") || Is(word, "the") || Is(word, "his") || Is(word, "her") || Is(word, "their") || Is(word, "that");

    private static bool IsNegation(ReadOnlySpan<char> word) =>
        Is(word, "not") || Is(word, "never") || Is(word, "t") || Is(word, "cannot") || Is(word, "no");

    private static bool IsSentenceBreak(ReadOnlySpan<char> text, int from, int to)
    {
        foreach (var c in text[from..to])
        {
            if (c is '.' or '!' or '?' or ';' or '\n')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFirstPerson(ReadOnlySpan<char> word)
    {
        if (word.Length == 1)
        {
            return word[0] is 'I' or 'i';
        }

        // "US" in capitals is the country, not "us".
        if (word.SequenceEqual("US"))
        {
            return false;
        }

        return Is(word, "me") || Is(word, "my") || Is(word, "mine") || Is(word, "myself") || Is(word, "we") || Is(word, "us")
            || Is(word, "our") || Is(word, "ours") || Is(word, "ourselves");
    }

    private static bool IsName(ReadOnlySpan<char> text, int start, ReadOnlySpan<char> word, ReadOnlySpan<char> previous)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]))
        {
            return false;
        }

        // "ANA" shouting is a name too, but "OK", "LOL" and "LGBTQ" are not people: all-capitals words are skipped.
        if (IsAllUpper(word) || IsCommonWord(word) || Is(previous, "the") || IsGreeting(previous))
        {
            return false;
        }

        // "to Porto" is a place or an object, but "to Melanie's son" is about Melanie.
        var after = start + word.Length;
        if (IsPreposition(previous) && !IsPossessive(text, after))
        {
            return false;
        }

        // Addressed: a name followed by "," "!" or "?" at the start of a sentence ("Caroline, ...").
        if (after < text.Length && text[after] is ',' or '!' or '?' && IsSentenceStart(text, start))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// A word <see cref="EntityNames"/> takes as (part of) a name: capitalised, not all-capitals, not a
    /// common word, not after "the" or a greeting, not addressed at the start of a sentence. Objects of
    /// prepositions are kept.
    /// </summary>
    internal static bool IsEntityWord(ReadOnlySpan<char> text, int start, ReadOnlySpan<char> word, ReadOnlySpan<char> previous)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]) || IsAllUpper(word) || IsCommonWord(word) || IsGreeting(previous))
        {
            return false;
        }

        var after = start + word.Length;
        return !(after < text.Length && text[after] is ',' or '!' or '?' && IsSentenceStart(text, start));
    }

    /// <summary>A word too common to be a note's keyword (the capitalised-word list: pronouns, fillers, months, weekdays…).</summary>
    internal static bool IsCommonWordForNotes(ReadOnlySpan<char> word) => IsCommonWord(word);

    private static bool IsPossessive(ReadOnlySpan<char> text, int after) =>
        after + 1 < text.Length && text[after] is '\'' or '\u2019' && text[after + 1] is 's' or 'S'
        && (after + 2 == text.Length || !char.IsLetterOrDigit(text[after + 2]));

    private static bool IsSentenceStart(ReadOnlySpan<char> text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(c) && c is not '"' and not '\'' and not '(')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPreposition(ReadOnlySpan<char> word) =>
        Is(word, "to") || Is(word, "in") || Is(word, "at") || Is(word, "from") || Is(word, "near") || Is(word, "into")
        || Is(word, "on") || Is(word, "of") || Is(word, "for") || Is(word, "by") || Is(word, "via") || Is(word, "about");

    private static bool IsGreeting(ReadOnlySpan<char> word) =>
        Is(word, "hey") || Is(word, "hi") || Is(word, "hello") || Is(word, "thanks") || Is(word, "thank") || Is(word, "dear")
        || Is(word, "congrats") || Is(word, "congratulations") || Is(word, "bye") || Is(word, "wow") || Is(word, "oh") || Is(word, "yo");

    private static bool IsCommonWord(ReadOnlySpan<char> word) => CommonWords.Matches(word);

    private static bool Is(ReadOnlySpan<char> word, string expected) => word.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Words that are capitalised at the start of a sentence (or always) without naming a person.</summary>
    private static readonly string[] CommonCapitalisedWords =
    [
        "the", "a", "an", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "them", "his", "her",
        "their", "you", "your", "yours", "what", "when", "where", "who", "whom", "whose", "why", "how", "which", "and", "but", "so",
        "or", "because", "if", "then", "also", "just", "well", "oh", "yeah", "yes", "no", "not", "ok", "okay", "hey", "hi", "hello",
        "thanks", "thank", "wow", "congrats", "congratulations", "sorry", "great", "nice", "cool", "awesome", "good", "sure",
        "really", "actually", "anyway", "lol", "haha", "yesterday", "today", "tomorrow", "tonight", "last", "next", "recently",
        "finally", "now", "soon", "after", "before", "since", "during", "while", "as", "at", "in", "on", "to", "for", "with", "from",
        "by", "of", "about", "my", "our", "we", "do", "did", "does", "is", "are", "was", "were", "have", "has", "had", "can",
        "could", "would", "should", "will", "maybe", "perhaps", "all", "some", "every", "each", "both", "one", "dear", "bye",
        "love", "dr", "mr", "mrs", "ms", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "christmas", "easter", "god", "internet", "english", "according", "around", "apart", "besides", "despite", "although",
        "though", "however", "whenever", "wherever", "unless", "until", "once", "instead", "meanwhile", "later", "earlier",
        "luckily", "unfortunately", "honestly", "basically", "definitely", "absolutely", "totally", "literally", "please",
        "let", "lets", "guess", "omg", "btw", "anyways", "yay", "ugh", "aww", "hmm", "um", "sounds", "looks", "seems",
    ];

    // Built after the list above (static fields initialise in text order).
    private static readonly WordLexicon CommonWords = new(CommonCapitalisedWords, []);
}
