namespace MemDsl.Abstractions;

/// <summary>What one management pass did.</summary>
/// <param name="Removed">Records removed by the pass.</param>
/// <param name="Remaining">Records kept.</param>
public readonly record struct ManageResult(int Removed, int Remaining);
