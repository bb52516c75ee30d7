using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// Letta's sleep-time core-block rewrite with a model: asks an <see cref="IChatClient"/> which of the
/// numbered facts the core block should keep, most important first, within the token budget. Every
/// number in the answer that names a fact counts, in order; the budget is then enforced (a fact that no
/// longer fits is skipped). An answer naming no fact falls back to <see cref="RuleCoreBlockWriter"/>,
/// with a warning in the log.
/// </summary>
public sealed class ChatCoreBlockWriter : ICoreBlockWriter
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates a writer that asks <paramref name="chat"/>.</summary>
    public ChatCoreBlockWriter(IChatClient chat, ILogger<ChatCoreBlockWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatCoreBlockWriter>.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<int>> SelectAsync(IReadOnlyList<string> facts, int tokenBudget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenBudget);
        var response = await chat.GetResponseAsync(BuildPrompt(facts, tokenBudget), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        var chosen = Parse(answer, facts.Count);
        if (chosen.Count > 0)
        {
            return RuleCoreBlockWriter.TakeWithinBudget(facts, chosen, tokenBudget);
        }

        var fallback = RuleCoreBlockWriter.Select(facts, tokenBudget);
        TextStageLog.UnparseableCoreBlock(logger, fallback.Length, TextStageLog.Excerpt(answer));
        return fallback;
    }

    /// <summary>The prompt: what a core block is, the budget, the facts numbered from 1.</summary>
    public static string BuildPrompt(IReadOnlyList<string> facts, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var prompt = new StringBuilder();
        prompt.AppendLine("You maintain an agent's core memory block: the few facts about the user and the conversation that must always be in context.");
        prompt.Append(CultureInfo.InvariantCulture, $"The block holds at most {tokenBudget} tokens. Choose the facts to keep, most important first.").AppendLine();
        prompt.AppendLine();
        prompt.AppendLine("Facts:");
        for (var i = 0; i < facts.Count; i++)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"{i + 1}. ").AppendLine(facts[i]);
        }

        prompt.AppendLine();
        prompt.Append("Answer with the numbers of the facts to keep, e.g. \"3, 1, 7\".");
        return prompt.ToString();
    }

    /// <summary>The 0-based indices of the facts numbered (from 1) in <paramref name="answer"/>, in order, each once; numbers outside 1..<paramref name="count"/> are ignored.</summary>
    public static List<int> Parse(ReadOnlySpan<char> answer, int count)
    {
        var chosen = new List<int>();
        var position = 0;
        while (TextTokenizer.TryReadToken(answer, ref position, out var start, out var length))
        {
            if (int.TryParse(answer.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number >= 1 && number <= count && !chosen.Contains(number - 1))
            {
                chosen.Add(number - 1);
            }
        }

        return chosen;
    }
}
