using MemDsl.Evolution;
using MemDsl.Model;

namespace MemDsl.Evolution.Tests;

public sealed class ArchiveTests
{
    private static readonly string[] Texts =
    [
        """[MemoryArchitecture("a")] [Encode(EncodeKind.Raw)] [Embed(EmbedderKind.Hashing, Dimensions = 256)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Cosine, TopK = 10)]""",
        """[MemoryArchitecture("b")] [Encode(EncodeKind.Raw)] [Embed(EmbedderKind.Hashing, Dimensions = 512)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Cosine, TopK = 10)]""",
        """[MemoryArchitecture("c")] [Encode(EncodeKind.Raw)] [Embed(EmbedderKind.Hashing, Dimensions = 256)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Bm25, TopK = 10)]""",
        """[MemoryArchitecture("d")] [Encode(EncodeKind.Raw)] [Embed(EmbedderKind.Hashing, Dimensions = 256)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Hybrid, TopK = 5, Alpha = 0.5f)]""",
    ];

    private static ArchiveEntry Entry(int id, double? quality, double? tokens, double? latency, string? failure = null) =>
        new(id, "seed", [], AttributeText.Render(AttributeText.Parse(Texts[id])), quality, tokens, latency, failure);

    [Fact]
    public void Front_keeps_exactly_the_entries_no_one_dominates()
    {
        var archive = new ParetoArchive();
        archive.Add(Entry(0, 0.8, 100, 50));   // best quality
        archive.Add(Entry(1, 0.6, 120, 60));   // dominated by 0 on all three
        archive.Add(Entry(2, 0.5, 40, 70));    // fewest tokens
        archive.Add(Entry(3, null, null, null, "boom"));

        var front = archive.Front();

        Assert.Equal([0, 2], front.Select(e => e.Id));
    }

    [Fact]
    public void Equal_scores_do_not_dominate_each_other()
    {
        var a = Entry(0, 0.5, 10, 10);
        var b = Entry(1, 0.5, 10, 10);
        Assert.False(a.Dominates(b));
        Assert.False(b.Dominates(a));
        Assert.True(a.Dominates(Entry(2, 0.5, 10, 11)));
        Assert.True(a.Dominates(Entry(3, null, null, null, "failed")));
    }

    [Fact]
    public void Distance_is_zero_for_equal_specs_up_to_name_and_grows_with_differences()
    {
        var a = AttributeText.Parse(Texts[0]);
        Assert.Equal(0, ParetoArchive.Distance(a, a with { Name = "other" }));
        var parameterOnly = ParetoArchive.Distance(a, AttributeText.Parse(Texts[1]));
        var kind = ParetoArchive.Distance(a, AttributeText.Parse(Texts[2]));
        Assert.InRange(parameterOnly, 0.0001, 0.9999);
        Assert.Equal(1, kind);
    }

    [Fact]
    public void Novelty_is_mean_distance_to_nearest_neighbours()
    {
        var archive = new ParetoArchive();
        archive.Add(Entry(0, 0.5, 1, 1));
        archive.Add(Entry(1, 0.5, 1, 1));
        archive.Add(Entry(2, 0.5, 1, 1));
        var probe = AttributeText.Parse(Texts[3]);
        var expected = new[] { 0, 1, 2 }.Select(i => ParetoArchive.Distance(probe, AttributeText.Parse(Texts[i]))).Average();
        Assert.Equal(expected, archive.Novelty(probe), 10);
        Assert.Equal(0, new ParetoArchive().Novelty(probe));
    }

    [Fact]
    public void Parent_choice_never_picks_failed_entries_and_prefers_quality()
    {
        var archive = new ParetoArchive();
        archive.Add(Entry(0, 0.95, 1, 1));
        archive.Add(Entry(1, 0.0, 1, 1));
        archive.Add(Entry(2, null, null, null, "failed"));
        var random = new Random(5);
        var counts = new int[3];
        for (var i = 0; i < 2000; i++)
        {
            counts[archive.ChooseParent(random)!.Id]++;
        }

        Assert.Equal(0, counts[2]);
        Assert.True(counts[0] > 3 * counts[1], $"{counts[0]} vs {counts[1]}");
        Assert.True(counts[1] > 0);
    }

    [Fact]
    public void A_context_token_limit_keeps_costlier_designs_out_of_the_front_and_the_parents()
    {
        var archive = new ParetoArchive(maxContextTokens: 700);
        archive.Add(Entry(0, 0.90, 17_000, 50));   // best quality, far over the limit
        archive.Add(Entry(1, 0.60, 650, 60));
        archive.Add(Entry(2, 0.50, 700, 40));      // at the limit: allowed
        archive.Add(Entry(3, 0.40, 300, 90));
        var random = new Random(3);
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            counts[archive.ChooseParent(random)!.Id]++;
        }

        Assert.False(archive.IsEligible(archive.Entries[0]));
        Assert.True(archive.IsEligible(archive.Entries[2]));
        Assert.Equal([1, 2, 3], archive.Front().Select(e => e.Id));

        // 24 times over the limit: its weight is divided by 590, although it has the best quality.
        Assert.True(counts[0] < 40, $"far over the limit: chosen {counts[0]} of 4000 times");
        Assert.True(counts[1] > 1000, $"best within the limit: chosen {counts[1]} of 4000 times");

        // Without the limit the same entries put entry 0 on the front.
        var unlimited = new ParetoArchive();
        foreach (var entry in archive.Entries)
        {
            unlimited.Add(entry);
        }

        Assert.Contains(0, unlimited.Front().Select(e => e.Id));
    }

    [Fact]
    public void A_design_just_over_the_token_limit_stays_a_parent_and_one_far_over_rarely_is()
    {
        var archive = new ParetoArchive(maxContextTokens: 700);
        archive.Add(Entry(0, 0.60, 750, 50));      // 7 % over: one smaller TopK away from fitting
        archive.Add(Entry(1, 0.30, 300, 60));
        archive.Add(Entry(2, 0.95, 7_000, 40));    // ten times over
        var random = new Random(9);
        var counts = new int[3];
        for (var i = 0; i < 2000; i++)
        {
            counts[archive.ChooseParent(random)!.Id]++;
        }

        Assert.True(counts[0] > 300, $"just over the limit: chosen {counts[0]} times");
        Assert.True(counts[2] < 60, $"ten times over the limit: chosen {counts[2]} of 2000 times");
        Assert.Equal([1], archive.Front().Select(e => e.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoArchive(maxContextTokens: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoArchive(maxContextTokens: double.NaN));
    }

    [Fact]
    public void A_parent_with_many_children_gives_way_to_an_equal_rival()
    {
        var archive = new ParetoArchive();
        archive.Add(Entry(0, 0.6, 100, 50));
        archive.Add(Entry(1, 0.6, 100, 50));
        archive.Add(Entry(2, 0.2, 100, 50) with { Origin = "mutation", Parents = [0] });
        archive.Add(Entry(3, 0.2, 100, 50) with { Origin = "mutation", Parents = [0] });
        var random = new Random(11);
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            counts[archive.ChooseParent(random)!.Id]++;
        }

        // Same quality, but entry 0 already has two children: its weight is a third of entry 1's (novelty aside).
        Assert.True(counts[1] > 2 * counts[0], $"{counts[1]} vs {counts[0]}");
        Assert.True(counts[0] > 0);
    }

    [Fact]
    public void Archive_refuses_repeated_specs_and_bad_ids()
    {
        var archive = new ParetoArchive();
        archive.Add(Entry(0, 0.5, 1, 1));
        Assert.True(archive.Contains(AttributeText.Parse(Texts[0]) with { Name = "renamed" }));
        Assert.Throws<ArgumentException>(() => archive.Add(Entry(0, 0.5, 1, 1) with { Id = 1 }));
        Assert.Throws<ArgumentException>(() => archive.Add(Entry(2, 0.5, 1, 1)));
        Assert.Throws<ArgumentException>(() => archive.Add(Entry(1, null, 1, 1)));
    }

    [Fact]
    public void Parent_choice_from_kept_nearest_distances_picks_what_full_novelty_picks_as_the_archive_grows()
    {
        // The archive keeps each entry's nearest distances between choices; the reference recomputes every
        // novelty from scratch with the public Novelty. The weights must agree to the bit, or a seeded search
        // would choose other parents than before.
        var random = new Random(11);
        var archive = new ParetoArchive();
        var specs = new List<ArchitectureSpec>();
        while (archive.Count < 60)
        {
            var spec = SpecSampler.Sample(random, "s" + archive.Count);
            if (archive.Contains(spec))
            {
                continue;
            }

            var id = archive.Count;
            var failed = id % 7 == 3;
            archive.Add(new ArchiveEntry(id, "seed", [], AttributeText.Render(spec), failed ? null : random.NextDouble(), failed ? null : 10, failed ? null : 1, failed ? "failed" : null));
            specs.Add(archive.Entries[id].Spec);
            for (var draw = 0; draw < 3; draw++)
            {
                var seed = (id * 10) + draw;
                Assert.Equal(ReferenceChoice(archive, specs, new Random(seed))?.Id, archive.ChooseParent(new Random(seed))?.Id);
            }
        }
    }

    private static ArchiveEntry? ReferenceChoice(ParetoArchive archive, List<ArchitectureSpec> specs, Random random)
    {
        // The documented weight, with novelty from scratch; entries here are seeds (no children) under no token limit.
        var weights = new List<(ArchiveEntry Entry, double Weight)>();
        var total = 0.0;
        var topThree = archive.Entries.Where(e => !e.Failed).Select(e => e.Quality!.Value).OrderDescending().Take(3).ToList();
        var reference = topThree.Count == 0 ? 0 : topThree.Sum() / topThree.Count;
        for (var i = 0; i < archive.Count; i++)
        {
            var entry = archive.Entries[i];
            if (!entry.Failed)
            {
                var performance = 1.0 / (1.0 + Math.Exp(-ParetoArchive.SelectionSharpness * (entry.Quality!.Value - reference)));
                var weight = performance * (1 + (archive.Novelty(specs[i], exclude: i) / 5.0));
                weights.Add((entry, weight));
                total += weight;
            }
        }

        var target = random.NextDouble() * total;
        if (weights.Count == 0)
        {
            return null;
        }

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
}
