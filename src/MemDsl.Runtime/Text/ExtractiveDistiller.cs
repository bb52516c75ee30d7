namespace MemDsl.Runtime;

/// <summary>
/// ReasoningBank's distillation without a model: extractive and deterministic. Each turn of an
/// experience is a candidate item whose <b>content</b> is the turn's sentences that carry something —
/// decisions, outcomes, facts, events (<see cref="Salience"/> at least <see cref="MinSalience"/>) — with
/// greetings, thanks and filler dropped; its <b>description</b> is the question it answers (the turn
/// before it, when that ends with a question mark); its <b>title</b> is its key words (the first
/// <see cref="MaxTitleWords"/> content words of its most salient sentence). A turn with no such sentence is
/// small talk and gives no item. An experience keeps its <c>maxItems</c> most salient items (ties: the
/// earlier one).
/// What it keeps: which turns hold the decisions and outcomes, and their own words, at no cost and
/// identically on every run. What it loses: abstraction. A model writes a generalizable insight
/// ("reset the device before reinstalling the app"), merges what several turns say into one item and
/// judges whether the experience succeeded; this keeps sentences as they were said, one turn per item,
/// and knows success only from outcome words ("fixed", "worked", "in the end").
/// </summary>
public sealed class ExtractiveDistiller : IExperienceDistiller
{
    /// <summary>The least salience a sentence must have to be kept as content; below it a sentence is small talk or logistics.</summary>
    public const float MinSalience = 0.18f;

    /// <summary>Most words of a title.</summary>
    public const int MaxTitleWords = 5;

    /// <summary>What a decision or outcome word adds to <see cref="ImportanceHeuristic.Score"/>.</summary>
    public const float OutcomeWeight = 0.2f;

    private static readonly WordLexicon OutcomeLexicon = new(
        ["because", "finally", "eventually", "result", "outcome", "answer", "lesson", "tip", "trick", "fix", "fixed", "solution", "works", "worked", "helped", "ended", "chose", "picked"],
        ["decid", "solv", "resolv", "learn", "realiz", "realis", "figur", "manag", "succe", "fail", "plan", "recommend", "advis", "turned", "tried", "switch", "replac", "reset", "restor", "repair", "instal", "finish", "complet", "start"]);

    private static readonly WordLexicon FunctionWords = new(
        ["a", "an", "the", "and", "or", "but", "nor", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "into", "onto", "about", "over", "after", "before", "up", "out", "off",
         "is", "was", "were", "be", "been", "being", "am", "are", "do", "did", "does", "done", "have", "has", "had", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
         "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them", "their", "it", "its", "this", "that", "these", "those", "s", "t", "ll", "ve", "re", "d", "m",
         "so", "end", "well", "okay", "ok", "like", "just", "really", "very", "too", "also", "then", "than", "there", "here", "what", "when", "where", "which", "who", "how", "why", "not", "no", "yes", "yeah", "oh", "hey", "hi",
         "thanks", "thank", "lol", "wow", "all", "some", "any", "more", "most", "such", "again", "if", "because", "while", "once", "each", "every", "both", "other", "only", "own", "same", "now", "got", "get"],
        []);

    /// <summary>
    /// How much <paramref name="sentence"/> carries: <see cref="ImportanceHeuristic.Score"/> (events,
    /// numbers, names, feelings, length, minus small talk) plus <see cref="OutcomeWeight"/> when it names
    /// a decision or an outcome; a question counts half (it asks, it does not tell).
    /// </summary>
    public static float Salience(ReadOnlySpan<char> sentence)
    {
        var score = ImportanceHeuristic.Score(sentence);
        var position = 0;
        while (TextTokenizer.TryReadToken(sentence, ref position, out var start, out var length))
        {
            if (OutcomeLexicon.Matches(sentence.Slice(start, length)))
            {
                score += OutcomeWeight;
                break;
            }
        }

        var trimmed = sentence.TrimEnd();
        return trimmed.Length > 0 && trimmed[^1] == '?' ? score / 2 : score;
    }

    /// <summary>
    /// The item of one turn, or null when the turn is small talk (no sentence reaches <see cref="MinSalience"/>).
    /// </summary>
    /// <param name="text">The turn's text.</param>
    /// <param name="previous">The turn before it in the experience, if any: the description when it asks a question.</param>
    /// <param name="header">Written before the content (the speaker or date prefix of the turn).</param>
    public static DistilledItem? DistillTurn(string text, string? previous, string header = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(header);
        var content = new System.Text.StringBuilder();
        var best = 0f;
        var titleSalience = -1f;
        var titleStart = 0;
        var titleLength = 0;
        var position = 0;
        while (NextSentence(text, ref position, out var start, out var length))
        {
            var sentence = text.AsSpan(start, length);
            var salience = Salience(sentence);
            if (salience < MinSalience)
            {
                continue;
            }

            best = Math.Max(best, salience);
            if (content.Length > 0)
            {
                content.Append(' ');
            }

            content.Append(sentence);
            if (salience > titleSalience)
            {
                titleSalience = salience;
                titleStart = start;
                titleLength = length;
            }
        }

        if (content.Length == 0)
        {
            return null;
        }

        return new DistilledItem(KeyWords(text.AsSpan(titleStart, titleLength)), Question(previous), header + content.ToString(), best);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DistilledItem>> DistillAsync(IReadOnlyList<string> experience, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<DistilledItem>>(Distill(experience, maxItems));
    }

    /// <summary>The synchronous <see cref="DistillAsync"/>: the <paramref name="maxItems"/> most salient turn items, in turn order.</summary>
    public static IReadOnlyList<DistilledItem> Distill(IReadOnlyList<string> experience, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(experience);
        var candidates = new List<(int Index, DistilledItem Item)>();
        for (var i = 0; i < experience.Count; i++)
        {
            if (DistillTurn(experience[i], i == 0 ? null : experience[i - 1]) is { } item)
            {
                candidates.Add((i, item));
            }
        }

        // Most salient first, ties to the earlier turn; then back to turn order.
        candidates.Sort((a, b) => a.Item.Salience != b.Item.Salience ? b.Item.Salience.CompareTo(a.Item.Salience) : a.Index.CompareTo(b.Index));
        if (candidates.Count > maxItems)
        {
            candidates.RemoveRange(maxItems, candidates.Count - maxItems);
        }

        candidates.Sort((a, b) => a.Index.CompareTo(b.Index));
        var items = new DistilledItem[candidates.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = candidates[i].Item;
        }

        return items;
    }

    /// <summary>The last sentence of <paramref name="previous"/> when it is a question, else empty.</summary>
    private static string Question(string? previous)
    {
        if (string.IsNullOrEmpty(previous))
        {
            return string.Empty;
        }

        var position = 0;
        var lastStart = -1;
        var lastLength = 0;
        while (NextSentence(previous, ref position, out var start, out var length))
        {
            lastStart = start;
            lastLength = length;
        }

        return lastStart >= 0 && previous[lastStart + lastLength - 1] == '?' ? previous.Substring(lastStart, lastLength) : string.Empty;
    }

    /// <summary>
    /// The next sentence at or after <paramref name="position"/>, trimmed: up to and including a run of
    /// '.', '!' or '?' followed by white space or the end, or up to a line break.
    /// </summary>
    internal static bool NextSentence(string text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && text[i] != '\n')
        {
            if (text[i] is '.' or '!' or '?')
            {
                while (i + 1 < text.Length && text[i + 1] is '.' or '!' or '?')
                {
                    i++;
                }

                if (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]))
                {
                    i++;
                    break;
                }
            }

            i++;
        }

        var end = i;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        length = end - start;
        position = i;
        return length > 0 || i < text.Length && NextSentence(text, ref position, out start, out length);
    }

    /// <summary>The first <see cref="MaxTitleWords"/> content words of <paramref name="sentence"/> (function words and single letters left out), as written.</summary>
    private static string KeyWords(ReadOnlySpan<char> sentence)
    {
        var title = new System.Text.StringBuilder();
        var words = 0;
        var position = 0;
        while (words < MaxTitleWords && TextTokenizer.TryReadToken(sentence, ref position, out var start, out var length))
        {
            var word = sentence.Slice(start, length);
            if (FunctionWords.Matches(word) || (length == 1 && !char.IsAsciiDigit(word[0])))
            {
                continue;
            }

            if (title.Length > 0)
            {
                title.Append(' ');
            }

            title.Append(word);
            words++;
        }

        return title.ToString();
    }
}
