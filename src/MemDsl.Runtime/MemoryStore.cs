namespace MemDsl.Runtime;

/// <summary>
/// The in-memory store as a structure of arrays: all vectors in one contiguous float array
/// (<c>slot * Dimensions</c>), records and last-access ticks in parallel arrays, dense slots (a
/// removal moves the last slot into the hole), an id→slot map and a key→id map. Ids are assigned
/// 0, 1, 2, … and never reused. The store does not lock: callers hold <see cref="SyncRoot"/>.
/// </summary>
public sealed class MemoryStore
{
    private const int InitialCapacity = 16;

    private readonly Dictionary<long, int> _slotById = [];
    private readonly Dictionary<string, long> _idByKey = new(StringComparer.Ordinal);
    private float[] _vectors;
    private MemoryRecord[] _records;
    private long[] _lastAccess;
    private long[] _ids;
    private int _count;
    private long _nextId;
    private long _tick;

    /// <summary>Creates an empty store.</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text.</param>
    public MemoryStore(int dimensions, bool indexText)
    {
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be at least 1.");
        }

        Dimensions = dimensions;
        Text = indexText ? new Bm25Index() : null;
        _vectors = new float[InitialCapacity * dimensions];
        _records = new MemoryRecord[InitialCapacity];
        _lastAccess = new long[InitialCapacity];
        _ids = new long[InitialCapacity];
    }

    /// <summary>Vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Records stored.</summary>
    public int Count => _count;

    /// <summary>The lock callers hold around every access; the store itself never locks.</summary>
    public Lock SyncRoot { get; } = new();

    /// <summary>The BM25 index of record text, or null when the store was created without one.</summary>
    public Bm25Index? Text { get; }

    /// <summary>
    /// Stores a record: a new key gets the next id; a known key keeps its id and has its text,
    /// vector, timestamp and sources replaced. Also refreshes the record's last-access tick.
    /// </summary>
    /// <param name="record">The encoded record.</param>
    /// <param name="vector">Exactly <see cref="Dimensions"/> finite floats.</param>
    public MemoryRecord Upsert(in EncodedRecord record, ReadOnlySpan<float> vector)
    {
        if (record.Key is null || record.Text is null || record.SourceTurnIds is null)
        {
            throw new ArgumentException("The record's Key, Text and SourceTurnIds must not be null.", nameof(record));
        }

        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector must have exactly {Dimensions} elements; it has {vector.Length}.", nameof(vector));
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"The vector must be finite; element {i} is {vector[i]}.", nameof(vector));
            }
        }

        int slot;
        long id;
        if (_idByKey.TryGetValue(record.Key, out id))
        {
            slot = _slotById[id];
        }
        else
        {
            EnsureCapacity(_count + 1);
            id = _nextId++;
            slot = _count++;
            _idByKey.Add(record.Key, id);
            _slotById.Add(id, slot);
        }

        var stored = new MemoryRecord(id, record.Key, record.Text, record.Timestamp, record.Session ?? string.Empty, record.SourceTurnIds);
        _records[slot] = stored;
        _ids[slot] = id;
        vector.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
        _lastAccess[slot] = ++_tick;
        Text?.Add(id, record.Text);
        return stored;
    }

    /// <summary>Removes a record by id; the last slot moves into its place. False if the id is unknown.</summary>
    public bool Remove(long id)
    {
        if (!_slotById.Remove(id, out var slot))
        {
            return false;
        }

        _idByKey.Remove(_records[slot].Key);
        Text?.Remove(id);
        var last = _count - 1;
        if (slot != last)
        {
            var moved = _records[last];
            _records[slot] = moved;
            _lastAccess[slot] = _lastAccess[last];
            _ids[slot] = _ids[last];
            _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
            _slotById[moved.Id] = slot;
        }

        _records[last] = null!;
        _count = last;
        return true;
    }

    /// <summary>The slot holding <paramref name="id"/>, if stored. Slots change when records are removed.</summary>
    public bool TryGetSlot(long id, out int slot) => _slotById.TryGetValue(id, out slot);

    /// <summary>True if a record with this key is stored.</summary>
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _idByKey.ContainsKey(key);
    }

    /// <summary>The id of the record stored under <paramref name="key"/>, if any.</summary>
    public bool TryGetId(string key, out long id)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _idByKey.TryGetValue(key, out id);
    }

    /// <summary>The record in <paramref name="slot"/> (0 to <see cref="Count"/> - 1).</summary>
    public MemoryRecord GetRecord(int slot)
    {
        CheckSlot(slot);
        return _records[slot];
    }

    /// <summary>The vector in <paramref name="slot"/> (0 to <see cref="Count"/> - 1); valid until the next write.</summary>
    public ReadOnlySpan<float> GetVector(int slot)
    {
        CheckSlot(slot);
        return new ReadOnlySpan<float>(_vectors, slot * Dimensions, Dimensions);
    }

    /// <summary>All stored vectors, slot after slot (<see cref="Count"/> * <see cref="Dimensions"/> floats); valid until the next write.</summary>
    public ReadOnlySpan<float> Vectors => new(_vectors, 0, _count * Dimensions);

    /// <summary>The record id in each slot (<see cref="Count"/> entries), parallel to <see cref="Vectors"/>; valid until the next write.</summary>
    public ReadOnlySpan<long> Ids => new(_ids, 0, _count);

    /// <summary>Marks the slot as just retrieved (a monotonic tick), for LRU eviction.</summary>
    public void Touch(int slot)
    {
        CheckSlot(slot);
        _lastAccess[slot] = ++_tick;
    }

    /// <summary>The tick of the slot's last write or <see cref="Touch"/>.</summary>
    public long GetLastAccess(int slot)
    {
        CheckSlot(slot);
        return _lastAccess[slot];
    }

    private void CheckSlot(int slot)
    {
        if ((uint)slot >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"The slot must be between 0 and {_count - 1}.");
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _records.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, _records.Length * 2);
        Array.Resize(ref _records, capacity);
        Array.Resize(ref _lastAccess, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _vectors, checked(capacity * Dimensions));
    }
}
