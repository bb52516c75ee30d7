using System.Runtime.InteropServices;

namespace MemDsl.Runtime;

/// <summary>
/// Every session's record ids in time order (by timestamp, ties by id, so by write order within one
/// timestamp): what the context stage reads to find a hit's neighbours. Maintained by
/// <see cref="MemoryStore"/> on upsert and remove once it exists; records usually arrive in time
/// order, so an insert is an append and a lookup is a binary search.
/// </summary>
internal sealed class SessionTimeline
{
    private readonly Dictionary<string, List<Entry>> _bySession = new(StringComparer.Ordinal);

    public void Add(MemoryRecord record)
    {
        if (!_bySession.TryGetValue(record.Session, out var entries))
        {
            entries = [];
            _bySession.Add(record.Session, entries);
        }

        var entry = new Entry(record.Timestamp.UtcTicks, record.Id);
        var span = CollectionsMarshal.AsSpan(entries);
        if (span.Length == 0 || span[^1].CompareTo(entry) < 0)
        {
            entries.Add(entry);
            return;
        }

        var index = span.BinarySearch(entry);
        entries.Insert(index < 0 ? ~index : index, entry);
    }

    public void Remove(MemoryRecord record)
    {
        if (!_bySession.TryGetValue(record.Session, out var entries))
        {
            return;
        }

        var index = CollectionsMarshal.AsSpan(entries).BinarySearch(new Entry(record.Timestamp.UtcTicks, record.Id));
        if (index >= 0)
        {
            entries.RemoveAt(index);
            if (entries.Count == 0)
            {
                _bySession.Remove(record.Session);
            }
        }
    }

    /// <summary>
    /// Writes the ids of up to <paramref name="perSide"/> records before <paramref name="record"/> (oldest
    /// first), then up to <paramref name="perSide"/> after it (nearest first), into <paramref name="destination"/>.
    /// </summary>
    public (int Before, int After) Neighbours(MemoryRecord record, int perSide, Span<long> destination)
    {
        if (!_bySession.TryGetValue(record.Session, out var entries))
        {
            return (0, 0);
        }

        var span = CollectionsMarshal.AsSpan(entries);
        var index = span.BinarySearch(new Entry(record.Timestamp.UtcTicks, record.Id));
        if (index < 0)
        {
            return (0, 0);
        }

        var first = Math.Max(0, index - perSide);
        var before = index - first;
        for (var i = 0; i < before; i++)
        {
            destination[i] = span[first + i].Id;
        }

        var after = Math.Min(perSide, span.Length - index - 1);
        for (var i = 0; i < after; i++)
        {
            destination[before + i] = span[index + 1 + i].Id;
        }

        return (before, after);
    }

    private readonly record struct Entry(long Ticks, long Id) : IComparable<Entry>
    {
        public int CompareTo(Entry other)
        {
            var byTime = Ticks.CompareTo(other.Ticks);
            return byTime != 0 ? byTime : Id.CompareTo(other.Id);
        }
    }
}
