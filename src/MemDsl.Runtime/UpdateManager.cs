using System.Numerics.Tensors;

namespace MemDsl.Runtime;

/// <summary>
/// Memory-R1's memory manager without an LLM: each incoming record is compared with the stored records
/// about the same subject (<see cref="FactSubjects.Subject"/>); those with cosine at least
/// <see cref="Similarity"/> state the same fact, and <see cref="RuleFactOperationChooser"/> picks the
/// operation — ADD (store it), UPDATE (store it, remove the old ones), DELETE (a retraction: remove
/// the old ones, store nothing) or NOOP (it says the same: store nothing). The caller holds the
/// store's lock.
/// </summary>
/// <remarks>
/// Subjects are remembered per record key for the records this manager saw written; a record restored
/// from a durable file has no known subject and is never matched.
/// </remarks>
public sealed class UpdateManager
{
    private readonly Dictionary<string, string> _subjectByKey = new(StringComparer.Ordinal);
    private readonly List<(long Id, string Key)> _matches = [];
    private readonly List<string> _matchTexts = [];

    /// <summary>Creates a manager.</summary>
    /// <param name="similarity">Cosine at or above which a same-subject record states the same fact, 0 to 1.</param>
    public UpdateManager(float similarity)
    {
        Similarity = RetrieverArguments.CheckUnit(similarity, nameof(similarity));
    }

    public float Similarity { get; }

    /// <summary>The operation chosen for the last record passed to <see cref="Apply"/>.</summary>
    public FactOperation LastOperation { get; private set; }

    /// <summary>
    /// Decides what the write of <paramref name="encoded"/> does and removes the records it replaces or
    /// retracts. Returns true when the record itself must not be stored (NOOP or DELETE).
    /// </summary>
    public bool Apply(MemoryStore store, ReadOnlySpan<float> vector, in EncodedRecord encoded, in Turn turn)
    {
        ArgumentNullException.ThrowIfNull(store);
        RetrieverArguments.CheckQueryVector(store, vector);
        var subject = FactSubjects.Subject(turn.Text, turn.Speaker);
        _matches.Clear();
        _matchTexts.Clear();
        var dimensions = store.Dimensions;
        var vectors = store.Vectors;
        for (var slot = 0; slot < store.Count; slot++)
        {
            var record = store.GetRecord(slot);
            if (string.Equals(record.Key, encoded.Key, StringComparison.Ordinal)
                || !_subjectByKey.TryGetValue(record.Key, out var stored)
                || !string.Equals(stored, subject, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), vector) >= Similarity)
            {
                _matches.Add((record.Id, record.Key));
                _matchTexts.Add(record.Text);
            }
        }

        LastOperation = RuleFactOperationChooser.Choose(encoded.Text, _matchTexts);
        if (LastOperation is FactOperation.Update or FactOperation.Delete)
        {
            foreach (var (id, key) in _matches)
            {
                store.Remove(id);
                _subjectByKey.Remove(key);
            }
        }

        if (LastOperation is FactOperation.Add or FactOperation.Update)
        {
            _subjectByKey[encoded.Key] = subject;
            return false;
        }

        return true;
    }

    /// <summary>Forgets the subjects of records other managers removed; removes nothing itself.</summary>
    public int Compact(MemoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (_subjectByKey.Count > store.Count)
        {
            List<string>? gone = null;
            foreach (var key in _subjectByKey.Keys)
            {
                if (!store.ContainsKey(key))
                {
                    (gone ??= []).Add(key);
                }
            }

            foreach (var key in gone ?? [])
            {
                _subjectByKey.Remove(key);
            }
        }

        return 0;
    }
}
