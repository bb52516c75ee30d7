using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// Mem-alpha's write router with a model: asks an <see cref="IChatClient"/> which of the core, semantic
/// and episodic stores a statement belongs in, with Mem-alpha's descriptions of the three. The answer is
/// read leniently: every whole word CORE, SEMANTIC or EPISODIC in it, case-insensitively; the episodic
/// store is always included. An answer naming none of them falls back to <see cref="RuleWriteRouter"/>,
/// with a warning in the log.
/// </summary>
public sealed class ChatWriteRouter : IWriteRouter
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates a router that asks <paramref name="chat"/>.</summary>
    public ChatWriteRouter(IChatClient chat, ILogger<ChatWriteRouter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatWriteRouter>.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<WriteRoute> RouteAsync(string text, string speaker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(speaker);
        var response = await chat.GetResponseAsync(BuildPrompt(text, speaker), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        if (TryParse(answer, out var route))
        {
            return route;
        }

        var fallback = RuleWriteRouter.Route(text, speaker);
        TextStageLog.UnparseableWriteRoute(logger, fallback, TextStageLog.Excerpt(answer));
        return fallback;
    }

    /// <summary>The prompt: the three stores and what belongs in each, the speaker and the statement.</summary>
    public static string BuildPrompt(string text, string speaker)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(speaker);
        var prompt = new StringBuilder();
        prompt.AppendLine("You manage an agent's memory, which has three stores. Choose every store the statement belongs in:");
        prompt.AppendLine("- CORE: durable facts about the speaker that should always be known (identity, preferences, relationships); kept short.");
        prompt.AppendLine("- SEMANTIC: facts and knowledge worth reusing (who, what, where, when), independent of the conversation.");
        prompt.AppendLine("- EPISODIC: what happened in the conversation; every statement goes here.");
        prompt.AppendLine();
        prompt.Append("Speaker: ").AppendLine(speaker);
        prompt.Append("Statement: ").AppendLine(text);
        prompt.AppendLine();
        prompt.Append("Answer with the store names, e.g. \"CORE, EPISODIC\".");
        return prompt.ToString();
    }

    /// <summary>The stores named as whole words in <paramref name="answer"/> (case-insensitively), plus episodic; false when none is named.</summary>
    public static bool TryParse(ReadOnlySpan<char> answer, out WriteRoute route)
    {
        var named = false;
        route = WriteRoute.Episodic;
        var position = 0;
        while (TextTokenizer.TryReadToken(answer, ref position, out var start, out var length))
        {
            var word = answer.Slice(start, length);
            if (word.Equals("core", StringComparison.OrdinalIgnoreCase))
            {
                route |= WriteRoute.Core;
                named = true;
            }
            else if (word.Equals("semantic", StringComparison.OrdinalIgnoreCase))
            {
                route |= WriteRoute.Semantic;
                named = true;
            }
            else if (word.Equals("episodic", StringComparison.OrdinalIgnoreCase))
            {
                named = true;
            }
        }

        return named;
    }
}
