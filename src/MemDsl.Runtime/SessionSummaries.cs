namespace MemDsl.Runtime;

/// <summary>
/// What a <see cref="StoreKind.Hierarchical"/> store keeps per session (HCAM's chunk): the sum of its
/// records' vectors, whose direction is the session's mean vector (the chunk's summary key), and how
/// many records it holds; plus each slot's session, parallel to the store's slots. The store keeps it
/// current on every write, replacement and removal; callers hold the store's lock.
/// </summary>
/// <remarks>
/// Sums are kept in doubles and reset to exact zeros when a session empties, so a long run of
/// replacements (a session or window encoder rewrites its record on every turn) does not drift.
/// Sessions are numbered in the order they first appear; an emptied session keeps its number.
/// </remarks>
public sealed class SessionSummaries
{
    private const int InitialSessions = 4;

    private readonly Dictionary<string, int> _ordinalBySession = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private double[] _sums;
    private int[] _counts;
    private int[] _slotSession;

    internal SessionSummaries(int dimensions, int capacity)
    {
        Dimensions = dimensions;
        _sums = new double[InitialSessions * dimensions];
        _counts = new int[InitialSessions];
        _slotSession = new int[capacity];
    }

    /// <summary>Vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Sessions seen so far, including any whose records were all removed.</summary>
    public int SessionCount => _names.Count;

    /// <summary>Each slot's session number, parallel to <see cref="MemoryStore.Ids"/> (the first <c>Count</c> entries are valid).</summary>
    public ReadOnlySpan<int> SlotSessions => _slotSession;

    /// <summary>The name of session number <paramref name="ordinal"/>.</summary>
    public string GetSession(int ordinal) => _names[ordinal];

    /// <summary>How many stored records session number <paramref name="ordinal"/> holds.</summary>
    public int GetRecordCount(int ordinal)
    {
        CheckOrdinal(ordinal);
        return _counts[ordinal];
    }

    /// <summary>The number of <paramref name="session"/>, if any record of it was ever stored.</summary>
    public bool TryGetOrdinal(string session, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _ordinalBySession.TryGetValue(session, out ordinal);
    }

    /// <summary>
    /// Cosine between <paramref name="queryVector"/> and the session's mean vector (the dot product
    /// with the sum, divided by the sum's length); negative infinity for an empty session.
    /// </summary>
    public float Score(int ordinal, ReadOnlySpan<float> queryVector)
    {
        CheckOrdinal(ordinal);
        if (queryVector.Length != Dimensions)
        {
            throw new ArgumentException($"The query vector must have exactly {Dimensions} elements; it has {queryVector.Length}.", nameof(queryVector));
        }

        if (_counts[ordinal] == 0)
        {
            return float.NegativeInfinity;
        }

        var sum = new ReadOnlySpan<double>(_sums, ordinal * Dimensions, Dimensions);
        double dot = 0, norm = 0;
        for (var i = 0; i < sum.Length; i++)
        {
            dot += sum[i] * queryVector[i];
            norm += sum[i] * sum[i];
        }

        return norm == 0 ? 0f : (float)(dot / Math.Sqrt(norm));
    }

    /// <summary>Writes the session's mean vector (the sum divided by its record count; zeros when empty) to <paramref name="destination"/>.</summary>
    public void CopyMean(int ordinal, Span<float> destination)
    {
        CheckOrdinal(ordinal);
        if (destination.Length < Dimensions)
        {
            throw new ArgumentException($"The destination must hold at least {Dimensions} floats.", nameof(destination));
        }

        var count = _counts[ordinal];
        var sum = new ReadOnlySpan<double>(_sums, ordinal * Dimensions, Dimensions);
        for (var i = 0; i < sum.Length; i++)
        {
            destination[i] = count == 0 ? 0f : (float)(sum[i] / count);
        }
    }

    internal void Add(int slot, string session, ReadOnlySpan<float> vector)
    {
        if (!_ordinalBySession.TryGetValue(session, out var ordinal))
        {
            ordinal = _names.Count;
            _names.Add(session);
            _ordinalBySession.Add(session, ordinal);
            if (ordinal == _counts.Length)
            {
                Array.Resize(ref _counts, ordinal * 2);
                Array.Resize(ref _sums, ordinal * 2 * Dimensions);
            }
        }

        _slotSession[slot] = ordinal;
        _counts[ordinal]++;
        var sum = _sums.AsSpan(ordinal * Dimensions, Dimensions);
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += vector[i];
        }
    }

    /// <summary>Takes the slot's current vector out of its session's sum (before a replacement or a removal).</summary>
    internal void Subtract(int slot, ReadOnlySpan<float> vector)
    {
        var ordinal = _slotSession[slot];
        var sum = _sums.AsSpan(ordinal * Dimensions, Dimensions);
        if (--_counts[ordinal] == 0)
        {
            sum.Clear();
            return;
        }

        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] -= vector[i];
        }
    }

    internal void Move(int from, int to) => _slotSession[to] = _slotSession[from];

    internal void Resize(int capacity) => Array.Resize(ref _slotSession, capacity);

    private void CheckOrdinal(int ordinal)
    {
        if ((uint)ordinal >= (uint)_names.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The session number must be between 0 and {_names.Count - 1}.");
        }
    }
}
