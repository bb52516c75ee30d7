namespace MemDsl.Runtime;

/// <summary>
/// A-MEM's retrieval over linked notes: every note is scored <c>Alpha * cosine + (1 - Alpha) * bm25 /
/// maxBm25</c>, the BM25 part over the note's text and its evolved tags (<see cref="NoteIndex"/>), so a
/// note is found by words a later, linked note taught it. The <see cref="Seeds"/> best notes come
/// first, then the notes they link to (best score first, as many as ranks are left), then the next
/// best notes; the hits are ordered by their score (ties: lower id first).
/// </summary>
public sealed class NotesRetriever
{
    /// <summary>Creates a retriever.</summary>
    /// <param name="topK">Hits per query, at least 1.</param>
    /// <param name="seeds">Best notes whose links are followed, at least 1 (at most <paramref name="topK"/> are used).</param>
    /// <param name="alpha">Cosine weight, 0..1; BM25 gets the rest.</param>
    public NotesRetriever(int topK, int seeds, float alpha)
    {
        TopK = RetrieverArguments.CheckTopK(topK);
        Seeds = seeds >= 1 ? seeds : throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "Seeds must be at least 1.");
        Alpha = RetrieverArguments.CheckUnit(alpha, nameof(alpha));
    }

    /// <summary>Hits per query.</summary>
    public int TopK { get; }

    /// <summary>Best notes whose links are followed.</summary>
    public int Seeds { get; }

    /// <summary>Cosine weight.</summary>
    public float Alpha { get; }

    /// <summary>Seeds, their linked notes and the next best notes, <see cref="TopK"/> at most, ordered by score.</summary>
    /// <param name="store">A store of linked notes; the caller holds its lock.</param>
    /// <param name="queryVector">A normalized query vector of the store's dimension.</param>
    /// <param name="queryText">The query text.</param>
    public MemoryHit[] Retrieve(MemoryStore store, ReadOnlySpan<float> queryVector, string queryText)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queryText);
        RetrieverArguments.CheckQueryVector(store, queryVector);
        var text = RetrieverArguments.RequireText(store);
        var notes = store.Notes
            ?? throw new InvalidOperationException("Notes retrieval needs a store of linked notes (StoreKind.Notes).");
        var count = store.Count;
        var k = Math.Min(TopK, count);
        if (k == 0)
        {
            return [];
        }

        var seeds = Math.Min(Seeds, k);
        var scores = ArrayPool<float>.Shared.Rent(count);
        var buffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(k);
        try
        {
            var all = scores.AsSpan(0, count);
            HybridRetriever.ScoreAll(store, text, queryVector, queryText, Alpha, all);
            var heap = new TopKHeap(buffer.AsSpan(0, k));
            var ids = store.Ids;
            for (var slot = 0; slot < count; slot++)
            {
                heap.Offer(all[slot], ids[slot], slot);
            }

            var found = heap.DrainTo(rows.AsSpan(0, k));
            var chosen = new HashSet<long>();
            var hits = new MemoryHit[k];
            for (var i = 0; i < seeds; i++)
            {
                hits[i] = new MemoryHit(store.GetRecord(rows[i].Row), rows[i].Score);
                chosen.Add(rows[i].Id);
            }

            // The seeds' links, best score first.
            var linked = new TopKHeap(buffer.AsSpan(0, k - seeds));
            for (var i = 0; i < seeds; i++)
            {
                foreach (var id in notes.LinksOf(rows[i].Id))
                {
                    if (chosen.Add(id) && store.TryGetSlot(id, out var slot))
                    {
                        linked.Offer(all[slot], id, slot);
                    }
                }
            }

            var written = seeds;
            foreach (var hit in linked.DrainToHits(store))
            {
                hits[written++] = hit;
            }

            for (var i = seeds; i < found && written < k; i++)
            {
                if (chosen.Add(rows[i].Id))
                {
                    hits[written++] = new MemoryHit(store.GetRecord(rows[i].Row), rows[i].Score);
                }
            }

            var result = written == k ? hits : hits[..written];
            HitOrdering.Sort(result);
            return result;
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rows);
            ArrayPool<TopKHeap.Entry>.Shared.Return(buffer);
            ArrayPool<float>.Shared.Return(scores);
        }
    }
}
