using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// Memory-R1's memory manager with a model: asks an <see cref="IChatClient"/> to choose ADD, UPDATE,
/// DELETE or NOOP for a new fact against the numbered similar stored facts, with Memory-R1's
/// definitions of the four operations. The answer is read leniently — the first of the four words
/// in it, case-insensitively ("NO-OP" counts as NOOP) — and an answer without one falls back to
/// <see cref="RuleFactOperationChooser"/>, with a warning in the log. The model is asked even when
/// nothing similar is stored, because it may judge a fact irrelevant (NOOP).
/// </summary>
public sealed class ChatFactOperationChooser : IFactOperationChooser
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates a chooser that asks <paramref name="chat"/>.</summary>
    public ChatFactOperationChooser(IChatClient chat, ILogger<ChatFactOperationChooser>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatFactOperationChooser>.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<FactOperation> ChooseAsync(string newFact, IReadOnlyList<string> similarStoredFacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newFact);
        ArgumentNullException.ThrowIfNull(similarStoredFacts);
        var response = await chat.GetResponseAsync(BuildPrompt(newFact, similarStoredFacts), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        if (TryParse(answer, out var operation))
        {
            return operation;
        }

        var fallback = RuleFactOperationChooser.Choose(newFact, similarStoredFacts);
        TextStageLog.UnparseableFactOperation(logger, fallback, TextStageLog.Excerpt(answer));
        return fallback;
    }

    /// <summary>The prompt: the four operations with Memory-R1's definitions, the stored facts numbered from 1, the new fact.</summary>
    public static string BuildPrompt(string newFact, IReadOnlyList<string> similarStoredFacts)
    {
        ArgumentNullException.ThrowIfNull(newFact);
        ArgumentNullException.ThrowIfNull(similarStoredFacts);
        var prompt = new StringBuilder();
        prompt.AppendLine("You are a memory manager. Compare a new fact with the existing memories and choose exactly one operation:");
        prompt.AppendLine("- ADD: the new fact is information that no existing memory contains; add it as a new memory.");
        prompt.AppendLine("- UPDATE: an existing memory is about the same thing and the new fact changes it or adds detail; update that memory with the new fact.");
        prompt.AppendLine("- DELETE: the new fact contradicts or retracts an existing memory; delete that memory.");
        prompt.AppendLine("- NOOP: the new fact is already in memory, or is irrelevant; make no change.");
        prompt.AppendLine();
        prompt.AppendLine("Existing memories:");
        if (similarStoredFacts.Count == 0)
        {
            prompt.AppendLine("(none)");
        }

        for (var i = 0; i < similarStoredFacts.Count; i++)
        {
            prompt.Append(CultureInfo.InvariantCulture, $"{i + 1}. ").AppendLine(similarStoredFacts[i]);
        }

        prompt.AppendLine();
        prompt.Append("New fact: ").AppendLine(newFact);
        prompt.AppendLine();
        prompt.Append("Answer with one word: ADD, UPDATE, DELETE or NOOP.");
        return prompt.ToString();
    }

    /// <summary>The first of ADD, UPDATE, DELETE, NOOP (or NO-OP) as a whole word in <paramref name="answer"/>, case-insensitively.</summary>
    public static bool TryParse(ReadOnlySpan<char> answer, out FactOperation operation)
    {
        var position = 0;
        var previousWasNo = false;
        while (TextTokenizer.TryReadToken(answer, ref position, out var start, out var length))
        {
            var word = answer.Slice(start, length);
            if (previousWasNo && word.Equals("op", StringComparison.OrdinalIgnoreCase) && answer[start - 1] is '-' or '_' or ' ')
            {
                operation = FactOperation.Noop;
                return true;
            }

            if (word.Equals("add", StringComparison.OrdinalIgnoreCase))
            {
                operation = FactOperation.Add;
                return true;
            }

            if (word.Equals("update", StringComparison.OrdinalIgnoreCase))
            {
                operation = FactOperation.Update;
                return true;
            }

            if (word.Equals("delete", StringComparison.OrdinalIgnoreCase))
            {
                operation = FactOperation.Delete;
                return true;
            }

            if (word.Equals("noop", StringComparison.OrdinalIgnoreCase))
            {
                operation = FactOperation.Noop;
                return true;
            }

            previousWasNo = word.Equals("no", StringComparison.OrdinalIgnoreCase);
        }

        operation = default;
        return false;
    }
}
