using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// Entity extraction with a model, as AriGraph does: asks an <see cref="IChatClient"/> for the
/// entities a text names, one per line, and reads each non-empty line without list markers ("-", "*",
/// "1.", "2)") or surrounding quotes; duplicates (ignoring case) are dropped and "none" means none. A
/// blank answer falls back to <see cref="EntityNames.Extract"/>, with a warning in the log.
/// </summary>
public sealed class ChatEntityExtractor : IEntityExtractor
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates an extractor that asks <paramref name="chat"/>.</summary>
    public ChatEntityExtractor(IChatClient chat, ILogger<ChatEntityExtractor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatEntityExtractor>.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ExtractAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var response = await chat.GetResponseAsync(BuildPrompt(text), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(answer))
        {
            EntityNames.Extract(text, names);
            TextStageLog.EmptyEntityAnswer(logger, names.Count);
            return names;
        }

        foreach (var rawLine in answer.Split('\n'))
        {
            var name = StripMarker(rawLine.AsSpan().Trim()).Trim().Trim('"').Trim();
            if (name.Length == 0 || name.Equals("none", StringComparison.OrdinalIgnoreCase) || Contains(names, name))
            {
                continue;
            }

            names.Add(name.ToString());
        }

        return names;
    }

    /// <summary>The prompt: what counts as an entity, the answer format, then the text.</summary>
    public static string BuildPrompt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "List the entities the following text names: people, pets, places, organisations, works and objects that have a name. "
            + "Answer with one entity per line, as written in the text, and nothing else; answer \"none\" if there is none.\n"
            + "Text: " + text + "\n"
            + "Entities:";
    }

    private static ReadOnlySpan<char> StripMarker(ReadOnlySpan<char> line)
    {
        if (line.Length > 0 && line[0] is '-' or '*' or '•')
        {
            return line[1..];
        }

        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < line.Length && line[digits] is '.' or ')' ? line[(digits + 1)..] : line;
    }

    private static bool Contains(List<string> names, ReadOnlySpan<char> name)
    {
        foreach (var known in names)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
