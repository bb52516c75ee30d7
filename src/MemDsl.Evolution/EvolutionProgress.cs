namespace MemDsl.Evolution;

/// <summary>Reported after each evaluated candidate.</summary>
/// <param name="Evaluated">Candidates in the archive.</param>
/// <param name="Budget">Candidates the search may evaluate in all.</param>
/// <param name="Entry">The candidate just recorded.</param>
/// <param name="Rejected">Proposer answers thrown away so far (invalid LLM answers), never benched.</param>
public readonly record struct EvolutionProgress(int Evaluated, int Budget, ArchiveEntry Entry, int Rejected = 0);
