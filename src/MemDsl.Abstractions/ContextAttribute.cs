namespace MemDsl.Abstractions;

/// <summary>
/// The context stage: how the retriever's hits become what a prompt gets — their order, the
/// records around each hit in its session, and a token budget. Optional; without it a query returns
/// the retriever's hits unchanged.
/// </summary>
/// <remarks>
/// A neighbour is an ordinary <see cref="MemoryHit"/> with the score of the hit it was added for and
/// <see cref="MemoryHit.IsNeighbour"/> set, so metrics that read records and ranks still work. The
/// token budget counts words, numbers and punctuation marks (a cheap deterministic count, see
/// <c>ContextTokens</c> in MemDsl.Runtime), not model tokens.
/// </remarks>
// AllowMultiple so a second [Context] is reported by the MemDsl analyzer with the rule's text, as for every stage.
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ContextAttribute : Attribute
{
    /// <summary>Declares the context stage.</summary>
    /// <param name="kind">The order of the hits.</param>
    public ContextAttribute(ContextKind kind) => Kind = kind;

    /// <summary>The order of the hits.</summary>
    public ContextKind Kind { get; }

    /// <summary>
    /// Records of the hit's session written just before and just after it, up to this many on each
    /// side, placed next to it: 0..5, default 0. A record already in the context is not repeated.
    /// </summary>
    public int Neighbours { get; set; }

    /// <summary>Most context tokens the result may hold; hits are taken in order until the next would exceed it: 0..100,000, default 0 (unlimited).</summary>
    public int TokenBudget { get; set; }
}
