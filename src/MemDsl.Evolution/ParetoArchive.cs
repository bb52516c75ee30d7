using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// Every candidate the search evaluated, in order, with the Pareto front over (quality max, context
/// tokens min, query latency min), a novelty measure and the parent choice of the search.
/// </summary>
/// <remarks>
/// <para>
/// With a <see cref="MaxContextTokens"/> limit, a candidate whose mean context tokens exceed it stays
/// in the archive (it was evaluated, and it still counts for novelty and duplicates) but is neither in
/// the front nor the best, and it is chosen as a parent the less the further over it is: the search
/// spends its budget on designs that fit the prompt or are a step from fitting it.
/// </para>
/// <para>
/// Novelty of a spec is the mean <see cref="Distance"/> to its <see cref="NoveltyNeighbours"/> nearest
/// other archive members (failed ones included: they still cover the space). Distance between two
/// specs adds, for each required stage (Encode, Embed, Store, Retrieve), 1 when the kinds differ and
/// otherwise the mean over the kind's parameters of |a - b| / (max - min) for numbers and 0/1 for
/// enum members; plus, for the managers, the size of the symmetric difference of their kind sets
/// over the size of their union. So two specs lie between 0 (equal up to the name) and 5 apart.
/// </para>
/// </remarks>
public sealed class ParetoArchive
{
    /// <summary>How many nearest neighbours novelty averages over.</summary>
    public const int NoveltyNeighbours = 3;

    /// <summary>How sharply the parent choice prefers quality near the top (the Darwin Gödel Machine's lambda): a design 0.1 below the top-3 mean weighs 0.54 of one at it, 0.3 below 0.095.</summary>
    public const double SelectionSharpness = 10;

    /// <summary>
    /// How steeply a parent's weight falls with its tokens over <see cref="MaxContextTokens"/>: twice over
    /// divides it by 4, ten times over by 100. Gentle on purpose: one kind change (turns to windows, say)
    /// can triple a design's tokens, and only a parent that still breeds can have its TopK cut back.
    /// </summary>
    public const double OverLimitPenaltyPower = 2;

    // The stages a design has at most one of; an optional one absent from both designs adds nothing.
    private static readonly StageSlot[] SingleSlots = [StageSlot.Encode, StageSlot.Embed, StageSlot.Store, StageSlot.Retrieve, StageSlot.Context];

    private readonly List<ArchiveEntry> _entries = [];
    private readonly List<ArchitectureSpec> _specs = [];
    private readonly HashSet<ArchitectureSpec> _keys = [];
    private readonly List<int> _children = [];

    /// <param name="maxContextTokens">Most mean context tokens per query a design may cost to be in the front or a parent; null for no limit.</param>
    public ParetoArchive(double? maxContextTokens = null)
    {
        if (maxContextTokens is { } limit && !(limit > 0 && double.IsFinite(limit)))
        {
            throw new ArgumentOutOfRangeException(nameof(maxContextTokens), limit, "The context token limit must be a positive number.");
        }

        MaxContextTokens = maxContextTokens;
    }

    /// <summary>Most mean context tokens per query of a design in the front or chosen as a parent; null for no limit.</summary>
    public double? MaxContextTokens { get; }

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
        _children.Add(0);
        foreach (var parent in entry.Parents.Distinct())
        {
            _children[parent]++;
        }
    }

    /// <summary>True when the entry is scored and, under a <see cref="MaxContextTokens"/> limit, within it.</summary>
    public bool IsEligible(ArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return !entry.Failed && (MaxContextTokens is not { } limit || entry.ContextTokens <= limit);
    }

    /// <summary>The eligible entries (<see cref="IsEligible"/>) no other eligible entry dominates, best quality first (ties: fewer tokens, then id).</summary>
    public IReadOnlyList<ArchiveEntry> Front()
    {
        var front = new List<ArchiveEntry>();
        foreach (var entry in _entries)
        {
            if (!IsEligible(entry))
            {
                continue;
            }

            var dominated = false;
            foreach (var other in _entries)
            {
                if (!ReferenceEquals(other, entry) && IsEligible(other) && other.Dominates(entry))
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
    /// Picks a scored entry with probability proportional to
    /// <c>sigmoid(<see cref="SelectionSharpness"/> (quality - q3)) / (1 + children) * (1 + novelty / 5)</c>,
    /// where q3 is the mean quality of the three best eligible entries (<see cref="IsEligible"/>; of the
/// best scored ones while none is eligible), children counts the archive
    /// entries bred from it, and novelty (against the rest of the archive, 0..5) favours unusual
    /// designs. This is the Darwin Gödel Machine's parent choice plus novelty: designs near the top are
    /// chosen far more than poor ones, yet every scored one can be, and a parent that has already had
    /// many children gives way to its rivals, so the search does not dig one lineage only. Under a
    /// <see cref="MaxContextTokens"/> limit an entry over it has that weight times
    /// (limit / tokens)^<see cref="OverLimitPenaltyPower"/>: a design over the limit still breeds, less
    /// the further over it is (a smaller TopK may bring it back), while one returning whole sessions
    /// practically never does. Null when no entry is scored. Uses exactly one draw.
    /// </summary>
    public ArchiveEntry? ChooseParent(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        UpdateNearest();
        var weights = new List<(ArchiveEntry Entry, double Weight)>();
        var total = 0.0;
        var reference = TopThreeMeanQuality();
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Failed)
            {
                continue;
            }

            var performance = 1.0 / (1.0 + Math.Exp(-SelectionSharpness * (entry.Quality!.Value - reference)));
            var weight = performance / (1 + _children[i]) * (1 + NoveltyOf(i) / 5.0);
            if (MaxContextTokens is { } limit && entry.ContextTokens > limit)
            {
                weight *= Math.Pow(limit / entry.ContextTokens!.Value, OverLimitPenaltyPower);
            }

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

    // The mean quality of the (up to) three best scored entries; designs over the token limit count only when nothing fits it.
    private double TopThreeMeanQuality()
    {
        Span<double> best = stackalloc double[3];
        Span<double> bestOverLimit = stackalloc double[3];
        best.Fill(double.NaN);
        bestOverLimit.Fill(double.NaN);
        foreach (var entry in _entries)
        {
            if (!entry.Failed)
            {
                Insert(IsEligible(entry) ? best : bestOverLimit, entry.Quality!.Value);
            }
        }

        return double.IsNaN(best[0]) ? Mean(bestOverLimit) : Mean(best);

        static void Insert(Span<double> top, double quality)
        {
            for (var i = 0; i < top.Length; i++)
            {
                if (double.IsNaN(top[i]) || quality > top[i])
                {
                    for (var j = top.Length - 1; j > i; j--)
                    {
                        top[j] = top[j - 1];
                    }

                    top[i] = quality;
                    return;
                }
            }
        }

        static double Mean(ReadOnlySpan<double> top)
        {
            var sum = 0.0;
            var count = 0;
            foreach (var quality in top)
            {
                if (!double.IsNaN(quality))
                {
                    sum += quality;
                    count++;
                }
            }

            return count == 0 ? 0 : sum / count;
        }
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
