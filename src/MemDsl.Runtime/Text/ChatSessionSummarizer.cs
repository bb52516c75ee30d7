using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// A session summary written by a model: asks an <see cref="IChatClient"/> to summarize the numbered
/// turns in at most <see cref="Sentences"/> sentences, keeping names, dates, numbers and decisions,
/// and returns its answer trimmed. An empty answer falls back to
/// <see cref="ExtractiveSessionSummarizer"/> (as many turns as sentences), with a warning in the log.
/// </summary>
public sealed class ChatSessionSummarizer : ISessionSummarizer
{
    private readonly IChatClient chat;
    private readonly ILogger logger;
    private readonly ExtractiveSessionSummarizer fallback;

    /// <summary>Creates a summarizer that asks <paramref name="chat"/>.</summary>
    /// <param name="chat">The model.</param>
    /// <param name="sentences">Most sentences the summary may have, at least 1.</param>
    /// <param name="logger">Where an unusable answer is reported.</param>
    public ChatSessionSummarizer(IChatClient chat, int sentences = 3, ILogger<ChatSessionSummarizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (sentences < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sentences), sentences, "A summary has at least one sentence.");
        }

        this.chat = chat;
        Sentences = sentences;
        fallback = new ExtractiveSessionSummarizer(sentences);
        this.logger = logger ?? (ILogger)NullLogger<ChatSessionSummarizer>.Instance;
    }

    /// <summary>Most sentences a summary may have.</summary>
    public int Sentences { get; }

    /// <inheritdoc/>
    public async ValueTask<string> SummarizeAsync(IReadOnlyList<string> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            return string.Empty;
        }

        var response = await chat.GetResponseAsync(BuildPrompt(turns, Sentences), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = (response.Text ?? string.Empty).Trim();
        if (answer.Length > 0)
        {
            return answer;
        }

        var summary = fallback.Summarize(turns);
        TextStageLog.EmptySessionSummary(logger, turns.Count);
        return summary;
    }

    /// <summary>The prompt: the instruction, then the turns numbered from 1, one per line.</summary>
    public static string BuildPrompt(IReadOnlyList<string> turns, int sentences)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var prompt = new System.Text.StringBuilder();
        prompt.Append("Summarize the following conversation session in at most ")
            .Append(sentences.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" sentences. Keep the names, dates, numbers and decisions; leave out greetings and small talk. Answer with the summary only.\n");
        for (var i = 0; i < turns.Count; i++)
        {
            prompt.Append(i + 1).Append(". ").Append(turns[i]).Append('\n');
        }

        prompt.Append("Summary:");
        return prompt.ToString();
    }
}
