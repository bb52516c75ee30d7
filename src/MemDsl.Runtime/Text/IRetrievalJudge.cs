namespace MemDsl.Runtime;

/// <summary>
/// ReMem's refine step as a stand-alone stage: given a query and its retrieved hits (best first), says
/// which hits help and should reach the prompt. Implementations: <see cref="RuleRetrievalJudge"/>
/// (deterministic) and <see cref="ChatRetrievalJudge"/> (asks a model). <c>RetrieveKind.Refine</c> runs
/// the rule judge inside the retriever, where it also sees the hits' vectors.
/// </summary>
public interface IRetrievalJudge
{
    /// <summary>One flag per hit, in order: true to keep it.</summary>
    ValueTask<bool[]> JudgeAsync(string query, IReadOnlyList<MemoryHit> hits, CancellationToken cancellationToken = default);
}
