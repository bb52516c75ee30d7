namespace MemDsl.Runtime;

/// <summary>
/// What a <see cref="StoreKind.Notes"/> store keeps beyond its records (A-MEM, Xu et al., 2025): each
/// record is a note with keywords (its first distinct content words), tags (the names it mentions,
/// <see cref="EntityNames"/>, plus what its neighbours' evolution added) and links. A new note links to
/// its <see cref="Links"/> nearest notes by cosine, both ways, and <b>evolves</b> them: each linked
/// neighbour takes the new note's tags and keywords as tags (up to <see cref="MaxEvolvedTags"/> added
/// per note), and its text index entry is rewritten as its text followed by its tags, so the neighbour
/// is then found by words only the new note used. The store keeps it current on every write,
/// replacement and removal; callers hold the store's lock.
/// </summary>
public sealed class NoteIndex
{
    /// <summary>Most content words a note keeps as keywords.</summary>
    public const int MaxKeywords = 5;

    /// <summary>Most tags evolution adds to one note (its own names do not count).</summary>
    public const int MaxEvolvedTags = 12;

    private const int MinKeywordLength = 4;

    private readonly Dictionary<long, Note> _notes = [];
    private readonly List<string> _scratch = [];

    internal NoteIndex(int links)
    {
        Links = links;
    }

    /// <summary>How many nearest notes a new note links to.</summary>
    public int Links { get; }

    /// <summary>The note's keywords, in the order they appear in its text; empty for an unknown id.</summary>
    public IReadOnlyList<string> KeywordsOf(long id) => _notes.TryGetValue(id, out var note) ? note.Keywords : [];

    /// <summary>The note's tags: its own names first, then those evolution added; empty for an unknown id.</summary>
    public IReadOnlyList<string> TagsOf(long id) => _notes.TryGetValue(id, out var note) ? note.Tags : [];

    /// <summary>The ids of the notes linked to this one, in the order the links were made; empty for an unknown id.</summary>
    public IReadOnlyList<long> LinksOf(long id) => _notes.TryGetValue(id, out var note) ? note.Linked : [];

    /// <summary>Builds the note of a record just stored in <paramref name="slot"/>, links it and evolves its neighbours.</summary>
    internal void OnUpsert(MemoryStore store, int slot, MemoryRecord record, ReadOnlySpan<float> vector)
    {
        // A rewritten record is a new note: its old links go (what it taught its neighbours stays).
        OnRemove(record.Id);

        var note = new Note(Keywords(record.Text), Names(record.Text));
        _notes[record.Id] = note;
        if (store.Count < 2)
        {
            return;
        }

        var k = Math.Min(Links, store.Count - 1);
        var buffer = ArrayPool<TopKHeap.Entry>.Shared.Rent(k);
        var rows = ArrayPool<ScoredRow>.Shared.Rent(k);
        try
        {
            var heap = new TopKHeap(buffer.AsSpan(0, k));
            var ids = store.Ids;
            for (var other = 0; other < store.Count; other++)
            {
                if (other != slot)
                {
                    heap.Offer(System.Numerics.Tensors.TensorPrimitives.Dot(store.GetVector(other), vector), ids[other], other);
                }
            }

            var found = heap.DrainTo(rows.AsSpan(0, k));
            for (var i = 0; i < found; i++)
            {
                var neighbourId = rows[i].Id;
                var neighbour = _notes[neighbourId];
                note.Linked.Add(neighbourId);
                neighbour.Linked.Add(record.Id);
                if (Evolve(neighbour, note))
                {
                    store.Text?.Add(neighbourId, Document(store.GetRecord(rows[i].Row).Text, neighbour));
                }
            }
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(rows);
            ArrayPool<TopKHeap.Entry>.Shared.Return(buffer);
        }
    }

    internal void OnRemove(long id)
    {
        if (!_notes.Remove(id, out var note))
        {
            return;
        }

        foreach (var linked in note.Linked)
        {
            if (_notes.TryGetValue(linked, out var neighbour))
            {
                neighbour.Linked.Remove(id);
            }
        }
    }

    /// <summary>The neighbour takes the new note's tags and keywords it lacks, up to the cap; true if it changed.</summary>
    private static bool Evolve(Note neighbour, Note newcomer)
    {
        var changed = false;
        foreach (var tag in newcomer.Tags)
        {
            changed |= AddTag(neighbour, tag);
        }

        foreach (var keyword in newcomer.Keywords)
        {
            changed |= AddTag(neighbour, keyword);
        }

        return changed;
    }

    private static bool AddTag(Note note, string tag)
    {
        if (note.Evolved >= MaxEvolvedTags || Contains(note.Tags, tag) || Contains(note.Keywords, tag))
        {
            return false;
        }

        note.Tags.Add(tag);
        note.Evolved++;
        return true;
    }

    private static string Document(string text, Note note) => note.Tags.Count == 0 ? text : text + "\n" + string.Join(' ', note.Tags);

    private static bool Contains(IReadOnlyList<string> words, string word)
    {
        foreach (var known in words)
        {
            if (string.Equals(known, word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private string[] Keywords(string text)
    {
        _scratch.Clear();
        TextTokenizer.Tokenize(text, _scratch);
        var keywords = new List<string>(MaxKeywords);
        foreach (var token in _scratch)
        {
            if (keywords.Count == MaxKeywords)
            {
                break;
            }

            if (token.Length >= MinKeywordLength && !char.IsAsciiDigit(token[0]) && !FactSubjects.IsCommonWordForNotes(token) && !keywords.Contains(token))
            {
                keywords.Add(token);
            }
        }

        return [.. keywords];
    }

    private List<string> Names(string text)
    {
        _scratch.Clear();
        EntityNames.Extract(text, _scratch);
        return [.. _scratch];
    }

    private sealed class Note(string[] keywords, List<string> tags)
    {
        public string[] Keywords { get; } = keywords;

        public List<string> Tags { get; } = tags;

        public List<long> Linked { get; } = [];

        public int Evolved { get; set; }
    }
}
