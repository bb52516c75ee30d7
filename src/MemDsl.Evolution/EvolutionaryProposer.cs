using System.Globalization;
using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// Mutation and crossover over the catalog: picks a parent with <see cref="ParetoArchive.ChooseParent"/>;
/// with <see cref="CrossoverProbability"/> picks a second and crosses them (<see cref="SpecMutator.Crossover"/>),
/// otherwise mutates the parent one step (<see cref="SpecMutator.Mutate"/>). Under a context token
/// limit (<see cref="ParetoArchive.MaxContextTokens"/>) a parent over it is, with probability
/// <see cref="RepairProbability"/>, repaired instead, at even odds in one of two ways: its TopK scaled
/// by limit / tokens (<see cref="SpecMutator.ScaleTopK"/>), or its context cut at the limit
/// (<see cref="SpecMutator.CapContext"/>: the retriever keeps its depth and each query keeps the hits
/// that fit), so a good design found over the prompt budget (windows instead of turns, say) gets a
/// child that fits in one step. All keep inside the catalog and the
/// declaration's <c>[Search]</c> ranges, so every proposal validates. Draws only from the context's
/// random, so it is deterministic.
/// </summary>
public sealed class EvolutionaryProposer : IProposer
{
    public EvolutionaryProposer(double crossoverProbability = 0.3)
    {
        if (crossoverProbability is < 0 or > 1 || double.IsNaN(crossoverProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(crossoverProbability), crossoverProbability, "The crossover probability must be between 0 and 1.");
        }

        CrossoverProbability = crossoverProbability;
    }

    public const string ProposerName = "evolutionary";

    public string Name => ProposerName;

    /// <summary>Chance that a proposal is a crossover of two archive members rather than a mutation of one.</summary>
    public double CrossoverProbability { get; }

    /// <summary>Chance that a parent over the archive's context token limit is repaired (TopK scaled or context cut to fit) rather than mutated or crossed.</summary>
    public const double RepairProbability = 0.5;

    public ValueTask<Proposal> ProposeAsync(ProposalContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Propose(context.Archive, context.Random, "c" + context.Slot.ToString(CultureInfo.InvariantCulture)));
    }

    private Proposal Propose(ParetoArchive archive, Random random, string name)
    {
        var first = archive.ChooseParent(random);
        if (first is null)
        {
            // Every candidate so far failed: start again from a random spec.
            return new Proposal(SpecSampler.Sample(random), "sample", [], []);
        }

        try
        {
            if (archive.MaxContextTokens is { } limit && first.ContextTokens > limit && random.NextDouble() < RepairProbability
                && Repair(first.Spec, limit, first.ContextTokens.Value, random) is { } repaired)
            {
                return new Proposal(repaired with { Name = name }, "repair", [first.Id], []);
            }

            if (random.NextDouble() < CrossoverProbability)
            {
                var second = archive.ChooseParent(random)!;
                if (second.Id != first.Id)
                {
                    var child = SpecMutator.Crossover(first.Spec, second.Spec, random) with { Name = name };
                    return new Proposal(child, "crossover", [first.Id, second.Id], []);
                }
            }

            return new Proposal(SpecMutator.Mutate(first.Spec, random) with { Name = name }, "mutation", [first.Id], []);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // No legal edit of this parent: a wasted proposal.
            return Proposal.None("mutation", [first.Id]);
        }
    }

    // Either repair, at even odds; the other when the one drawn cannot change this spec.
    private static ArchitectureSpec? Repair(ArchitectureSpec spec, double limit, double tokens, Random random)
    {
        var budget = Math.Max(1, (int)Math.Floor(limit));
        return random.Next(2) == 0
            ? SpecMutator.ScaleTopK(spec, limit / tokens) ?? SpecMutator.CapContext(spec, budget)
            : SpecMutator.CapContext(spec, budget) ?? SpecMutator.ScaleTopK(spec, limit / tokens);
    }
}
