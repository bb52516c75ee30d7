namespace MemDsl.Runtime;

/// <summary>
/// The in-memory store as a structure of arrays: all vectors in one contiguous float array
/// (<c>slot * Dimensions</c>), records and last-access ticks in parallel arrays, dense slots (a
/// removal moves the last slot into the hole), an id→slot map and a key→id map. Ids are assigned
/// 0, 1, 2, … and never reused. The store does not lock: callers hold <see cref="SyncRoot"/>.
/// </summary>
/// <remarks>
/// A durable store (<see cref="OpenDurable"/>) also writes every change to a SQLite file: each
/// <see cref="Upsert"/> and <see cref="Remove"/> goes to the file first (inside one transaction per
/// <see cref="Commit"/>) and to memory only once the file accepted it, and <see cref="Commit"/> returns
/// once the transaction is fsynced. Callers call <see cref="Commit"/> at the end of each logical write
/// (a write and the evictions it caused), still holding the lock, so readers only ever see committed
/// state. <see cref="Touch"/> ticks are persisted with the next commit (or on <see cref="Dispose"/>).
/// If the file rejects a change the store is faulted: reads go on, writes throw
/// <see cref="DurableStoreException"/>.
/// </remarks>
public sealed class MemoryStore : IDisposable
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
    private readonly SqliteStoreFile? _file;
    private readonly HashSet<long>? _touched;
    private long _committedNextId;
    private readonly string? _openingPath;
    private readonly ItemStatistics? _stats;
    private readonly SessionSummaries? _summaries;
    private readonly EntityGraph? _entities;
    private readonly NoteIndex? _notes;
    private Int8Rows? _quantized;

    // Built on the first neighbour lookup, then kept current: a declaration without a context stage never pays for it.
    private SessionTimeline? _timeline;

    /// <summary>Creates an empty store.</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text.</param>
    /// <param name="trackStatistics">Whether to keep a time index and per-record statistics (<see cref="StoreKind.Tracked"/>).</param>
    /// <param name="quantization">Whether to keep an int8 copy of the vectors in step with every write (<see cref="Quantized"/>).</param>
    public MemoryStore(int dimensions, bool indexText, bool trackStatistics = false, QuantizationKind quantization = QuantizationKind.None)
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
        _stats = trackStatistics ? new ItemStatistics(InitialCapacity) : null;
        _quantized = quantization == QuantizationKind.Int8 ? Int8Rows.ForStore([], dimensions, InitialCapacity) : null;
    }

    /// <summary>Creates an empty store that may also keep a summary key per session.</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text.</param>
    /// <param name="trackStatistics">Whether to keep a time index and per-record statistics (<see cref="StoreKind.Tracked"/>).</param>
    /// <param name="summarizeSessions">Whether to keep each session's mean vector (<see cref="StoreKind.Hierarchical"/>).</param>
    public MemoryStore(int dimensions, bool indexText, bool trackStatistics, bool summarizeSessions)
        : this(dimensions, indexText, trackStatistics)
    {
        _summaries = summarizeSessions ? new SessionSummaries(dimensions, InitialCapacity) : null;
    }

    /// <summary>Creates an empty store that also keeps an entity graph over its records (<see cref="StoreKind.Graph"/>).</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text.</param>
    /// <param name="trackStatistics">Whether to keep a time index and per-record statistics.</param>
    /// <param name="summarizeSessions">Whether to keep each session's mean vector.</param>
    /// <param name="linkEntities">Whether to keep the records' entities and the records naming each entity.</param>
    public MemoryStore(int dimensions, bool indexText, bool trackStatistics, bool summarizeSessions, bool linkEntities)
        : this(dimensions, indexText, trackStatistics, summarizeSessions)
    {
        _entities = linkEntities ? new EntityGraph() : null;
    }

    /// <summary>Creates an empty store whose records are linked notes (<see cref="StoreKind.Notes"/>).</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text (evolved tags are indexed with it).</param>
    /// <param name="trackStatistics">Whether to keep a time index and per-record statistics.</param>
    /// <param name="summarizeSessions">Whether to keep each session's mean vector.</param>
    /// <param name="linkEntities">Whether to keep an entity graph.</param>
    /// <param name="noteLinks">How many nearest notes a new note links to and evolves, at least 1.</param>
    public MemoryStore(int dimensions, bool indexText, bool trackStatistics, bool summarizeSessions, bool linkEntities, int noteLinks)
        : this(dimensions, indexText, trackStatistics, summarizeSessions, linkEntities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(noteLinks, 1);
        _notes = new NoteIndex(noteLinks);
    }

    private MemoryStore(int dimensions, bool indexText, string path, string embedder, QuantizationKind quantization)
        : this(dimensions, indexText)
    {
        _touched = [];
        _openingPath = path;
        _file = SqliteStoreFile.Open(path, embedder, dimensions, Restore);
        _nextId = _committedNextId = _file.StoredNextId;

        // The file holds float32 vectors only: the int8 copy is rebuilt from them, once, after the restore.
        _quantized = quantization == QuantizationKind.Int8 ? Int8Rows.ForStore(Vectors, dimensions, _records.Length) : null;
    }

    /// <summary>
    /// Opens (or creates) the durable store in <paramref name="path"/> and rebuilds the in-memory
    /// vectors, maps and BM25 index from it.
    /// </summary>
    /// <param name="path">The SQLite file; created when missing.</param>
    /// <param name="dimensions">Vector length; must match the file's.</param>
    /// <param name="indexText">Whether to keep a BM25 index of the record text.</param>
    /// <param name="embedder">The embedder's id (the declaration's embedder kind); must match the file's.</param>
    /// <param name="quantization">Whether to keep an int8 copy of the vectors (rebuilt from the file's vectors on open).</param>
    /// <exception cref="DurableStoreException">The file is damaged, newer, locked, or of another embedder or dimension; it is not modified.</exception>
    public static MemoryStore OpenDurable(string path, int dimensions, bool indexText, string embedder, QuantizationKind quantization = QuantizationKind.None)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(embedder);
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be at least 1.");
        }

        return new MemoryStore(dimensions, indexText, Path.GetFullPath(path), embedder, quantization);
    }

    /// <summary>
    /// Opens the store a declaration asks for: in memory for <see cref="PersistenceKind.None"/>, or the
    /// durable store in <paramref name="storage"/>'s file for <see cref="PersistenceKind.Sqlite"/>.
    /// The generated pipeline and the interpreted one both call this.
    /// </summary>
    /// <exception cref="ArgumentException">A durable declaration without a path.</exception>
    public static MemoryStore Open(PersistenceKind persistence, MemoryStorageOptions? storage, int dimensions, bool indexText, string embedder, string architectureName, QuantizationKind quantization = QuantizationKind.None) =>
        persistence == PersistenceKind.Sqlite
            ? OpenDurable(MemoryStorageOptions.ResolvePath(storage, architectureName), dimensions, indexText, embedder, quantization)
            : new MemoryStore(dimensions, indexText, quantization: quantization);

    /// <summary>
    /// Opens the store a declaration's store kind describes: text index and statistics as the kind's
    /// catalog capabilities say, durable when <paramref name="persistence"/> asks for it.
    /// </summary>
    public static MemoryStore Open(StoreKind kind, PersistenceKind persistence, MemoryStorageOptions? storage, int dimensions, string embedder, string architectureName, QuantizationKind quantization = QuantizationKind.None)
    {
        var provides = MemDsl.Model.MemoryCatalog.Store.FindKind(kind.ToString())?.Provides
            ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a store kind of the catalog.");
        var indexText = (provides & MemDsl.Model.Capabilities.IndexedText) != 0;
        if ((provides & MemDsl.Model.Capabilities.LinkedNotes) != 0)
        {
            throw new ArgumentException("A Notes store needs its Links parameter: create it with the constructor that takes noteLinks.", nameof(kind));
        }

        if ((provides & MemDsl.Model.Capabilities.EntityGraph) != 0)
        {
            return new MemoryStore(
                dimensions,
                indexText,
                (provides & MemDsl.Model.Capabilities.ItemStats) != 0,
                (provides & MemDsl.Model.Capabilities.SessionSummaries) != 0,
                linkEntities: true);
        }

        if ((provides & MemDsl.Model.Capabilities.SessionSummaries) != 0)
        {
            return new MemoryStore(dimensions, indexText, (provides & MemDsl.Model.Capabilities.ItemStats) != 0, summarizeSessions: true);
        }

        return (provides & MemDsl.Model.Capabilities.ItemStats) != 0
            ? new MemoryStore(dimensions, indexText, trackStatistics: true, quantization)
            : Open(persistence, storage, dimensions, indexText, embedder, architectureName, quantization);
    }

    /// <summary>True when every write also goes to a SQLite file.</summary>
    public bool IsDurable => _file is not null;

    /// <summary>The SQLite file of a durable store, else null.</summary>
    public string? FilePath => _file?.FilePath;

    /// <summary>Vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Records stored.</summary>
    public int Count => _count;

    /// <summary>The lock callers hold around every access; the store itself never locks.</summary>
    public Lock SyncRoot { get; } = new();

    /// <summary>The BM25 index of record text, or null when the store was created without one.</summary>
    public Bm25Index? Text { get; }

    /// <summary>The time index and per-record statistics, or null when the store does not track them.</summary>
    public ItemStatistics? Statistics => _stats;

    /// <summary>Each session's summary key (mean vector), or null when the store does not keep them.</summary>
    public SessionSummaries? Summaries => _summaries;

    /// <summary>The entity graph over the records, or null when the store does not keep one.</summary>
    public EntityGraph? Entities => _entities;

    /// <summary>The notes (keywords, tags, links) of the records, or null when the store does not keep them.</summary>
    public NoteIndex? Notes => _notes;

    /// <summary>
    /// The int8 copy of <see cref="Vectors"/>, row for row, that a store declared with
    /// <see cref="QuantizationKind.Int8"/> keeps in step with every write (else null); valid until the next write.
    /// </summary>
    public Int8Rows? Quantized => _quantized;

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

        InputLimits.CheckVector(vector, Dimensions, nameof(vector));

        var known = _idByKey.TryGetValue(record.Key, out var id);
        if (!known)
        {
            id = _nextId;
        }

        var stored = new MemoryRecord(id, record.Key, record.Text, record.Timestamp, record.Session ?? string.Empty, record.SourceTurnIds);

        // The file first: if it refuses, memory is unchanged.
        _file?.Upsert(stored, vector, _tick + 1);

        int slot;
        if (known)
        {
            slot = _slotById[id];
            _timeline?.Remove(_records[slot]);
            _summaries?.Subtract(slot, _vectors.AsSpan(slot * Dimensions, Dimensions));
        }
        else
        {
            EnsureCapacity(_count + 1);
            _nextId++;
            slot = _count++;
            _idByKey.Add(record.Key, id);
            _slotById.Add(id, slot);
        }

        _records[slot] = stored;
        _ids[slot] = id;
        vector.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
        _quantized?.Set(slot, vector, Vectors);
        _lastAccess[slot] = ++_tick;
        Text?.Add(id, record.Text);
        _stats?.OnUpsert(slot, known, stored);
        _summaries?.Add(slot, stored.Session, vector);
        _entities?.Remove(id);
        _entities?.Add(stored);
        _notes?.OnUpsert(this, slot, stored, vector);
        _timeline?.Add(stored);
        return stored;
    }

    /// <summary>Removes a record by id; the last slot moves into its place. False if the id is unknown.</summary>
    public bool Remove(long id)
    {
        if (!_slotById.ContainsKey(id))
        {
            return false;
        }

        _file?.Delete(id);
        _slotById.Remove(id, out var slot);
        _touched?.Remove(id);

        _idByKey.Remove(_records[slot].Key);
        _timeline?.Remove(_records[slot]);
        Text?.Remove(id);
        _summaries?.Subtract(slot, _vectors.AsSpan(slot * Dimensions, Dimensions));
        _entities?.Remove(id);
        _notes?.OnRemove(id);
        var last = _count - 1;
        if (slot != last)
        {
            var moved = _records[last];
            _records[slot] = moved;
            _lastAccess[slot] = _lastAccess[last];
            _ids[slot] = _ids[last];
            _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
            _quantized?.Move(last, slot);
            _stats?.Move(last, slot);
            _summaries?.Move(last, slot);
            _slotById[moved.Id] = slot;
        }

        _records[last] = null!;
        _count = last;
        _quantized?.Truncate(last);
        return true;
    }

    /// <summary>The slot holding <paramref name="id"/>, if stored. Slots change when records are removed.</summary>
    public bool TryGetSlot(long id, out int slot) => _slotById.TryGetValue(id, out slot);

    /// <summary>
    /// The records of <paramref name="id"/>'s session written just before and just after it (by
    /// timestamp, ties by id): up to <paramref name="perSide"/> ids before it, oldest first, then up to
    /// <paramref name="perSide"/> after it, nearest first, written to <paramref name="destination"/>
    /// (at least 2 * <paramref name="perSide"/> long). (0, 0) for an unknown id. The first call builds a
    /// per-session index in O(n log n); later writes keep it current.
    /// </summary>
    public (int Before, int After) FindSessionNeighbours(long id, int perSide, Span<long> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSide);
        if (destination.Length < 2 * perSide)
        {
            throw new ArgumentException($"The destination must hold at least {2 * perSide} ids.", nameof(destination));
        }

        if (perSide == 0 || !_slotById.TryGetValue(id, out var slot))
        {
            return (0, 0);
        }

        if (_timeline is null)
        {
            _timeline = new SessionTimeline();
            for (var i = 0; i < _count; i++)
            {
                _timeline.Add(_records[i]);
            }
        }

        return _timeline.Neighbours(_records[slot], perSide, destination);
    }

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
        _touched?.Add(_records[slot].Id);
    }

    /// <summary>
    /// Makes every change since the last commit durable (one SQLite transaction, fsynced), including
    /// pending <see cref="Touch"/> ticks. A no-op for an in-memory store. Call it holding the lock.
    /// </summary>
    /// <exception cref="DurableStoreException">The file refused the commit; the store is faulted.</exception>
    public void Commit()
    {
        if (_file is null)
        {
            return;
        }

        if (_touched!.Count > 0)
        {
            foreach (var id in _touched)
            {
                if (_slotById.TryGetValue(id, out var slot))
                {
                    _file.Touch(id, _lastAccess[slot]);
                }
            }

            _touched.Clear();
        }

        if (_nextId != _committedNextId)
        {
            _file.SetNextId(_nextId);
        }

        _file.Commit();
        _committedNextId = _nextId;
    }

    /// <summary>Commits pending ticks (best effort) and closes the file of a durable store; a no-op in memory.</summary>
    public void Dispose()
    {
        if (_file is null)
        {
            return;
        }

        lock (SyncRoot)
        {
            try
            {
                if (!_file.IsFaulted)
                {
                    Commit();
                }
            }
            catch (DurableStoreException)
            {
                // Only access ticks can be pending here; every write was committed when it returned.
            }
            finally
            {
                _file.Dispose();
            }
        }
    }

    /// <summary>The tick of the slot's last write or <see cref="Touch"/>.</summary>
    public long GetLastAccess(int slot)
    {
        CheckSlot(slot);
        return _lastAccess[slot];
    }

    private void Restore(MemoryRecord record, ReadOnlySpan<float> vector, long lastAccess)
    {
        if (!_idByKey.TryAdd(record.Key, record.Id) || !_slotById.TryAdd(record.Id, _count))
        {
            throw new DurableStoreException($"The store file '{_openingPath}' is damaged: record {record.Id} repeats a key or id.", _openingPath ?? string.Empty, record.Id);
        }

        EnsureCapacity(_count + 1);
        var slot = _count++;
        _records[slot] = record;
        vector.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
        _lastAccess[slot] = lastAccess;
        _tick = Math.Max(_tick, lastAccess);
        Text?.Add(record.Id, record.Text);
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
        _stats?.Resize(capacity);
        _summaries?.Resize(capacity);
    }
}
