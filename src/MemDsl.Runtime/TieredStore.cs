namespace MemDsl.Runtime;

/// <summary>
/// Letta/MemGPT's memory tiers (<see cref="StoreKind.Tiered"/>). The pipeline's own store is the
/// history: it holds every record, and managers, feedback and the context stage act on it. This type
/// owns three tiers of copies (same key, text and vector; ids of their own):
/// <list type="bullet">
/// <item><see cref="Core"/>: the core block, the most important records (<see cref="RuleCoreBlockWriter"/>)
/// whose texts hold at most <see cref="CoreTokens"/> tokens (<see cref="ContextTokens"/>) together;
/// rewritten by <see cref="SleepTime"/>, always first in a query's hits;</item>
/// <item><see cref="Recall"/>: records not yet moved; every write lands here;</item>
/// <item><see cref="Archival"/>: older records, moved from recall by <see cref="SleepTime"/> once recall
/// holds more than <see cref="RecallSize"/>.</item>
/// </list>
/// A hit is always the history's record with its key: a copy whose record the history no longer holds
/// is never returned and leaves at the next <see cref="SleepTime"/>. Callers hold the history's lock
/// around every call (it guards the tiers too).
/// </summary>
public sealed class TieredStore
{
    // Each history record's importance with the text it was rated on, so a rewrite rates only new or changed records.
    private readonly Dictionary<long, (string Text, float Importance)> _importance = [];

    /// <summary>Creates the empty tiers (vectors and a BM25 index each, in memory).</summary>
    /// <param name="dimensions">Vector length, at least 1.</param>
    /// <param name="coreTokens">Most tokens the core block holds, 0 to 10 000.</param>
    /// <param name="recallSize">Most records recall keeps after sleep-time manage, 1 to 100 000.</param>
    public TieredStore(int dimensions, int coreTokens, int recallSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        CoreTokens = StoreArguments.CheckRange(coreTokens, 0, 10_000, nameof(coreTokens));
        RecallSize = StoreArguments.CheckRange(recallSize, 1, 100_000, nameof(recallSize));
        Core = new MemoryStore(dimensions, indexText: true);
        Recall = new MemoryStore(dimensions, indexText: true);
        Archival = new MemoryStore(dimensions, indexText: true);
    }

    /// <summary>The core block.</summary>
    public MemoryStore Core { get; }

    /// <summary>The recall tier: the records written since they were last moved.</summary>
    public MemoryStore Recall { get; }

    /// <summary>The archival tier: older records.</summary>
    public MemoryStore Archival { get; }

    /// <summary>Most tokens the core block holds.</summary>
    public int CoreTokens { get; }

    /// <summary>Most records recall keeps after sleep-time manage.</summary>
    public int RecallSize { get; }

    /// <summary>The tokens the core block holds now (at most <see cref="CoreTokens"/>).</summary>
    public int CoreBlockTokens
    {
        get
        {
            var tokens = 0;
            for (var slot = 0; slot < Core.Count; slot++)
            {
                tokens += ContextTokens.Count(Core.GetRecord(slot).Text);
            }

            return tokens;
        }
    }

    /// <summary>
    /// Stores <paramref name="record"/> in <paramref name="history"/> and its copy in recall — or in
    /// archival or the core block when they already hold its key (a growing window or session record is
    /// updated where it is).
    /// </summary>
    /// <returns>The history's record.</returns>
    public MemoryRecord Upsert(MemoryStore history, in EncodedRecord record, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(history);
        var stored = history.Upsert(record, vector);
        if (Archival.ContainsKey(record.Key))
        {
            Archival.Upsert(record, vector);
        }
        else
        {
            Recall.Upsert(record, vector);
        }

        if (Core.ContainsKey(record.Key))
        {
            // The block's budget holds: a record that grew beyond it leaves until the next rewrite.
            Core.Upsert(record, vector);
            if (CoreBlockTokens > CoreTokens && Core.TryGetId(record.Key, out var id))
            {
                Core.Remove(id);
            }
        }

        return stored;
    }

    /// <summary>
    /// Merges one query's hits: the core block's hits first (in the retriever's order), then the recall
    /// and archival hits ordered by score, ties by id (<see cref="HitOrdering"/>), at most
    /// <paramref name="topK"/> in all. Each hit becomes the history's record with its key (skipped when
    /// there is none or it is already taken) and keeps its own score.
    /// </summary>
    public MemoryHit[] Merge(MemoryStore history, int topK, MemoryHit[] coreHits, MemoryHit[] recallHits, MemoryHit[] archivalHits)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentNullException.ThrowIfNull(coreHits);
        ArgumentNullException.ThrowIfNull(recallHits);
        ArgumentNullException.ThrowIfNull(archivalHits);
        var all = new MemoryHit[coreHits.Length + recallHits.Length + archivalHits.Length];
        var count = Take(history, coreHits, all, 0);
        var firstTier = count;
        count = Take(history, recallHits, all, count);
        count = Take(history, archivalHits, all, count);

        // Recall and archival compete by score; the core block stays first.
        var tiers = all.AsSpan(firstTier, count - firstTier).ToArray();
        HitOrdering.Sort(tiers);
        var merged = new MemoryHit[Math.Min(count, topK)];
        all.AsSpan(0, Math.Min(firstTier, merged.Length)).CopyTo(merged);
        if (merged.Length > firstTier)
        {
            tiers.AsSpan(0, merged.Length - firstTier).CopyTo(merged.AsSpan(firstTier));
        }

        return merged;
    }

    /// <summary>
    /// Sleep-time manage: removes copies whose key the history no longer holds, moves the oldest recall
    /// records (by time, ties by id) to archival until recall holds at most <see cref="RecallSize"/>, and
    /// rewrites the core block from every history record with <see cref="RuleCoreBlockWriter"/>.
    /// </summary>
    /// <returns>How many records moved from recall to archival.</returns>
    public int SleepTime(MemoryStore history)
    {
        ArgumentNullException.ThrowIfNull(history);
        RemoveOrphans(history, Core);
        RemoveOrphans(history, Recall);
        RemoveOrphans(history, Archival);

        var moved = 0;
        var excess = Recall.Count - RecallSize;
        if (excess > 0)
        {
            var slots = new int[Recall.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = i;
            }

            Array.Sort(slots, (a, b) => IsOlder(Recall.GetRecord(a), Recall.GetRecord(b)) ? -1 : IsOlder(Recall.GetRecord(b), Recall.GetRecord(a)) ? 1 : 0);
            var ids = new long[excess];
            for (var i = 0; i < excess; i++)
            {
                ids[i] = Recall.GetRecord(slots[i]).Id;
            }

            foreach (var id in ids)
            {
                Recall.TryGetSlot(id, out var slot);
                Move(Recall, slot, Archival);
                moved++;
            }
        }

        RewriteCore(history);
        return moved;
    }

    private void RewriteCore(MemoryStore history)
    {
        var texts = new string[history.Count];
        var importance = new float[texts.Length];
        for (var slot = 0; slot < texts.Length; slot++)
        {
            var record = history.GetRecord(slot);
            texts[slot] = record.Text;
            if (!_importance.TryGetValue(record.Id, out var rated) || !ReferenceEquals(rated.Text, record.Text))
            {
                rated = (record.Text, ImportanceHeuristic.Score(record.Text));
                _importance[record.Id] = rated;
            }

            importance[slot] = rated.Importance;
        }

        if (_importance.Count > texts.Length)
        {
            // Ratings of records the history no longer holds.
            foreach (var id in _importance.Keys)
            {
                if (!history.TryGetSlot(id, out _))
                {
                    _importance.Remove(id);
                }
            }
        }

        var keep = RuleCoreBlockWriter.Select(texts, importance, CoreTokens);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in keep)
        {
            keys.Add(history.GetRecord(slot).Key);
        }

        for (var slot = Core.Count - 1; slot >= 0; slot--)
        {
            var record = Core.GetRecord(slot);
            if (!keys.Contains(record.Key))
            {
                Core.Remove(record.Id);
            }
        }

        // In block order: the most important first gets the lowest id among new entries.
        foreach (var slot in keep)
        {
            var record = history.GetRecord(slot);
            if (!Core.ContainsKey(record.Key))
            {
                Core.Upsert(ToEncoded(record), history.GetVector(slot));
            }
        }
    }

    private static bool IsOlder(MemoryRecord a, MemoryRecord b) =>
        a.Timestamp != b.Timestamp ? a.Timestamp < b.Timestamp : a.Id < b.Id;

    private static void Move(MemoryStore from, int slot, MemoryStore to)
    {
        var record = from.GetRecord(slot);
        to.Upsert(ToEncoded(record), from.GetVector(slot));
        from.Remove(record.Id);
    }

    private static EncodedRecord ToEncoded(MemoryRecord record)
    {
        var sources = new string[record.SourceTurnIds.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = record.SourceTurnIds[i];
        }

        return new EncodedRecord(record.Key, record.Text, record.Timestamp, record.Session, sources);
    }

    private static void RemoveOrphans(MemoryStore history, MemoryStore tier)
    {
        for (var slot = tier.Count - 1; slot >= 0; slot--)
        {
            var record = tier.GetRecord(slot);
            if (!history.ContainsKey(record.Key))
            {
                tier.Remove(record.Id);
            }
        }
    }

    private static int Take(MemoryStore history, MemoryHit[] hits, MemoryHit[] merged, int count)
    {
        for (var i = 0; i < hits.Length && count < merged.Length; i++)
        {
            if (!history.TryGetId(hits[i].Record.Key, out var id) || Contains(merged, count, id) || !history.TryGetSlot(id, out var slot))
            {
                continue;
            }

            merged[count++] = new MemoryHit(history.GetRecord(slot), hits[i].Score);
        }

        return count;
    }

    private static bool Contains(MemoryHit[] merged, int count, long id)
    {
        for (var i = 0; i < count; i++)
        {
            if (merged[i].Record.Id == id)
            {
                return true;
            }
        }

        return false;
    }
}
