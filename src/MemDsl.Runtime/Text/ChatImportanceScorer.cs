using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// Generative Agents' importance ("poignancy") rating with a model: asks an <see cref="IChatClient"/>
/// the paper's prompt and maps the rating n in 1..10 to (n - 1) / 9. The answer is read leniently:
/// the first integer from 1 to 10 after the last "Rating" in it, else the first in the whole answer,
/// skipping the ends of the scale the model may repeat ("On a scale of 1 to 10, I'd say 8" is 8, and
/// so are "8/10" and "8 out of 10"). An answer without one falls back to
/// <see cref="ImportanceHeuristic.Score"/>, with a warning in the log.
/// </summary>
public sealed class ChatImportanceScorer : IImportanceScorer
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates a scorer that asks <paramref name="chat"/>.</summary>
    public ChatImportanceScorer(IChatClient chat, ILogger<ChatImportanceScorer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatImportanceScorer>.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<float> ScoreAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var response = await chat.GetResponseAsync(BuildPrompt(text), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        if (TryParseRating(answer, out var rating))
        {
            return (rating - 1) / 9f;
        }

        var fallback = ImportanceHeuristic.Score(text);
        TextStageLog.UnparseableImportance(logger, fallback, TextStageLog.Excerpt(answer));
        return fallback;
    }

    /// <summary>The prompt of Generative Agents (Park et al., 2023) for rating a memory's poignancy.</summary>
    public static string BuildPrompt(string memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return "On the scale of 1 to 10, where 1 is purely mundane (e.g., brushing teeth, making bed) and 10 is extremely "
            + "poignant (e.g., a break up, college acceptance), rate the likely poignancy of the following piece of memory.\n"
            + "Memory: " + memory + "\n"
            + "Rating: <fill in>";
    }

    /// <summary>The rating 1..10 in <paramref name="answer"/> (see the class remarks for which integer is taken).</summary>
    public static bool TryParseRating(ReadOnlySpan<char> answer, out int rating)
    {
        var label = answer.LastIndexOf("rating", StringComparison.OrdinalIgnoreCase);
        if (label >= 0 && TryFirstRating(answer[(label + "rating".Length)..], out rating))
        {
            return true;
        }

        return TryFirstRating(answer, out rating);
    }

    private static bool IsScaleEnd(ReadOnlySpan<char> text, int start, int end)
    {
        var before = text[..start].TrimEnd();
        if (before.EndsWith("/", StringComparison.Ordinal) || EndsWithWord(before, "to") || EndsWithWord(before, "of"))
        {
            return true;
        }

        var after = text[end..].TrimStart();
        if (after.Length > 0 && after[0] is '-' or '–')
        {
            var rest = after[1..].TrimStart();
            return rest.Length > 0 && char.IsAsciiDigit(rest[0]);
        }

        if (after.StartsWith("to ", StringComparison.OrdinalIgnoreCase))
        {
            var rest = after[3..].TrimStart();
            return rest.Length > 0 && char.IsAsciiDigit(rest[0]);
        }

        return false;
    }

    private static bool EndsWithWord(ReadOnlySpan<char> text, string word) =>
        text.EndsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !char.IsLetter(text[text.Length - word.Length - 1]));

    private static bool TryFirstRating(ReadOnlySpan<char> text, out int rating)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && value <= 10)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            // A digit run inside a word or longer than two digits ("3rd", "2023") is not a rating,
            // nor are the ends of the scale the model may repeat ("1 to 10", "1-10", "8/10", "out of 10").
            var partOfWord = (start > 0 && char.IsLetter(text[start - 1])) || (i < text.Length && char.IsLetterOrDigit(text[i]));
            if (!partOfWord && value is >= 1 and <= 10 && !IsScaleEnd(text, start, i))
            {
                rating = value;
                return true;
            }

            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
        }

        rating = 0;
        return false;
    }
}
