namespace MemDsl.Runtime;

/// <summary>The shape of a top-k search once its arguments are checked.</summary>
/// <param name="RowCount">Rows in the matrix.</param>
/// <param name="Batch">Queries in the batch.</param>
/// <param name="Kept">Results per query: min(k, rows).</param>
public readonly record struct TopKShape(int RowCount, int Batch, int Kept);
