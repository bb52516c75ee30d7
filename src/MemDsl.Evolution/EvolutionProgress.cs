namespace MemDsl.Evolution;

/// <summary>Reported after each evaluated candidate.</summary>
public readonly record struct EvolutionProgress(int Evaluated, int Budget, ArchiveEntry Entry);
