using Microsoft.Extensions.AI;

namespace MemDsl.Evolution;

/// <summary>How an <see cref="LlmProposer"/> asks and what it accepts.</summary>
public sealed record LlmProposerOptions
{
    /// <summary>Answers asked per proposal: after an answer that does not parse or validate, the model is told why and asked again, up to this many times in all.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Accept answers that add <c>[EncodeWith]</c>/<c>[ScoreWith]</c> methods (still parsed and validated); off by default.</summary>
    public bool AllowCode { get; init; }

    /// <summary>Options passed with every request (model id, temperature); null for the client's defaults.</summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>Best other designs listed in the prompt (so the model does not repeat them).</summary>
    public int OtherDesigns { get; init; } = 5;
}
