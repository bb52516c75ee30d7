namespace MemDsl.Evolution;

/// <summary>What a proposer may look at when it makes one proposal.</summary>
/// <param name="Archive">
/// The candidates whose results are known to this proposal: entries 0 .. <c>Slot - Parallelism</c>.
/// With parallel evaluation the last <c>Parallelism - 1</c> candidates before <see cref="Slot"/> may
/// still be running, so the search hides them to keep the proposal independent of timing.
/// </param>
/// <param name="Slot">The archive id the candidate will get if it is new.</param>
/// <param name="Index">The proposal number (starting specs included, duplicates and rejections counted).</param>
/// <param name="Random">The generator of this proposal: <see cref="EvolutionarySearch.ProposalRandom"/>(seed, <paramref name="Index"/>).</param>
/// <param name="Metric">The archive's quality axis.</param>
public sealed record ProposalContext(ParetoArchive Archive, int Slot, int Index, Random Random, QualityMetric Metric);
