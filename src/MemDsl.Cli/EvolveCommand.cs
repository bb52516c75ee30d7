using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Model;
using Spectre.Console;

namespace MemDsl.Cli;

/// <summary>
/// <c>memdsl evolve</c>: the evolutionary meta-search over declarations. Searches on one synthetic
/// stream (or the LoCoMo search split), checkpoints after every candidate into <c>--out</c>, and
/// re-scores the final Pareto front on held-out data (the same stream family with another seed, or the
/// LoCoMo validation split).
/// </summary>
internal static class EvolveCommand
{
    private static readonly Option<string> Stream = new("--stream") { Description = "The synthetic stream to search on: fact-updates, experience-reuse or temporal (without --data).", DefaultValueFactory = _ => SyntheticStreams.FactUpdatesName };
    private static readonly Option<string?> Data = new("--data") { Description = "A LoCoMo JSON file: search on its search split, validate on its validation split." };
    private static readonly Option<int?> Conversations = new("--conversations") { Description = "With --data: use only the first N conversations of each split." };
    private static readonly Option<int> Budget = new("--budget") { Description = "Candidates to evaluate in all, starting designs included.", DefaultValueFactory = _ => 12 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the search (every random choice derives from it).", DefaultValueFactory = _ => 1 };
    private static readonly Option<string[]> Specs = new("--spec") { Description = "Start from these spec files instead of the built-in baselines and two random samples. Repeatable.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Out = new("--out") { Description = "Directory for checkpoint.json and report.md.", DefaultValueFactory = _ => "memdsl-evolve" };
    private static readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the search whose checkpoint.json is in --out (same --seed and data)." };
    private static readonly Option<string> EmbedderOption = new("--embedder") { Description = "Embedder of designs that declare EmbedderKind.MiniLM: hashing (a 384-d stand-in, no model; default) or minilm (the real all-MiniLM-L6-v2 behind an on-disk cache; the minilm-* baselines join the starting designs).", DefaultValueFactory = _ => "hashing" };
    private static readonly Option<string?> CacheOption = new("--cache") { Description = "With --embedder minilm: the directory of the embedding cache (default: --out/embeddings)." };

    /// <summary>The evolve report's plot files, written beside report.md.</summary>
    public const string BestQualityPlot = "best-quality.png";

    /// <inheritdoc cref="BestQualityPlot"/>
    public const string ParetoFrontPlot = "pareto-front.png";

    /// <summary>Offset of the validation stream seed from the search stream seed.</summary>
    public const int ValidationSeedOffset = 1;

    static EvolveCommand()
    {
        Stream.AcceptOnlyFromAmong([.. SyntheticStreams.Names]);
        EmbedderOption.AcceptOnlyFromAmong("hashing", "minilm");
    }

    public static Command Create() => new("evolve", "Search memory declarations for the Pareto front of quality, context tokens and latency.")
    {
        Stream, Data, Conversations, Budget, Seed, Specs, Out, ResumeOption, EmbedderOption, CacheOption,
    };

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var budget = parse.GetValue(Budget);
        if (budget < 1)
        {
            throw new UsageException("--budget must be at least 1.");
        }

        if (parse.GetValue(Conversations) is < 1)
        {
            throw new UsageException("--conversations must be at least 1.");
        }

        var dataPath = parse.GetValue(Data);
        if (dataPath is null && parse.GetValue(Conversations) is not null)
        {
            throw new UsageException("--conversations is used only with --data.");
        }

        var seed = parse.GetValue(Seed);
        var outDirectory = Path.GetFullPath(parse.GetValue(Out)!);
        var checkpointPath = Path.Combine(outDirectory, "checkpoint.json");
        var resume = parse.GetValue(ResumeOption);
        if (resume && !File.Exists(checkpointPath))
        {
            throw new UsageException($"--resume: there is no checkpoint at {checkpointPath}.");
        }

        if (!resume && File.Exists(checkpointPath))
        {
            throw new UsageException($"{checkpointPath} exists: add --resume to continue that search, or choose another --out.");
        }

        var useMiniLM = parse.GetValue(EmbedderOption) == "minilm";
        if (!useMiniLM && parse.GetValue(CacheOption) is not null)
        {
            throw new UsageException("--cache is used only with --embedder minilm.");
        }

        var (search, searchKey, validation) = LoadData(parse, dataPath);
        IReadOnlyList<ArchitectureSpec>? starting = null;
        var specFiles = parse.GetValue(Specs) ?? [];
        if (specFiles.Length > 0)
        {
            starting = specFiles.Select(file => DesignFactory.FromFile(file).Spec!).ToList();
        }

        // With --embedder minilm every MiniLM candidate embeds through one cached model, so after the first
        // candidate of an encoding each text is a cache hit; the scores differ from the stand-in's, hence the key.
        using var miniLM = useMiniLM ? BenchCommand.OpenMiniLM(parse.GetValue(CacheOption) ?? Path.Combine(outDirectory, "embeddings")) : null;
        var benchOptions = miniLM is null ? new BenchmarkOptions() : new BenchmarkOptions { EmbeddingGenerator = miniLM, EmbeddingGeneratorName = "minilm (cached)" };
        if (miniLM is not null)
        {
            searchKey += ", embedder minilm";
        }

        var options = new EvolutionOptions
        {
            Seed = seed,
            Budget = budget,
            StartingSpecs = starting,
            CheckpointPath = checkpointPath,
            DesignFactory = spec => DesignFactory.FromSpec(spec, "evolve", benchOptions),
        };
        if (miniLM is not null && starting is null)
        {
            var defaults = new EvolutionarySearch(search, searchKey, options).StartingSpecs();
            options = options with { StartingSpecs = [.. defaults, .. BuiltInDesigns.MiniLMBaselines.Select(b => AttributeText.Parse(b.Value) with { Name = b.Key })] };
        }

        // The archive records no heap size: skip the forced collections that measure it.
        var searchRunner = new BenchmarkRunner(benchOptions with { MeasureManagedHeap = false });
        var evolution = resume
            ? EvolutionarySearch.Resume(checkpointPath, search, searchKey, options, searchRunner)
            : new EvolutionarySearch(search, searchKey, options, searchRunner);
        Console.Error.WriteLine(resume
            ? $"resuming {checkpointPath}: {evolution.Archive.Count} of {budget} candidates done"
            : $"searching on {searchKey}, seed {seed}, budget {budget}");

        var (hitsBefore, missesBefore) = miniLM is null ? (0L, 0L) : (miniLM.Cache.Hits, miniLM.Cache.Misses);
        var archive = await RunWithProgressAsync(evolution, budget, cancellationToken);
        if (miniLM is not null)
        {
            // Says whether the throughput above was measured on a warm cache (misses run the model).
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedding cache {miniLM.Cache.FilePath}: {miniLM.Cache.Hits - hitsBefore} hits, {miniLM.Cache.Misses - missesBefore} misses during the search"));
        }
        var front = archive.Front();
        var runner = new BenchmarkRunner(benchOptions);
        var rescored = new List<(ArchiveEntry Entry, RunResult? Result, string? Failure)>();
        foreach (var entry in front)
        {
            try
            {
                var result = await runner.RunOneAsync(DesignFactory.FromSpec(entry.Spec, "evolve", benchOptions), validation, null, cancellationToken);
                rescored.Add((entry, result, null));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                rescored.Add((entry, null, exception.GetType().Name + ": " + exception.Message));
            }
        }

        Directory.CreateDirectory(outDirectory);
        PlotBestQuality(archive, Path.Combine(outDirectory, BestQualityPlot));
        PlotParetoFront(archive, rescored, validation.Name, Path.Combine(outDirectory, ParetoFrontPlot));
        var report = Report(archive, rescored, searchKey, validation.Name, seed, budget, "memdsl " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
        var reportPath = Path.Combine(outDirectory, "report.md");
        File.WriteAllText(reportPath, report);
        Console.Out.Write(report);
        Console.Error.WriteLine($"wrote {reportPath}, {BestQualityPlot}, {ParetoFrontPlot} and {checkpointPath}");
        return ExitCodes.Success;
    }

    private static (BenchmarkDataset Search, string SearchKey, BenchmarkDataset Validation) LoadData(ParseResult parse, string? dataPath)
    {
        if (dataPath is null)
        {
            var name = parse.GetValue(Stream)!;
            var searchSeed = SyntheticStreams.DefaultSeed;
            var validationSeed = searchSeed + ValidationSeedOffset;
            var search = SyntheticStreams.Create(name, searchSeed);
            var validation = SyntheticStreams.Create(name, validationSeed);
            return (search, $"stream {name} seed {searchSeed}", validation with { Name = $"{validation.Name} (seed {validationSeed})" });
        }

        if (!File.Exists(dataPath))
        {
            throw new UsageException($"--data: {dataPath} does not exist.");
        }

        var conversations = parse.GetValue(Conversations);
        var searchData = LoCoMoLoader.Load(dataPath, new LoCoMoLoadOptions { Split = LoCoMoSplit.Search, MaxConversations = conversations }).Dataset;
        var validationData = LoCoMoLoader.Load(dataPath, new LoCoMoLoadOptions { Split = LoCoMoSplit.Validation, MaxConversations = conversations }).Dataset;
        var key = $"locomo {Path.GetFileName(dataPath)} search split{(conversations is { } n ? $" first {n}" : string.Empty)}";
        return (searchData, key, validationData with { Name = validationData.Name + " (validation split)" });
    }

    private static string Report(ParetoArchive archive, List<(ArchiveEntry Entry, RunResult? Result, string? Failure)> rescored, string searchKey, string validationName, int seed, int budget, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("# memdsl evolve\n\n");
        text.Append(inv, $"`{command}`\n\n");
        var failed = archive.Entries.Count(e => e.Failed);
        text.Append(inv, $"Searched on {searchKey} with seed {seed}: {archive.Count} candidates evaluated (budget {budget}), {failed} failed. ");
        text.Append(inv, $"The front below is re-scored on held-out data: {validationName}.\n\n");
        text.Append("## Pareto front\n\n");
        text.Append("Quality is recall@10; tokens are the mean MiniLM tokens handed to the model per query; p50 is the median query latency in microseconds (machine-dependent).\n\n");
        text.Append("| id | origin | parents | search recall@10 | search tokens | search p50 µs | validation recall@10 | validation tokens | validation p50 µs |\n");
        text.Append("|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (entry, result, failure) in rescored)
        {
            var validation = result is null
                ? $"failed: {failure} | | "
                : string.Format(inv, "{0:0.000} | {1:0.0} | {2:0.0}", result.Overall.RecallAt(10), result.Costs.MeanContextTokens, result.Costs.QueryP50Microseconds);
            text.Append(inv, $"| {entry.Id} | {entry.Origin} | {string.Join(", ", entry.Parents)} | {entry.Quality:0.000} | {entry.ContextTokens:0.0} | {entry.QueryP50Microseconds:0.0} | {validation} |\n");
        }

        text.Append('\n');
        foreach (var (entry, _, _) in rescored)
        {
            text.Append(inv, $"### Candidate {entry.Id}\n\n```csharp\n{entry.SpecText}\n```\n\n");
        }

        text.Append("## Plots\n\n");
        text.Append(inv, $"![best search recall@10 over candidates]({BestQualityPlot})\n\n");
        text.Append(inv, $"![Pareto front: recall@10 vs context tokens]({ParetoFrontPlot})\n\n");

        if (failed > 0)
        {
            text.Append("## Failed candidates\n\n");
            foreach (var entry in archive.Entries.Where(e => e.Failed))
            {
                text.Append(inv, $"- {entry.Id}: {entry.Failure}\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs the search with a live Spectre.Console display when stdout is a terminal (a progress bar over the
    /// budget, best-so-far quality, front size, candidates per minute, failures) and one plain line per
    /// candidate on stderr otherwise; ends with a throughput line on stderr either way.
    /// </summary>
    private static async Task<ParetoArchive> RunWithProgressAsync(EvolutionarySearch evolution, int budget, CancellationToken cancellationToken)
    {
        var console = BenchCommand.CreateConsole(out var interactive);
        var stats = new SearchStats(evolution.Archive);
        ParetoArchive archive;
        if (interactive)
        {
            archive = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(stats.Describe()), maxValue: budget);
                    task.Value = evolution.Archive.Count;
                    var progress = new SynchronousProgress(p =>
                    {
                        stats.Add(p.Entry);
                        task.Value = p.Evaluated;
                        task.Description = Markup.Escape(stats.Describe());
                    });
                    return await evolution.RunAsync(progress, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            var progress = new SynchronousProgress(p =>
            {
                stats.Add(p.Entry);
                Console.Error.WriteLine(Line(p));
            });
            archive = await evolution.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        Console.Error.WriteLine(stats.Summary());
        return archive;
    }

    private static string Line(EvolutionProgress value)
    {
        var e = value.Entry;
        var from = e.Parents.Count == 0 ? string.Empty : " of " + string.Join('+', e.Parents);
        var scores = e.Failed
            ? "failed: " + e.Failure
            : string.Format(CultureInfo.InvariantCulture, "recall@10 {0:0.000}, tokens {1:0.0}, p50 {2:0.0} µs", e.Quality, e.ContextTokens, e.QueryP50Microseconds);
        return $"[{value.Evaluated}/{value.Budget}] {e.Origin}{from}: {scores}";
    }

    /// <summary>Search split recall@10 of every candidate and the best so far, in evaluation order.</summary>
    private static void PlotBestQuality(ParetoArchive archive, string path)
    {
        var ids = new List<double>();
        var qualities = new List<double>();
        var bestIds = new List<double>();
        var best = new List<double>();
        foreach (var entry in archive.Entries)
        {
            if (entry.Failed)
            {
                continue;
            }

            ids.Add(entry.Id + 1);
            qualities.Add(entry.Quality!.Value);
            bestIds.Add(entry.Id + 1);
            best.Add(best.Count == 0 ? entry.Quality.Value : Math.Max(best[^1], entry.Quality.Value));
        }

        ReportPlot.Save(path, "search split recall@10 over candidates", "candidates evaluated", "recall@10 (search split)",
        [
            new ReportPlot.Series("candidate", [.. ids], [.. qualities], Lines: false),
            new ReportPlot.Series("best so far", [.. bestIds], [.. best], MarkerSize: 0),
        ]);
    }

    /// <summary>Every candidate and the front on the search split, and the front re-scored on the validation split.</summary>
    private static void PlotParetoFront(ParetoArchive archive, List<(ArchiveEntry Entry, RunResult? Result, string? Failure)> rescored, string validationName, string path)
    {
        var allX = new List<double>();
        var allY = new List<double>();
        foreach (var entry in archive.Entries)
        {
            if (!entry.Failed)
            {
                allX.Add(entry.ContextTokens!.Value);
                allY.Add(entry.Quality!.Value);
            }
        }

        // The front ordered by tokens, so its line reads as the trade-off curve.
        var front = rescored.OrderBy(r => r.Entry.ContextTokens).ToList();
        var validated = front.Where(r => r.Result is not null).ToList();
        ReportPlot.Save(path, "Pareto front: recall@10 vs context tokens", "mean MiniLM tokens retrieved per query", "recall@10",
        [
            new ReportPlot.Series("candidate (search split)", [.. allX], [.. allY], Lines: false, MarkerSize: 4),
            new ReportPlot.Series("front (search split)", [.. front.Select(r => r.Entry.ContextTokens!.Value)], [.. front.Select(r => r.Entry.Quality!.Value)], MarkerSize: 8),
            new ReportPlot.Series("front (" + validationName + ")", [.. validated.Select(r => r.Result!.Costs.MeanContextTokens)], [.. validated.Select(r => r.Result!.Overall.RecallAt(10))], MarkerSize: 8),
        ],
        width: 900,
        height: 600);
    }

    /// <summary>Counts what this process evaluated, for the live display and the throughput line.</summary>
    private sealed class SearchStats
    {
        private readonly ParetoArchive _archive;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;
        private int _evaluated;
        private int _failed;
        private double? _best;

        public SearchStats(ParetoArchive archive)
        {
            _archive = archive;
            foreach (var entry in archive.Entries)
            {
                Count(entry);
            }
        }

        public void Add(ArchiveEntry entry)
        {
            _evaluated++;
            Count(entry);
        }

        public double PerMinute => _evaluated == 0 ? 0 : _evaluated / _clock.Elapsed.TotalMinutes;

        public string Describe() => string.Format(
            CultureInfo.InvariantCulture,
            "best recall@10 {0} | front {1} | {2:0} candidates/min | {3} failed",
            _best is { } best ? best.ToString("0.000", CultureInfo.InvariantCulture) : "-",
            _archive.Front().Count,
            PerMinute,
            _failed);

        public string Summary() => string.Format(
            CultureInfo.InvariantCulture,
            "evaluated {0} candidates in {1:0.0} s: {2:0.0} candidates per minute ({3} processors, {4:0.0} s CPU: {5:0.0} candidates per CPU-minute); {6} failed in all, best search recall@10 {7}",
            _evaluated,
            _clock.Elapsed.TotalSeconds,
            PerMinute,
            Environment.ProcessorCount,
            (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalSeconds,
            _evaluated == 0 ? 0 : _evaluated / (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalMinutes,
            _failed,
            _best is { } best ? best.ToString("0.000", CultureInfo.InvariantCulture) : "-");

        private void Count(ArchiveEntry entry)
        {
            if (entry.Failed)
            {
                _failed++;
            }
            else if (_best is null || entry.Quality > _best)
            {
                _best = entry.Quality;
            }
        }
    }

    /// <summary>Reports on the search's own thread (no posting): the display is updated before the next candidate starts.</summary>
    private sealed class SynchronousProgress(Action<EvolutionProgress> report) : IProgress<EvolutionProgress>
    {
        public void Report(EvolutionProgress value) => report(value);
    }
}
