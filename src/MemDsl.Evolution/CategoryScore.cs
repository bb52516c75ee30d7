namespace MemDsl.Evolution;

/// <summary>A candidate's quality on the search queries of one category (a LoCoMo category, a synthetic stream's query kind).</summary>
/// <param name="Category">The category name as the data set writes it.</param>
/// <param name="Queries">Scored queries of that category.</param>
/// <param name="Quality">The search metric on those queries.</param>
public sealed record CategoryScore(string Category, int Queries, double Quality);
