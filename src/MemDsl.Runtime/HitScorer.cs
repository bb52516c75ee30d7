namespace MemDsl.Runtime;

/// <summary>A <c>[ScoreWith]</c> method: the new score of a retrieved hit.</summary>
/// <param name="hit">The hit with the retriever's score.</param>
/// <param name="query">The query being answered.</param>
public delegate float HitScorer(in MemoryHit hit, in QueryContext query);
