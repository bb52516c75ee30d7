using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// ReMem's refine step with a model: shows an <see cref="IChatClient"/> the question and the retrieved
/// memories, numbered from 1, and asks which help answer it ("KEEP: 1, 3" or "KEEP: none"). The answer is
/// read after its last "KEEP"; numbers outside 1..n are ignored. An answer without "KEEP" falls back to
/// <see cref="RuleRetrievalJudge"/> (relative cut 0.5), with a warning in the log.
/// </summary>
public sealed class ChatRetrievalJudge : IRetrievalJudge
{
    private readonly IChatClient chat;
    private readonly ILogger logger;
    private readonly RuleRetrievalJudge fallback = new(0.5f);

    /// <summary>Creates a judge that asks <paramref name="chat"/>.</summary>
    public ChatRetrievalJudge(IChatClient chat, ILogger<ChatRetrievalJudge>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatRetrievalJudge>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<bool[]> JudgeAsync(string query, IReadOnlyList<MemoryHit> hits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0)
        {
            return [];
        }

        var response = await chat.GetResponseAsync(BuildPrompt(query, hits), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        if (TryParseKeep(answer, hits.Count, out var keep))
        {
            return keep;
        }

        var rule = fallback.Judge(hits);
        TextStageLog.UnparseableJudgement(logger, TextStageLog.Excerpt(answer));
        return rule;
    }

    /// <summary>The refine prompt: the question, the memories numbered from 1, and the answer format.</summary>
    public static string BuildPrompt(string query, IReadOnlyList<MemoryHit> hits)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(hits);
        var prompt = new System.Text.StringBuilder();
        prompt.Append("You refine the memories retrieved for a question before they are given to an agent. ")
            .Append("Keep a memory only if it helps answer the question; drop memories that are irrelevant, ")
            .Append("and drop a memory that repeats one you keep.\n\n")
            .Append("Question: ").Append(query).Append("\n\nRetrieved memories:\n");
        for (var i = 0; i < hits.Count; i++)
        {
            prompt.Append('[').Append(i + 1).Append("] ").Append(hits[i].Record.Text.Replace('\n', ' ')).Append('\n');
        }

        prompt.Append("\nAnswer with the numbers of the memories to keep, e.g. \"KEEP: 1, 3\", or \"KEEP: none\".");
        return prompt.ToString();
    }

    /// <summary>Reads the numbers after the last "KEEP" in <paramref name="answer"/> (case-insensitive).</summary>
    public static bool TryParseKeep(string answer, int count, out bool[] keep)
    {
        ArgumentNullException.ThrowIfNull(answer);
        keep = new bool[count];
        var label = answer.LastIndexOf("keep", StringComparison.OrdinalIgnoreCase);
        if (label < 0)
        {
            return false;
        }

        var rest = answer.AsSpan(label + 4);
        var i = 0;
        while (i < rest.Length && rest[i] != '\n')
        {
            if (!char.IsAsciiDigit(rest[i]))
            {
                i++;
                continue;
            }

            var value = 0;
            while (i < rest.Length && char.IsAsciiDigit(rest[i]) && value <= count)
            {
                value = (value * 10) + (rest[i] - '0');
                i++;
            }

            if (value >= 1 && value <= count)
            {
                keep[value - 1] = true;
            }
        }

        return true;
    }
}
