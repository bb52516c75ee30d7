namespace MemDsl.Runtime;

/// <summary>One result of a top-k search: the score, the row's id (ties go to the lower id) and its row index.</summary>
/// <param name="Score">The inner product of the query and the row.</param>
/// <param name="Id">The row's id, as given to the search.</param>
/// <param name="Row">The row's index in the matrix.</param>
public readonly record struct ScoredRow(float Score, long Id, int Row);
