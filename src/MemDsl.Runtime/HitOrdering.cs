namespace MemDsl.Runtime;

/// <summary>Orders hits after rescoring: score descending, then record id ascending.</summary>
public static class HitOrdering
{
    /// <summary>Sorts in place without allocating. The order is total (ids are unique), so it is deterministic; NaN scores sort last.</summary>
    public static void Sort(MemoryHit[] hits)
    {
        ArgumentNullException.ThrowIfNull(hits);

        // Insertion sort: k is small (at most 1000) and usually nearly sorted after a rescoring.
        for (var i = 1; i < hits.Length; i++)
        {
            var current = hits[i];
            var j = i - 1;
            while (j >= 0 && Precedes(current, hits[j]))
            {
                hits[j + 1] = hits[j];
                j--;
            }

            hits[j + 1] = current;
        }
    }

    /// <summary>True when <paramref name="a"/> belongs before <paramref name="b"/>.</summary>
    public static bool Precedes(in MemoryHit a, in MemoryHit b)
    {
        // CompareTo ranks NaN below every number, so NaN scores go last instead of breaking the order.
        var byScore = a.Score.CompareTo(b.Score);
        return byScore != 0 ? byScore > 0 : a.Record.Id < b.Record.Id;
    }
}
