using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Model;

namespace MemDsl.Evolution.Tests;

public sealed class SearchTests : IDisposable
{
    private const string Key = "stream fact-updates seed 42";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memdsl-evolve-" + Guid.NewGuid().ToString("N"));

    private static BenchmarkDataset Data { get; } = SyntheticStreams.FactUpdates();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Same_seed_gives_the_same_archive_and_another_seed_another()
    {
        var options = new EvolutionOptions { Seed = 3, Budget = 10 };
        var first = await new EvolutionarySearch(Data, Key, options).RunAsync();
        var second = await new EvolutionarySearch(Data, Key, options).RunAsync();
        var other = await new EvolutionarySearch(Data, Key, options with { Seed = 4 }).RunAsync();

        Assert.Equal(10, first.Count);
        Assert.Equal(ArchiveSignature.Of(first), ArchiveSignature.Of(second));
        Assert.NotEqual(ArchiveSignature.Of(first), ArchiveSignature.Of(other));
        Assert.Contains(first.Entries, e => e.Origin is "mutation" or "crossover");
        Assert.Equal(first.Count, first.Entries.Select(e => ParetoArchive.Key(e.Spec)).Distinct().Count());
        Assert.NotEmpty(first.Front());
    }

    [Fact]
    public async Task Resuming_a_killed_run_reaches_the_uninterrupted_archive()
    {
        var whole = await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 7, Budget = 12 }).RunAsync();

        var path = Path.Combine(_directory, "checkpoint.json");
        var half = new EvolutionOptions { Seed = 7, Budget = 6, CheckpointPath = path };
        var progress = new List<int>();
        await new EvolutionarySearch(Data, Key, half).RunAsync(new SyncProgress(p => progress.Add(p.Evaluated)));
        Assert.Equal([1, 2, 3, 4, 5, 6], progress);
        Assert.Equal(6, Checkpoint.Load(path).Entries.Count);

        var resumed = EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 7, Budget = 12 });
        var final = await resumed.RunAsync();

        Assert.Equal(ArchiveSignature.Of(whole), ArchiveSignature.Of(final));
        Assert.Equal(ArchiveSignature.Of(whole), ArchiveSignature.Of(Checkpoint.Load(path).ToArchive()));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("garble")]
    [InlineData("bad-spec")]
    public async Task A_corrupt_checkpoint_is_a_clear_error_and_is_left_unchanged(string damage)
    {
        var path = Path.Combine(_directory, "checkpoint.json");
        await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 2, Budget = 3, CheckpointPath = path }).RunAsync();
        var text = File.ReadAllText(path);
        var damaged = damage switch
        {
            "truncate" => text[..(text.Length / 2)],
            "garble" => text.Replace("\"entries\"", "\"entries\" ::", StringComparison.Ordinal),
            _ => text.Replace("MemoryArchitecture", "MemoryArchitectur(", StringComparison.Ordinal),
        };
        File.WriteAllText(path, damaged);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<CheckpointException>(() => EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 2, Budget = 6 }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Position);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_checkpoint_from_another_seed_or_dataset_is_refused()
    {
        var path = Path.Combine(_directory, "checkpoint.json");
        await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 2, Budget = 2, CheckpointPath = path }).RunAsync();
        Assert.Throws<CheckpointException>(() => EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 9, Budget = 4 }));
        Assert.Throws<CheckpointException>(() => EvolutionarySearch.Resume(path, Data, "other", new EvolutionOptions { Seed = 2, Budget = 4 }));
        var limit = Assert.Throws<CheckpointException>(() => EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 2, Budget = 4, MaxContextTokens = 500 }));
        Assert.Contains("no context token limit", limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_under_a_context_token_limit_breeds_from_designs_within_or_near_it()
    {
        // The limit sits in the middle of what an unlimited search meets, so both sides are populated.
        var unlimited = await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 6, Budget = 30 }).RunAsync();
        var tokens = unlimited.Entries.Where(e => !e.Failed).Select(e => e.ContextTokens!.Value).Order().ToList();
        var limit = tokens[tokens.Count / 2];
        var path = Path.Combine(_directory, "limited.json");

        var archive = await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 6, Budget = 45, MaxContextTokens = limit, CheckpointPath = path }).RunAsync();

        Assert.Equal(limit, archive.MaxContextTokens);
        Assert.Contains(archive.Entries, e => !e.Failed && e.ContextTokens > limit);
        Assert.All(archive.Front(), e => Assert.True(e.ContextTokens <= limit, $"front entry {e.Id} has {e.ContextTokens} tokens"));
        // Breeding favours designs within the limit: they are a larger share of the parents than of the archive.
        var parents = archive.Entries.SelectMany(e => e.Parents).ToList();
        Assert.NotEmpty(parents);
        var scored = archive.Entries.Where(e => !e.Failed).ToList();
        var withinShareOfEntries = scored.Count(archive.IsEligible) / (double)scored.Count;
        var withinShareOfParents = parents.Count(id => archive.IsEligible(archive.Entries[id])) / (double)parents.Count;
        Assert.True(withinShareOfParents > withinShareOfEntries, $"{withinShareOfParents:0.00} of parents vs {withinShareOfEntries:0.00} of entries within {limit} tokens");
        // Parents over the limit get repaired children: the same design with TopK scaled by limit / tokens,
        // or with its context cut at the limit; the search meets both.
        var repairs = archive.Entries.Where(e => e.Origin == "repair").ToList();
        Assert.NotEmpty(repairs);
        var scaled = 0;
        var capped = 0;
        Assert.All(repairs, e =>
        {
            var parent = archive.Entries[Assert.Single(e.Parents)];
            Assert.True(parent.ContextTokens > limit);
            Assert.Equal(parent.Spec.Encode, e.Spec.Encode);
            if (e.Spec.Retrieve.Equals(parent.Spec.Retrieve))
            {
                capped++;
                Assert.Equal((int)Math.Floor(limit), e.Spec.Find(StageSlot.Context)!.GetInt32("TokenBudget"));
            }
            else
            {
                scaled++;
                Assert.True(e.Spec.Retrieve.GetInt32("TopK") < parent.Spec.Retrieve.GetInt32("TopK"));
                Assert.Equal(parent.Spec.Retrieve, e.Spec.Retrieve.With("TopK", parent.Spec.Retrieve.Get("TopK")));
            }
        });
        Assert.True(scaled > 0 && capped > 0, $"{scaled} TopK repairs, {capped} context repairs");
        Assert.Equal(limit, Checkpoint.Load(path).MaxContextTokens);
        Assert.Equal(ArchiveSignature.Of(archive), ArchiveSignature.Of(Checkpoint.Load(path).ToArchive()));
    }

    [Fact]
    public async Task A_failing_candidate_is_recorded_and_the_search_goes_on()
    {
        var calls = 0;
        var options = new EvolutionOptions
        {
            Seed = 5,
            Budget = 8,
            DesignFactory = spec =>
            {
                calls++;
                if (spec.Retrieve.KindName == "Bm25")
                {
                    throw new InvalidOperationException("injected failure for " + spec.Name);
                }

                return DesignFactory.FromSpec(spec, "test");
            },
        };

        var archive = await new EvolutionarySearch(Data, Key, options).RunAsync();

        Assert.Equal(8, archive.Count);
        Assert.Equal(8, calls);
        var failed = archive.Entries.Where(e => e.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, e => Assert.StartsWith("InvalidOperationException: injected failure", e.Failure, StringComparison.Ordinal));
        Assert.All(failed, e => Assert.Null(e.Quality));
        Assert.Contains(archive.Entries, e => !e.Failed && e.Id > failed[0].Id);
        Assert.DoesNotContain(archive.Front(), e => e.Failed);
    }

    private sealed class SyncProgress(Action<EvolutionProgress> report) : IProgress<EvolutionProgress>
    {
        public void Report(EvolutionProgress value) => report(value);
    }
}
