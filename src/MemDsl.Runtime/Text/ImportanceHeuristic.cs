namespace MemDsl.Runtime;

/// <summary>
/// A deterministic, LLM-free stand-in for Generative Agents' "poignancy" rating (an LLM rates each
/// memory 1..10, from "brushing teeth" to "a break up, college acceptance"). The score in [0, 1] adds
/// up surface evidence that a text records an event or a decision rather than small talk:
/// <list type="bullet">
/// <item>life-event and change words (moved, relocated, started, quit, married, divorced, adopted,
/// diagnosed, pregnant, graduated, hired, fired, promoted, retired, died, accident, surgery, wedding,
/// funeral, accepted, rejected, bought, sold, won, lost…): the strongest signal, more when said in the
/// first person ("I was diagnosed…");</item>
/// <item>numbers, dates, months and weekdays (events are dated and counted; chit-chat is not);</item>
/// <item>named entities: capitalised words that do not start a sentence (people, places, organisations);</item>
/// <item>strong feelings (devastated, thrilled, heartbroken, scared, proud…);</item>
/// <item>length, saturating at about 30 words;</item>
/// <item>minus the share of greeting, thanks and filler words ("thanks, see you!" scores near zero).</item>
/// </list>
/// What it keeps: the ordering the LLM rating mostly produces on conversational memories — events
/// and decisions above logistics above small talk — at no cost, identically on every run.
/// What it loses: meaning. It cannot tell "my grandmother died" from "my phone died" beyond the
/// words around them, misses events phrased without its cue words ("we're expecting" for a
/// pregnancy), ignores negation ("I didn't move") and irony, knows English only, and cannot weigh a
/// memory against the agent's own goals the way a prompted model can. Use
/// <see cref="ChatImportanceScorer"/> where a model is available.
/// </summary>
public static class ImportanceHeuristic
{
    private const float Base = 0.1f;
    private const float FirstEventWeight = 0.3f;
    private const float MoreEventsWeight = 0.1f;
    private const float FirstPersonEventWeight = 0.1f;
    private const float NumberWeight = 0.1f;
    private const float EntityWeight = 0.1f;
    private const float EmotionWeight = 0.1f;
    private const float LengthWeight = 0.15f;
    private const float SmallTalkPenalty = 0.45f;
    private const int SaturatingLength = 30;

    /// <summary>The importance of <paramref name="text"/> in [0, 1]; the same text always scores the same.</summary>
    public static float Score(ReadOnlySpan<char> text)
    {
        var words = 0;
        var events = 0;
        var numbers = 0;
        var entities = 0;
        var emotions = 0;
        var smallTalk = 0;
        var firstPerson = false;
        var position = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            var word = text.Slice(start, length);
            words++;
            if (IsEventWord(word))
            {
                events++;
            }
            else if (IsEmotionWord(word))
            {
                emotions++;
            }
            else if (IsSmallTalkWord(word))
            {
                smallTalk++;
            }

            if (char.IsAsciiDigit(word[0]) || IsCalendarWord(word))
            {
                numbers++;
            }
            else if (char.IsUpper(word[0]) && word.Length > 1 && !IsSentenceStart(text, start) && !IsCalendarWord(word))
            {
                entities++;
            }

            firstPerson |= IsFirstPerson(word);
        }

        if (words == 0)
        {
            return 0f;
        }

        var score = Base
            + (events > 0 ? FirstEventWeight : 0f)
            + (events > 1 ? MoreEventsWeight : 0f)
            + (firstPerson && events > 0 ? FirstPersonEventWeight : 0f)
            + (NumberWeight * Saturate(numbers, 2))
            + (EntityWeight * Saturate(entities, 2))
            + (EmotionWeight * Saturate(emotions, 1))
            + (LengthWeight * Saturate(words, SaturatingLength))
            - (SmallTalkPenalty * smallTalk / words);
        return Math.Clamp(score, 0f, 1f);
    }

    private static float Saturate(int count, int full) => count >= full ? 1f : (float)count / full;

    private static bool IsSentenceStart(ReadOnlySpan<char> text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\n' or ':')
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

    private static bool IsFirstPerson(ReadOnlySpan<char> word) =>
        (word.Length == 1 && word[0] is 'I' or 'i') || Is(word, "my") || Is(word, "me") || Is(word, "we") || Is(word, "our");

    private static bool IsEventWord(ReadOnlySpan<char> word) => EventLexicon.Matches(word);

    private static bool IsEmotionWord(ReadOnlySpan<char> word) => EmotionLexicon.Matches(word);

    private static bool IsSmallTalkWord(ReadOnlySpan<char> word) => SmallTalkLexicon.Matches(word);

    private static bool IsCalendarWord(ReadOnlySpan<char> word) => CalendarLexicon.Matches(word);

    private static bool Is(ReadOnlySpan<char> word, string expected) => word.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Event stems, matched as word prefixes ("marri" covers married and marriage).</summary>
    private static readonly string[] EventStems =
    [
        "relocat", "marri", "divorc", "adopt", "diagnos", "pregnan", "graduat", "promot", "retire", "engage", "funeral",
        "wedding", "surger", "hospital", "cancer", "accident", "injur", "interview", "internship", "scholarship", "degree",
        "miscarri", "passed", "launch", "resign", "evict", "bankrupt", "arrest", "volunteer", "tournament",
    ];

    private static readonly string[] EventWords =
    [
        "moved", "move", "moving", "quit", "quitting", "started", "starting", "hired", "fired", "died", "dead", "born", "birth",
        "baby", "accepted", "rejected", "bought", "sold", "won", "lost", "broke", "proposed", "opened", "closed", "signed",
        "joined", "left", "job", "house", "apartment", "award", "medal", "prize", "hurt", "sick", "illness", "therapy",
        "breakup", "cheated", "pet", "puppy", "kid", "kids", "daughter", "son", "conference", "trip", "travelled", "traveled",
    ];

    private static readonly string[] EmotionStems =
    [
        "devastat", "thrill", "heartbr", "scared", "terrif", "proud", "grief", "griev", "ecstat", "overjoy", "anxious",
        "depress", "furious", "miserable", "excit", "nervous", "afraid", "lonel",
    ];

    private static readonly string[] SmallTalkWords =
    [
        "hi", "hey", "hello", "thanks", "thank", "bye", "goodbye", "see", "ya", "lol", "haha", "hahaha", "cool", "nice", "great",
        "awesome", "ok", "okay", "sure", "yeah", "yep", "wow", "oh", "congrats", "cheers", "later", "talk", "soon", "good",
        "morning", "night", "welcome", "np", "ttyl", "glad", "hear", "sounds", "totally", "agree", "same",
    ];

    private static readonly string[] CalendarWords =
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "tomorrow",
        "today", "tonight", "week", "weekend", "month", "year", "ago",
    ];

    // Built after the word lists above (static fields initialise in text order).
    private static readonly WordLexicon EventLexicon = new(EventWords, EventStems);
    private static readonly WordLexicon EmotionLexicon = new([], EmotionStems);
    private static readonly WordLexicon SmallTalkLexicon = new(SmallTalkWords, []);
    private static readonly WordLexicon CalendarLexicon = new(CalendarWords, []);
}
