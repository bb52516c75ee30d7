namespace MemDsl.Runtime;

/// <summary>
/// Rewrites a Letta/MemGPT core block during sleep-time manage: chooses which stored facts the block
/// keeps within a token budget (<see cref="ContextTokens"/>). Implementations:
/// <see cref="RuleCoreBlockWriter"/> (deterministic, what a <c>Tiered</c> store uses and the benchmarks
/// run) and <see cref="ChatCoreBlockWriter"/> (asks a model).
/// </summary>
public interface ICoreBlockWriter
{
    /// <summary>The indices into <paramref name="facts"/> the core block keeps, in block order; their texts hold at most <paramref name="tokenBudget"/> tokens together.</summary>
    /// <param name="facts">The candidate facts.</param>
    /// <param name="tokenBudget">Most tokens the block may hold, at least 0.</param>
    /// <param name="cancellationToken">Cancels the choice.</param>
    ValueTask<IReadOnlyList<int>> SelectAsync(IReadOnlyList<string> facts, int tokenBudget, CancellationToken cancellationToken = default);
}
