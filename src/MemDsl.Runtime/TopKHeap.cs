namespace MemDsl.Runtime;

/// <summary>
/// A bounded min-heap over a caller-provided buffer that keeps the best <c>k</c> (score, id, slot)
/// entries. "Best" is higher score, then lower id, so results are deterministic under ties. The root
/// is the worst entry kept, so a candidate costs one comparison unless it enters the top-k.
/// </summary>
internal ref struct TopKHeap
{
    private readonly Span<Entry> _items;
    private int _count;

    /// <summary>Uses <paramref name="buffer"/> (its length is k) as heap storage.</summary>
    public TopKHeap(Span<Entry> buffer)
    {
        _items = buffer;
        _count = 0;
    }

    /// <summary>Resumes a heap whose first <paramref name="count"/> entries of <paramref name="buffer"/> are already in heap order.</summary>
    public TopKHeap(Span<Entry> buffer, int count)
    {
        _items = buffer;
        _count = count;
    }

    public readonly int Count => _count;

    /// <summary>
    /// The score a candidate must reach to be considered: the worst kept score once the heap is
    /// full (an equal score can still enter on a lower id), negative infinity before.
    /// </summary>
    public readonly float Threshold => _count < _items.Length ? float.NegativeInfinity : _items[0].Score;

    public void Offer(float score, long id, int slot)
    {
        if (_items.Length == 0)
        {
            return;
        }

        var candidate = new Entry(score, id, slot);
        if (_count < _items.Length)
        {
            var child = _count++;
            while (child > 0)
            {
                var parent = (child - 1) >> 1;
                if (!IsWorse(candidate, _items[parent]))
                {
                    break;
                }

                _items[child] = _items[parent];
                child = parent;
            }

            _items[child] = candidate;
        }
        else if (IsWorse(_items[0], candidate))
        {
            SiftDown(candidate);
        }
    }

    /// <summary>Empties the heap into hits ordered best first.</summary>
    public MemoryHit[] DrainToHits(MemoryStore store)
    {
        var hits = _count == 0 ? [] : new MemoryHit[_count];
        while (_count > 0)
        {
            var worst = _items[0];
            var last = _items[--_count];
            if (_count > 0)
            {
                SiftDown(last);
            }

            hits[_count] = new MemoryHit(store.GetRecord(worst.Slot), worst.Score);
        }

        return hits;
    }

    /// <summary>Empties the heap into <paramref name="destination"/> ordered best first; returns how many were written.</summary>
    public int DrainTo(Span<ScoredRow> destination)
    {
        var written = _count;
        while (_count > 0)
        {
            var worst = _items[0];
            var last = _items[--_count];
            if (_count > 0)
            {
                SiftDown(last);
            }

            destination[_count] = new ScoredRow(worst.Score, worst.Id, worst.Slot);
        }

        return written;
    }

    /// <summary>
    /// True when <paramref name="a"/> ranks below <paramref name="b"/>: lower score, then higher id,
    /// then higher slot. The slot decides only between two entries of one id and one score (rows a
    /// caller gave the same id), so that even then the result does not depend on the order entries
    /// arrive in, and so not on the thread count.
    /// </summary>
    public static bool IsWorse(in Entry a, in Entry b) =>
        a.Score < b.Score || (a.Score == b.Score && (a.Id > b.Id || (a.Id == b.Id && a.Slot > b.Slot)));

    private void SiftDown(Entry entry)
    {
        var index = 0;
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && IsWorse(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!IsWorse(_items[child], entry))
            {
                break;
            }

            _items[index] = _items[child];
            index = child;
        }

        _items[index] = entry;
    }

    internal readonly record struct Entry(float Score, long Id, int Slot);
}
