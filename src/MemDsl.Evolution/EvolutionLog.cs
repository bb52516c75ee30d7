using Microsoft.Extensions.Logging;

namespace MemDsl.Evolution;

/// <summary>Log messages of this assembly (LoggerMessage-generated: no boxing, no formatting when disabled).</summary>
internal static partial class EvolutionLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Evolving memory serves '{Design}'.")]
    public static partial void Serving(ILogger logger, string design);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Round {Round} skipped: {RewardedQueries} rewarded queries in the recent traffic (need {Needed}) or no new traffic.")]
    public static partial void RoundSkipped(ILogger logger, int round, int rewardedQueries, int needed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Round {Round} searched {Candidates} candidates on {Turns} turns and {RewardedQueries} rewarded queries: current recall@10 {CurrentQuality}, best {BestQuality}.")]
    public static partial void RoundSearched(ILogger logger, int round, int candidates, int turns, int rewardedQueries, double? currentQuality, double? bestQuality);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Round {Round} hit its time bound after {Candidates} candidates; comparing those.")]
    public static partial void RoundTimedOut(ILogger logger, int round, int candidates);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Swapped design '{Previous}' (recall@10 {PreviousQuality}) for '{Current}' (recall@10 {CurrentQuality}) after re-writing {Turns} turns:\n{Declaration}")]
    public static partial void Swapped(ILogger logger, string previous, double previousQuality, string current, double currentQuality, int turns, string declaration);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Evolution round {Round} failed; the current design keeps serving.")]
    public static partial void RoundFailed(ILogger logger, int round, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "A DesignSwapped handler threw; the new design serves regardless.")]
    public static partial void SwapHandlerFailed(ILogger logger, Exception exception);
}
