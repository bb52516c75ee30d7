namespace MemDsl.Evolution;

/// <summary>
/// Makes the search's next candidate from what the archive holds. The search validates nothing a
/// proposer returns twice: a proposer hands back only specs that pass <see cref="MemDsl.Model.SpecValidator"/>,
/// and counts the answers it threw away in <see cref="Proposal.Rejected"/>.
/// </summary>
/// <remarks>
/// Determinism: a proposer that draws only from <see cref="ProposalContext.Random"/> and reads only
/// <see cref="ProposalContext.Archive"/> makes the same proposal for the same context, which is what
/// makes a fixed-seed search reproducible and a resumed one equal to an uninterrupted one.
/// </remarks>
public interface IProposer
{
    /// <summary>A short name recorded in the checkpoint ("evolutionary", "llm"); a resume must use the same proposer.</summary>
    string Name { get; }

    /// <summary>Proposes one candidate for archive slot <see cref="ProposalContext.Slot"/>.</summary>
    ValueTask<Proposal> ProposeAsync(ProposalContext context, CancellationToken cancellationToken = default);
}
