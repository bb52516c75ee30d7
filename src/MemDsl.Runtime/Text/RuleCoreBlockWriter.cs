namespace MemDsl.Runtime;

/// <summary>
/// The core block without a model: the most important facts (<see cref="ImportanceHeuristic"/>; ties:
/// the later fact first) that fit the token budget, taken greedily — a fact that does not fit is skipped
/// and smaller, less important ones may still fit. What it keeps: Letta's sleep-time agent keeps the
/// block to what matters most about the user within its size. What it loses: the agent rewrites and
/// condenses the block in its own words (merging and updating facts); the rule keeps whole records verbatim.
/// </summary>
public sealed class RuleCoreBlockWriter : ICoreBlockWriter
{
    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<int>> SelectAsync(IReadOnlyList<string> facts, int tokenBudget, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<int>>(Select(facts, tokenBudget));
    }

    /// <summary>The indices the block keeps, most important first.</summary>
    public static int[] Select(IReadOnlyList<string> facts, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenBudget);
        var importance = new float[facts.Count];
        for (var i = 0; i < facts.Count; i++)
        {
            importance[i] = ImportanceHeuristic.Score(facts[i] ?? throw new ArgumentException("A fact is null.", nameof(facts)));
        }

        return Select(facts, importance, tokenBudget);
    }

    /// <summary>The same choice with each fact's importance already rated (a store caches the ratings between rewrites).</summary>
    internal static int[] Select(IReadOnlyList<string> facts, float[] importance, int tokenBudget)
    {
        var order = new int[facts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Most important first; ties: the later fact (the newer one) first.
        Array.Sort(order, (a, b) => importance[a] != importance[b] ? importance[b].CompareTo(importance[a]) : b.CompareTo(a));
        return TakeWithinBudget(facts, order, tokenBudget);
    }

    /// <summary>Walks <paramref name="order"/> and keeps each fact that still fits the budget.</summary>
    internal static int[] TakeWithinBudget(IReadOnlyList<string> facts, IReadOnlyList<int> order, int tokenBudget)
    {
        var kept = new List<int>();
        var used = 0;
        foreach (var index in order)
        {
            var tokens = ContextTokens.Count(facts[index]);
            if (tokens > 0 && used + tokens <= tokenBudget && !kept.Contains(index))
            {
                kept.Add(index);
                used += tokens;
            }
        }

        return [.. kept];
    }
}
