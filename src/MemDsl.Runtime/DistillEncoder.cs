namespace MemDsl.Runtime;

/// <summary>
/// ReasoningBank's encoder, LLM-free: each experience — a session, or each run of <c>span</c> turns of
/// a session — keeps its <c>items</c> most salient turns as strategy items
/// (<see cref="ExtractiveDistiller.DistillTurn"/>), one record each, keyed <c>distill:{turn id}</c>.
/// A write whose turn is small talk, or less salient than every item of a full experience, stores
/// nothing; a more salient one displaces the experience's weakest item (ties: the later one goes), so
/// an experience always holds what <see cref="ExtractiveDistiller.Distill"/> would keep from its turns
/// so far. <see cref="Encode"/> decides and <see cref="SkipOrDisplace"/> (the first write check) carries
/// the decision out on the store. Stateful and not thread-safe: the pipeline serializes writes.
/// </summary>
public sealed class DistillEncoder
{
    /// <summary>The prefix of every item record key.</summary>
    public const string KeyPrefix = "distill:";

    private readonly int _items;
    private readonly int _span;
    private readonly Dictionary<string, SessionState> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Kept>> _experiences = new(StringComparer.Ordinal);

    // Decisions of encoded records not yet applied (a batch encodes every turn before applying any):
    // null = store nothing, else the key of the item to remove first ("" = none).
    private readonly Dictionary<string, string?> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates a distilling encoder.</summary>
    /// <param name="items">Most items per experience, at least 1.</param>
    /// <param name="unit">What one experience is.</param>
    /// <param name="span">Turns per experience for <see cref="ExperienceUnit.Window"/>, at least 1; ignored for a session.</param>
    public DistillEncoder(int items, ExperienceUnit unit, int span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        if (unit == ExperienceUnit.Window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        }

        _items = items;
        _span = unit == ExperienceUnit.Window ? span : 0;
    }

    /// <summary>Encodes one turn whose formatted text is <paramref name="line"/>: the turn's item, which <see cref="SkipOrDisplace"/> then keeps or drops.</summary>
    public EncodedRecord Encode(in Turn turn, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var session = turn.Session ?? string.Empty;
        if (!_sessions.TryGetValue(session, out var state))
        {
            state = new SessionState();
            _sessions.Add(session, state);
        }

        // The speaker or date prefix stays in front of the content; an [EncodeWith] line is distilled whole.
        var text = turn.Text ?? string.Empty;
        var (header, body) = line.Length >= text.Length && line.EndsWith(text, StringComparison.Ordinal)
            ? (line[..^text.Length], text)
            : (string.Empty, line);
        var experience = _span == 0 ? session : session + "#" + (state.Turns / _span).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var previous = state.Turns == 0 || (_span > 0 && state.Turns % _span == 0) ? null : state.PreviousText;
        var previousId = state.PreviousId;
        state.Turns++;
        state.PreviousText = body;
        state.PreviousId = turn.Id;

        var key = KeyPrefix + turn.Id;
        var item = ExtractiveDistiller.DistillTurn(body, previous, header);
        if (item is null)
        {
            _pending[key] = null;
            return new EncodedRecord(key, line, turn.Timestamp, session, [turn.Id]);
        }

        if (!_experiences.TryGetValue(experience, out var kept))
        {
            kept = new List<Kept>(_items);
            _experiences.Add(experience, kept);
        }

        var displaced = string.Empty;
        if (kept.Count < _items)
        {
            kept.Add(new Kept(key, item.Salience));
        }
        else
        {
            // The weakest kept item, the latest among equals (an earlier turn wins a tie).
            var weakest = 0;
            for (var i = 1; i < kept.Count; i++)
            {
                if (kept[i].Salience <= kept[weakest].Salience)
                {
                    weakest = i;
                }
            }

            if (item.Salience <= kept[weakest].Salience)
            {
                _pending[key] = null;
                return new EncodedRecord(key, line, turn.Timestamp, session, [turn.Id]);
            }

            displaced = kept[weakest].Key;
            kept.RemoveAt(weakest);
            kept.Add(new Kept(key, item.Salience));
        }

        _pending[key] = displaced;
        string[] sources = item.Description.Length > 0 && previousId is not null ? [previousId, turn.Id] : [turn.Id];
        return new EncodedRecord(key, item.ToText(), turn.Timestamp, session, sources);
    }

    /// <summary>
    /// The write check of a distilled record: true (store nothing) for a turn that gave no item or did not
    /// make its experience's items; otherwise removes the item it displaces, if any, and returns false.
    /// The caller holds the store's lock.
    /// </summary>
    public bool SkipOrDisplace(MemoryStore store, in EncodedRecord encoded)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!_pending.Remove(encoded.Key, out var displaced))
        {
            return false; // Not one of this encoder's decisions: write it.
        }

        if (displaced is null)
        {
            return true;
        }

        if (displaced.Length > 0 && store.TryGetId(displaced, out var id))
        {
            store.Remove(id);
        }

        return false;
    }

    private readonly record struct Kept(string Key, float Salience);

    private sealed class SessionState
    {
        public int Turns;
        public string? PreviousText;
        public string? PreviousId;
    }
}
