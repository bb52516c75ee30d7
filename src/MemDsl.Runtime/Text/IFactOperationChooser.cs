namespace MemDsl.Runtime;

/// <summary>
/// Decides the <see cref="FactOperation"/> for a new fact given the most similar stored facts about
/// the same subject (Memory-R1's memory manager). Implementations: <see cref="RuleFactOperationChooser"/>
/// (deterministic, used by the benchmarks) and <see cref="ChatFactOperationChooser"/> (asks a model).
/// </summary>
public interface IFactOperationChooser
{
    /// <summary>Chooses the operation for <paramref name="newFact"/>.</summary>
    /// <param name="newFact">The incoming fact.</param>
    /// <param name="similarStoredFacts">The stored facts about the same subject, most similar first; may be empty.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    ValueTask<FactOperation> ChooseAsync(string newFact, IReadOnlyList<string> similarStoredFacts, CancellationToken cancellationToken = default);
}
