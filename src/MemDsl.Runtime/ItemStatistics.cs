namespace MemDsl.Runtime;

/// <summary>
/// What a <see cref="StoreKind.Tracked"/> store knows about each record beyond its text and vector,
/// kept as parallel arrays indexed by the store's slots: the record's time (UTC ticks, the time index),
/// how often it was retrieved and rewarded, its learned utility, its importance (rated when written)
/// and when it was last retrieved. The store moves entries with its slots; callers hold the store's lock.
/// </summary>
public sealed class ItemStatistics
{
    private long[] _timeTicks;
    private long[] _lastUsedTicks;
    private int[] _uses;
    private int[] _successes;
    private float[] _utility;
    private float[] _importance;

    internal ItemStatistics(int capacity)
    {
        _timeTicks = new long[capacity];
        _lastUsedTicks = new long[capacity];
        _uses = new int[capacity];
        _successes = new int[capacity];
        _utility = new float[capacity];
        _importance = new float[capacity];
    }

    /// <summary>Each slot's record time as UTC ticks, parallel to <see cref="MemoryStore.Ids"/> (the first <c>Count</c> entries are valid).</summary>
    public ReadOnlySpan<long> TimeTicks => _timeTicks;

    /// <summary>Each slot's last retrieval (or write, before any) as UTC ticks.</summary>
    public ReadOnlySpan<long> LastUsedTicks => _lastUsedTicks;

    /// <summary>Each slot's learned utility (0 until feedback arrives).</summary>
    public ReadOnlySpan<float> Utility => _utility;

    /// <summary>Each slot's importance in [0, 1], rated by <see cref="ImportanceHeuristic"/> when written.</summary>
    public ReadOnlySpan<float> Importance => _importance;

    /// <summary>How many times the slot's record was among a query's hits.</summary>
    public int GetUses(int slot) => _uses[slot];

    /// <summary>How many positive rewards the slot's record received.</summary>
    public int GetSuccesses(int slot) => _successes[slot];

    /// <summary>
    /// Counts one use of every hit's record and sets its last use to <paramref name="at"/> (never
    /// earlier than it was). Hits whose record was removed meanwhile are skipped.
    /// </summary>
    public void RecordUses(MemoryStore store, ReadOnlySpan<MemoryHit> hits, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ticks = at.UtcTicks;
        foreach (var hit in hits)
        {
            if (store.TryGetSlot(hit.Record.Id, out var slot))
            {
                _uses[slot]++;
                _lastUsedTicks[slot] = Math.Max(_lastUsedTicks[slot], ticks);
            }
        }
    }

    /// <summary>Counts a success when <paramref name="reward"/> is positive. False when the record is gone.</summary>
    public bool RecordReward(MemoryStore store, long id, float reward)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.TryGetSlot(id, out var slot))
        {
            return false;
        }

        if (reward > 0f)
        {
            _successes[slot]++;
        }

        return true;
    }

    /// <summary>Moves the record's utility toward <paramref name="reward"/>: <c>u += rate * (reward - u)</c>. False when the record is gone.</summary>
    public bool LearnUtility(MemoryStore store, long id, float reward, float rate)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.TryGetSlot(id, out var slot))
        {
            return false;
        }

        _utility[slot] += rate * (reward - _utility[slot]);
        return true;
    }

    internal void OnUpsert(int slot, bool known, MemoryRecord record)
    {
        var ticks = record.Timestamp.UtcTicks;
        _timeTicks[slot] = ticks;
        _importance[slot] = ImportanceHeuristic.Score(record.Text);
        if (known)
        {
            // A growing record (a session, a window) keeps what it learned.
            _lastUsedTicks[slot] = Math.Max(_lastUsedTicks[slot], ticks);
            return;
        }

        _lastUsedTicks[slot] = ticks;
        _uses[slot] = 0;
        _successes[slot] = 0;
        _utility[slot] = 0f;
    }

    internal void Move(int from, int to)
    {
        _timeTicks[to] = _timeTicks[from];
        _lastUsedTicks[to] = _lastUsedTicks[from];
        _uses[to] = _uses[from];
        _successes[to] = _successes[from];
        _utility[to] = _utility[from];
        _importance[to] = _importance[from];
    }

    internal void Resize(int capacity)
    {
        Array.Resize(ref _timeTicks, capacity);
        Array.Resize(ref _lastUsedTicks, capacity);
        Array.Resize(ref _uses, capacity);
        Array.Resize(ref _successes, capacity);
        Array.Resize(ref _utility, capacity);
        Array.Resize(ref _importance, capacity);
    }
}
