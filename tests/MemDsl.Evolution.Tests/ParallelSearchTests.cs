using MemDsl.Evaluation;
using MemDsl.Model;

namespace MemDsl.Evolution.Tests;

public sealed class ParallelSearchTests : IDisposable
{
    private const string Key = "stream fact-updates seed 42";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memdsl-evolve-parallel-" + Guid.NewGuid().ToString("N"));

    private static BenchmarkDataset Data { get; } = SyntheticStreams.FactUpdates();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Parallel_runs_with_one_seed_agree_and_one_at_a_time_matches_the_sequential_search()
    {
        var options = new EvolutionOptions { Seed = 3, Budget = 14, Parallelism = 4 };
        var concurrent = 0;
        var most = 0;
        var gate = new Lock();
        // A candidate counts as running from the moment its design is built until the search disposes it.
        var counting = options with
        {
            DesignFactory = spec =>
            {
                lock (gate)
                {
                    most = Math.Max(most, ++concurrent);
                }

                var design = DesignFactory.FromSpec(spec, "test");
                return new BenchmarkDesign(design.Name, design.Source, design.Embedder, design.CreatePipeline, spec, new Release(() =>
                {
                    lock (gate)
                    {
                        concurrent--;
                    }
                }));
            },
        };

        var first = await new EvolutionarySearch(Data, Key, counting).RunAsync();
        var second = await new EvolutionarySearch(Data, Key, options).RunAsync();

        Assert.Equal(14, first.Count);
        Assert.Equal(ArchiveSignature.Of(first), ArchiveSignature.Of(second));
        Assert.InRange(most, 2, 4);
        Assert.Equal(Enumerable.Range(0, 14), first.Entries.Select(e => e.Id));

        // Parallelism 1 is the plain sequential loop: each proposal sees every earlier result.
        var sequential = await new EvolutionarySearch(Data, Key, options with { Parallelism = 1 }).RunAsync();
        Assert.Equal(14, sequential.Count);
        Assert.All(sequential.Entries.Skip(5), e => Assert.All(e.Parents, p => Assert.True(p < e.Id)));
    }

    [Fact]
    public async Task A_parallel_run_resumed_from_its_checkpoint_reaches_the_uninterrupted_archive()
    {
        var whole = await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 8, Budget = 13, Parallelism = 3 }).RunAsync();

        var path = Path.Combine(_directory, "checkpoint.json");
        await new EvolutionarySearch(Data, Key, new EvolutionOptions { Seed = 8, Budget = 7, Parallelism = 3, CheckpointPath = path }).RunAsync();
        var resumed = await EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 8, Budget = 13, Parallelism = 3 }).RunAsync();

        Assert.Equal(ArchiveSignature.Of(whole), ArchiveSignature.Of(resumed));
        var error = Assert.Throws<CheckpointException>(() => EvolutionarySearch.Resume(path, Data, Key, new EvolutionOptions { Seed = 8, Budget = 20, Parallelism = 2 }));
        Assert.Contains("3 candidates at once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_candidate_and_one_past_its_time_budget_are_archived_as_failed_while_the_others_run_in_parallel()
    {
        using var release = new ManualResetEventSlim(false);
        var options = new EvolutionOptions
        {
            Seed = 5,
            Budget = 9,
            Parallelism = 3,
            CandidateTimeout = TimeSpan.FromSeconds(2),
            DesignFactory = spec =>
            {
                if (spec.Retrieve.KindName == "Bm25")
                {
                    throw new InvalidOperationException("injected failure for " + spec.Name);
                }

                if (spec.Name == "hybrid")
                {
                    // Ignores every token: only the search's own time budget gets past it.
                    release.Wait();
                }

                return DesignFactory.FromSpec(spec, "test");
            },
        };

        try
        {
            var archive = await new EvolutionarySearch(Data, Key, options).RunAsync();

            Assert.Equal(9, archive.Count);
            var hybrid = Assert.Single(archive.Entries, e => e.Spec.Name == "hybrid");
            Assert.StartsWith("timed out", hybrid.Failure, StringComparison.Ordinal);
            Assert.Contains("2 s", hybrid.Failure, StringComparison.Ordinal);
            var thrown = archive.Entries.Where(e => e.Failure?.StartsWith("InvalidOperationException: injected failure", StringComparison.Ordinal) == true).ToList();
            Assert.NotEmpty(thrown);
            Assert.Contains(archive.Entries, e => !e.Failed && e.Id > hybrid.Id);
            Assert.DoesNotContain(archive.Front(), e => e.Failed);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task The_time_limit_stops_proposing_and_the_recorded_candidates_are_kept()
    {
        var options = new EvolutionOptions
        {
            Seed = 4,
            Budget = 1000,
            TimeLimit = TimeSpan.FromSeconds(1),
            DesignFactory = spec =>
            {
                Thread.Sleep(150);
                return DesignFactory.FromSpec(spec, "test");
            },
        };

        var search = new EvolutionarySearch(Data, Key, options);
        var archive = await search.RunAsync();

        Assert.True(search.StoppedByTimeLimit);
        Assert.InRange(archive.Count, 1, 999);
    }

    [Theory]
    [InlineData("ndcg@10")]
    [InlineData("mrr")]
    [InlineData("hit@3")]
    [InlineData("recall@5")]
    public async Task The_chosen_metric_is_the_archive_quality(string name)
    {
        var metric = QualityMetric.Parse(name);
        var spec = AttributeText.Parse(BuiltInDesigns.Baselines.First(b => b.Key == "hybrid").Value) with { Name = "hybrid" };
        var archive = await new EvolutionarySearch(Data, Key, new EvolutionOptions { Budget = 1, StartingSpecs = [spec], Metric = metric }).RunAsync();

        var direct = await new BenchmarkRunner().RunOneAsync(DesignFactory.FromSpec(spec, "test"), Data);
        var expected = name switch
        {
            "ndcg@10" => direct.Overall.NdcgAt(10),
            "mrr" => direct.Overall.Mrr,
            "hit@3" => direct.Overall.HitAt(3),
            _ => direct.Overall.RecallAt(5),
        };
        Assert.Equal(expected, archive.Entries[0].Quality);
        Assert.Equal(direct.ByCategory.Keys, archive.Entries[0].Categories!.Select(c => c.Category));
        Assert.NotEqual(QualityMetric.RecallAt10.Read(direct.Overall), expected);
    }

    [Theory]
    [InlineData("recall@0")]
    [InlineData("recall@11")]
    [InlineData("precision@5")]
    [InlineData("mrr@3")]
    public void Unknown_metrics_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => QualityMetric.Parse(name));

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
