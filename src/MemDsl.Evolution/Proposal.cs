using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>A proposer's answer: a valid candidate, or none (no legal edit, or every answer rejected).</summary>
/// <param name="Spec">The candidate; valid by <see cref="SpecValidator"/>. Null when there is none this time.</param>
/// <param name="Origin">How it was made: "mutation", "crossover", "sample", "llm".</param>
/// <param name="Parents">Archive ids it was made from.</param>
/// <param name="Rejected">Answers thrown away before this one (reasons), never benched.</param>
/// <param name="Code">C# members the candidate brings (only from an LLM proposer with code allowed).</param>
public sealed record Proposal(ArchitectureSpec? Spec, string Origin, IReadOnlyList<int> Parents, IReadOnlyList<string> Rejected, string? Code = null)
{
    /// <summary>No candidate this time, with the reasons of the answers thrown away.</summary>
    public static Proposal None(string origin, IReadOnlyList<int> parents, IReadOnlyList<string>? rejected = null) => new(null, origin, parents, rejected ?? []);
}
