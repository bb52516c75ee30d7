using MemDsl.Model;

namespace MemDsl.Runtime;

/// <summary>
/// The context stage: turns the retriever's hits (after any <c>[ScoreWith]</c> rescoring) into what a
/// prompt gets. In order: <see cref="ContextKind.Chronological"/> sorts the hits by record time (ties by
/// id); <c>Neighbours</c> places, around each hit, up to that many records of its session written just
/// before and after it (a record that is itself a hit, or already placed, is not repeated; a neighbour
/// carries its hit's score and <see cref="MemoryHit.IsNeighbour"/>); <c>TokenBudget</c> then keeps the
/// longest prefix whose <see cref="ContextTokens"/> total is at most the budget (0 = unlimited).
/// The generated and the interpreted pipeline both call <see cref="Build"/>.
/// </summary>
/// <remarks>
/// Neighbours are looked up under the store's lock, which <see cref="Build"/> takes itself; the
/// scratch sets are reused under that lock, so a query allocates only the result array. Retrieval
/// statistics (uses, LRU ticks) count retrieved hits only, never neighbours.
/// </remarks>
public sealed class ContextBuilder
{
    private readonly HashSet<long> _hitIds = [];
    private readonly HashSet<long> _placed = [];
    private MemoryHit[] _buffer = [];

    /// <summary>Creates the stage.</summary>
    /// <param name="kind">The order of the hits.</param>
    /// <param name="neighbours">Session neighbours per side of each hit (the catalog's range).</param>
    /// <param name="tokenBudget">Most context tokens (the catalog's range), 0 for unlimited.</param>
    public ContextBuilder(ContextKind kind, int neighbours, int tokenBudget)
    {
        if (kind is not (ContextKind.Ranked or ContextKind.Chronological))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a context kind.");
        }

        Check(MemoryCatalog.Neighbours, neighbours, nameof(neighbours));
        Check(MemoryCatalog.TokenBudget, tokenBudget, nameof(tokenBudget));
        Kind = kind;
        Neighbours = neighbours;
        TokenBudget = tokenBudget;
    }

    /// <summary>The order of the hits.</summary>
    public ContextKind Kind { get; }

    /// <summary>Session neighbours per side of each hit.</summary>
    public int Neighbours { get; }

    /// <summary>Most context tokens, 0 for unlimited.</summary>
    public int TokenBudget { get; }

    /// <summary>
    /// The context for <paramref name="hits"/>, which it may reorder in place and may return. Call it
    /// without holding the store's lock (it takes it for the neighbour lookup).
    /// </summary>
    public MemoryHit[] Build(MemoryStore store, MemoryHit[] hits)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hits);
        if (Kind == ContextKind.Chronological)
        {
            SortByTime(hits);
        }

        if (Neighbours == 0 || hits.Length == 0)
        {
            return TokenBudget == 0 ? hits : Cut(hits, TokenBudget);
        }

        lock (store.SyncRoot)
        {
            // The budget is applied in the scratch buffer, so the result is the only array allocated.
            var count = Expand(store, hits);
            var kept = TokenBudget == 0 ? count : Fit(_buffer.AsSpan(0, count), TokenBudget);
            var result = _buffer.AsSpan(0, kept).ToArray();
            Array.Clear(_buffer, 0, count); // Do not keep records alive past the query.
            return result;
        }
    }

    /// <summary>Sorts by timestamp, ties by id, in place without allocating (insertion sort: k is small).</summary>
    public static void SortByTime(MemoryHit[] hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        for (var i = 1; i < hits.Length; i++)
        {
            var current = hits[i];
            var j = i - 1;
            while (j >= 0 && IsEarlier(current.Record, hits[j].Record))
            {
                hits[j + 1] = hits[j];
                j--;
            }

            hits[j + 1] = current;
        }
    }

    /// <summary>The longest prefix of <paramref name="hits"/> whose token total is at most <paramref name="budget"/> (the array itself when all fit).</summary>
    public static MemoryHit[] Cut(MemoryHit[] hits, int budget)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var kept = Fit(hits, budget);
        return kept == hits.Length ? hits : hits.AsSpan(0, kept).ToArray();
    }

    /// <summary>How many leading hits fit in <paramref name="budget"/> tokens.</summary>
    private static int Fit(ReadOnlySpan<MemoryHit> hits, int budget)
    {
        var total = 0L;
        for (var i = 0; i < hits.Length; i++)
        {
            total += ContextTokens.Count(hits[i].Record.Text);
            if (total > budget)
            {
                return i;
            }
        }

        return hits.Length;
    }

    private static bool IsEarlier(MemoryRecord a, MemoryRecord b)
    {
        var byTime = a.Timestamp.UtcTicks.CompareTo(b.Timestamp.UtcTicks);
        return byTime != 0 ? byTime < 0 : a.Id < b.Id;
    }

    /// <summary>Places the hits and their neighbours in <see cref="_buffer"/>; returns how many.</summary>
    private int Expand(MemoryStore store, MemoryHit[] hits)
    {
        var most = hits.Length * ((2 * Neighbours) + 1);
        if (_buffer.Length < most)
        {
            _buffer = new MemoryHit[most];
        }

        _hitIds.Clear();
        _placed.Clear();
        foreach (var hit in hits)
        {
            _hitIds.Add(hit.Record.Id);
        }

        Span<long> around = stackalloc long[2 * MemoryCatalog.MaxNeighbours];
        var count = 0;
        foreach (var hit in hits)
        {
            if (!_placed.Add(hit.Record.Id))
            {
                continue; // The retriever returned the same record twice; place it once.
            }

            var (before, after) = store.FindSessionNeighbours(hit.Record.Id, Neighbours, around);
            for (var i = 0; i < before; i++)
            {
                count = Place(store, around[i], hit.Score, count);
            }

            _buffer[count++] = hit;
            for (var i = 0; i < after; i++)
            {
                count = Place(store, around[before + i], hit.Score, count);
            }
        }

        return count;
    }

    private int Place(MemoryStore store, long id, float score, int count)
    {
        if (_hitIds.Contains(id) || !_placed.Add(id) || !store.TryGetSlot(id, out var slot))
        {
            return count;
        }

        _buffer[count] = new MemoryHit(store.GetRecord(slot), score) { IsNeighbour = true };
        return count + 1;
    }

    private static void Check(ParameterDescriptor parameter, int value, string name)
    {
        if (value < parameter.Min || value > parameter.Max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{parameter.Name} must be in {parameter.DescribeRange()}.");
        }
    }
}
