namespace MemDsl.Runtime;

/// <summary>
/// Decides which of Mem-alpha's stores (core, semantic, episodic) a statement is written to.
/// Implementations: <see cref="RuleWriteRouter"/> (deterministic, what a <c>Routed</c> store uses and
/// the benchmarks run) and <see cref="ChatWriteRouter"/> (asks a model).
/// </summary>
public interface IWriteRouter
{
    /// <summary>The stores <paramref name="text"/>, said by <paramref name="speaker"/>, goes to; always includes <see cref="WriteRoute.Episodic"/>.</summary>
    /// <param name="text">The statement, without a speaker or date prefix.</param>
    /// <param name="speaker">Who said it (first-person statements are about this speaker).</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    ValueTask<WriteRoute> RouteAsync(string text, string speaker, CancellationToken cancellationToken = default);
}
