using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// Every candidate the search evaluated, in order, with the Pareto front over (quality max, context
/// tokens min, query latency min), a novelty measure and the parent choice of the search.
/// </summary>
/// <remarks>
/// Novelty of a spec is the mean <see cref="Distance"/> to its <see cref="NoveltyNeighbours"/> nearest
/// other archive members (failed ones included: they still cover the space). Distance between two
/// specs adds, for each required stage (Encode, Embed, Store, Retrieve), 1 when the kinds differ and
/// otherwise the mean over the kind's parameters of |a - b| / (max - min) for numbers and 0/1 for
/// enum members; plus, for the managers, the size of the symmetric difference of their kind sets
/// over the size of their union. So two specs lie between 0 (equal up to the name) and 5 apart.
/// </remarks>
public sealed class ParetoArchive
{
    /// <summary>How many nearest neighbours novelty averages over.</summary>
    public const int NoveltyNeighbours = 3;

    // The stages a design has at most one of; an optional one absent from both designs adds nothing.
    private static readonly StageSlot[] SingleSlots = [StageSlot.Encode, StageSlot.Embed, StageSlot.Store, StageSlot.Retrieve, StageSlot.Context];

    private readonly List<ArchiveEntry> _entries = [];
    private readonly List<ArchitectureSpec> _specs = [];
    private readonly HashSet<ArchitectureSpec> _keys = [];

    // Per entry, its smallest distances to the other entries (ascending, at most NoveltyNeighbours), kept
    // for entries 0 .. _nearest.Count - 1. Filled on the first parent choice and then as entries arrive, so
    // a parent choice costs O(n) instead of O(n²) distances; an archive never asked for one computes none.
    private readonly List<double[]> _nearest = [];
    private readonly List<int> _nearestCount = [];

    public IReadOnlyList<ArchiveEntry> Entries => _entries;

    public int Count => _entries.Count;

    /// <summary>The spec with its name blanked: two candidates are the same when their keys are equal.</summary>
    public static ArchitectureSpec Key(ArchitectureSpec spec) => spec with { Name = "candidate" };

    public bool Contains(ArchitectureSpec spec) => _keys.Contains(Key(spec));

    /// <summary>Records an entry; its id must be the next one and its spec new.</summary>
    public void Add(ArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Id != _entries.Count)
        {
            throw new ArgumentException($"Expected entry id {_entries.Count}, got {entry.Id}.", nameof(entry));
        }

        var spec = entry.Spec;
        if (!_keys.Add(Key(spec)))
        {
            throw new ArgumentException($"Entry {entry.Id} repeats a spec already in the archive.", nameof(entry));
        }

        foreach (var parent in entry.Parents)
        {
            if (parent < 0 || parent >= entry.Id)
            {
                throw new ArgumentException($"Entry {entry.Id} names parent {parent}, which is not an earlier entry.", nameof(entry));
            }
        }

        if (entry.Failure is null && (entry.Quality is null || entry.ContextTokens is null || entry.QueryP50Microseconds is null))
        {
            throw new ArgumentException($"Entry {entry.Id} has neither all three scores nor a failure reason.", nameof(entry));
        }

        _entries.Add(entry);
        _specs.Add(spec);
    }

    /// <summary>The scored entries no other entry dominates, best quality first (ties: fewer tokens, then id).</summary>
    public IReadOnlyList<ArchiveEntry> Front()
    {
        var front = new List<ArchiveEntry>();
        foreach (var entry in _entries)
        {
            if (entry.Failed)
            {
                continue;
            }

            var dominated = false;
            foreach (var other in _entries)
            {
                if (!ReferenceEquals(other, entry) && other.Dominates(entry))
                {
                    dominated = true;
                    break;
                }
            }

            if (!dominated)
            {
                front.Add(entry);
            }
        }

        return front
            .OrderByDescending(e => e.Quality)
            .ThenBy(e => e.ContextTokens)
            .ThenBy(e => e.Id)
            .ToList();
    }

    /// <summary>Mean distance of <paramref name="spec"/> to its nearest archive members, ignoring entry <paramref name="exclude"/>; 0 in an archive with no other member.</summary>
    public double Novelty(ArchitectureSpec spec, int exclude = -1)
    {
        var distances = new List<double>();
        for (var i = 0; i < _specs.Count; i++)
        {
            if (i != exclude)
            {
                distances.Add(Distance(spec, _specs[i]));
            }
        }

        if (distances.Count == 0)
        {
            return 0;
        }

        distances.Sort();
        var n = Math.Min(NoveltyNeighbours, distances.Count);
        return distances.Take(n).Average();
    }

    /// <summary>
    /// <see cref="Novelty"/> of entry <paramref name="id"/> against the rest of the archive, from the kept
    /// nearest distances: the same value (the same distances, summed smallest first, over the same count).
    /// </summary>
    private double NoveltyOf(int id)
    {
        var count = _nearestCount[id];
        if (count == 0)
        {
            return 0;
        }

        var nearest = _nearest[id];
        var sum = nearest[0];
        for (var i = 1; i < count; i++)
        {
            sum += nearest[i];
        }

        return sum / count;
    }

    /// <summary>Brings the kept nearest distances up to every entry: each new one is measured once against each earlier one.</summary>
    private void UpdateNearest()
    {
        for (var id = _nearest.Count; id < _specs.Count; id++)
        {
            _nearest.Add(new double[NoveltyNeighbours]);
            _nearestCount.Add(0);
            for (var other = 0; other < id; other++)
            {
                // Distance is symmetric to the bit (sums in slot order, absolute differences, set sizes).
                var distance = Distance(_specs[id], _specs[other]);
                KeepNearest(other, distance);
                KeepNearest(id, distance);
            }
        }
    }

    private void KeepNearest(int id, double distance)
    {
        var nearest = _nearest[id];
        var count = _nearestCount[id];
        if (count == NoveltyNeighbours && distance >= nearest[count - 1])
        {
            return;
        }

        var at = count == NoveltyNeighbours ? count - 1 : count;
        while (at > 0 && nearest[at - 1] > distance)
        {
            nearest[at] = nearest[at - 1];
            at--;
        }

        nearest[at] = distance;
        _nearestCount[id] = Math.Min(count + 1, NoveltyNeighbours);
    }

    /// <summary>
    /// Picks a scored entry with probability proportional to 0.05 + quality + novelty / 5 (novelty of
    /// the entry against the rest of the archive, scaled to [0, 1]): good and unusual designs are
    /// chosen more, every scored one can be. Null when no entry is scored. Uses exactly one draw.
    /// </summary>
    public ArchiveEntry? ChooseParent(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        UpdateNearest();
        var weights = new List<(ArchiveEntry Entry, double Weight)>();
        var total = 0.0;
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Failed)
            {
                continue;
            }

            var weight = 0.05 + entry.Quality!.Value + NoveltyOf(i) / 5.0;
            weights.Add((entry, weight));
            total += weight;
        }

        var draw = random.NextDouble();
        if (weights.Count == 0)
        {
            return null;
        }

        var target = draw * total;
        foreach (var (entry, weight) in weights)
        {
            target -= weight;
            if (target < 0)
            {
                return entry;
            }
        }

        return weights[^1].Entry;
    }

    /// <summary>The distance described on <see cref="ParetoArchive"/>: 0 for equal specs (names ignored), at most 5.</summary>
    public static double Distance(ArchitectureSpec a, ArchitectureSpec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var total = 0.0;
        foreach (var slot in SingleSlots)
        {
            total += StageDistance(a.Find(slot), b.Find(slot));
        }

        var managersA = a.Managers.Select(m => m.KindName ?? "?").ToHashSet(StringComparer.Ordinal);
        var managersB = b.Managers.Select(m => m.KindName ?? "?").ToHashSet(StringComparer.Ordinal);
        var union = new HashSet<string>(managersA, StringComparer.Ordinal);
        union.UnionWith(managersB);
        if (union.Count > 0)
        {
            var common = new HashSet<string>(managersA, StringComparer.Ordinal);
            common.IntersectWith(managersB);
            total += (union.Count - common.Count) / (double)union.Count;
        }

        return total;
    }

    private static double StageDistance(StageSpec? a, StageSpec? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : 1;
        }

        if (a.KindName != b.KindName || a.Descriptor is not { } descriptor)
        {
            return a.KindName == b.KindName ? 0 : 1;
        }

        var sum = 0.0;
        var count = 0;
        foreach (var parameter in descriptor.Parameters)
        {
            var x = a.Get(parameter.Name);
            var y = b.Get(parameter.Name);
            count++;
            if (parameter.IsNumeric)
            {
                var span = parameter.Max - parameter.Min;
                sum += span > 0 ? Math.Min(1, Math.Abs(x.Number - y.Number) / span) : 0;
            }
            else
            {
                sum += x == y ? 0 : 1;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
