using Microsoft.Extensions.Logging;

namespace MemDsl.Runtime;

/// <summary>Log messages of the chat-backed text stages (LoggerMessage-generated: no formatting when disabled).</summary>
internal static partial class TextStageLog
{
    /// <summary>How much of an unparseable answer the log keeps.</summary>
    private const int LoggedAnswerLength = 200;

    /// <summary>The start of a model's answer, short enough for a log line.</summary>
    public static string Excerpt(string answer) => answer.Length > LoggedAnswerLength ? answer[..LoggedAnswerLength] : answer;

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "The chat model's fact operation answer could not be parsed, using the rule-based choice {Fallback}: {Answer}")]
    public static partial void UnparseableFactOperation(ILogger logger, FactOperation fallback, string answer);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "The chat model's importance rating could not be parsed, using the heuristic score {Fallback}: {Answer}")]
    public static partial void UnparseableImportance(ILogger logger, float fallback, string answer);

    [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "The chat model's write route answer names no store, using the rule-based route {Fallback}: {Answer}")]
    public static partial void UnparseableWriteRoute(ILogger logger, WriteRoute fallback, string answer);

    [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "The chat model's core block answer names no fact, using the rule-based block of {Fallback} facts: {Answer}")]
    public static partial void UnparseableCoreBlock(ILogger logger, int fallback, string answer);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "The chat model answered an empty session summary for {Turns} turns, using the extractive summary")]
    public static partial void EmptySessionSummary(ILogger logger, int turns);

    [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "The chat model answered no entity list, using the {Count} names the rules find")]
    public static partial void EmptyEntityAnswer(ILogger logger, int count);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "The chat model's distillation answer held no memory item, using the {Fallback} extractive items: {Answer}")]
    public static partial void UnparseableDistillation(ILogger logger, int fallback, string answer);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "The chat model's refine answer held no KEEP list, using the rule judge: {Answer}")]
    public static partial void UnparseableJudgement(ILogger logger, string answer);
}
