using System.Diagnostics;
using System.Globalization;
using MemDsl.Evaluation;
using MemDsl.Onnx;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace MemDsl.Cli;

/// <summary>
/// <c>memdsl bench</c>: runs designs (baselines, samples, spec files) on datasets (the synthetic
/// streams, or a LoCoMo file) and prints a leaderboard; <c>--out</c> writes a report directory.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var console = CreateConsole(out var interactive);
        var clock = Stopwatch.StartNew();
        var options = new BenchmarkOptions();
        var notes = new List<string>();
        var datasets = LoadDatasets(settings);
        using var miniLM = settings.Embedder == BenchEmbedder.MiniLM ? OpenMiniLM(settings.CacheDirectory ?? DefaultCacheDirectory) : null;
        var counters = new Dictionary<string, CacheCountingEmbeddingGenerator>(StringComparer.Ordinal);
        var designs = LoadDesigns(settings, options, notes, miniLM, counters);

        var runner = new BenchmarkRunner(options);
        BenchmarkReport report;
        if (interactive)
        {
            report = await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<(string, string), ProgressTask>();
                    foreach (var dataset in datasets)
                    {
                        foreach (var design in designs)
                        {
                            tasks[(design.Name, dataset.Name)] = context.AddTask(Markup.Escape($"{design.Name} on {dataset.Name}"), autoStart: false, maxValue: Math.Max(1, dataset.WriteCount + dataset.QueryCount));
                        }
                    }

                    var progress = new SynchronousProgress(p =>
                    {
                        var task = tasks[(p.Design, p.Dataset)];
                        task.StartTask();
                        task.Value = p.Done;
                    });
                    return await runner.RunAsync(designs, datasets, progress, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            // Redirected output: no live display; one line per finished run on stderr.
            var progress = new SynchronousProgress(p =>
            {
                if (p.Done == p.Total)
                {
                    Console.Error.WriteLine($"bench: {p.Design} on {p.Dataset} done ({p.Total} events)");
                }
            });
            report = await runner.RunAsync(designs, datasets, progress, cancellationToken).ConfigureAwait(false);
        }

        Print(console, report, designs, notes, interactive, miniLM, counters);
        if (settings.Out is { } outDirectory)
        {
            var files = await BenchmarkReportWriter.WriteAsync(report, outDirectory, settings.CommandLine, cancellationToken).ConfigureAwait(false);
            console.WriteLine($"Wrote {files.Count} files to {outDirectory}: {string.Join(", ", files.Select(Path.GetFileName))}");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: finished in {clock.Elapsed.TotalSeconds:0.0} s"));
        return ExitCodes.Success;
    }

    internal static IAnsiConsole CreateConsole(out bool interactive)
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            // A wide fixed width keeps the table on one line per row in files and pipes.
            console.Profile.Width = 240;
        }

        interactive = console.Profile.Capabilities.Interactive;
        return console;
    }

    /// <summary>
    /// Where <c>--embedder minilm</c> caches vectors without <c>--cache</c>: <c>$XDG_CACHE_HOME/memdsl/embeddings</c>,
    /// else <c>~/.cache/memdsl/embeddings</c> (on Windows <c>%LOCALAPPDATA%\memdsl\embeddings</c>).
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(root, "memdsl", "embeddings");
        }
    }

    internal static DiskCachingEmbeddingGenerator OpenMiniLM(string cacheDirectory)
    {
        var embedder = new MiniLMEmbedder();
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            var cache = EmbeddingCache.Open(cacheDirectory, embedder.EmbedderId, MiniLMEmbedder.ModelSha256, MiniLMEmbedder.Dimensions);
            return new DiskCachingEmbeddingGenerator(embedder, cache);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            embedder.Dispose();
            throw new UsageException($"The embedding cache directory '{cacheDirectory}' cannot be used: {exception.Message} Give another with --cache DIR.");
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    private static List<BenchmarkDesign> LoadDesigns(
        BenchSettings settings,
        BenchmarkOptions options,
        List<string> notes,
        DiskCachingEmbeddingGenerator? miniLM,
        Dictionary<string, CacheCountingEmbeddingGenerator> counters)
    {
        var designs = new List<BenchmarkDesign>();
        var assemblies = settings.Assemblies ?? [];
        var defaults = settings.Specs.Count == 0 && settings.Baselines.Count == 0 && !settings.Samples && assemblies.Count == 0;
        var known = BuiltInDesigns.Baselines.Concat(BuiltInDesigns.MiniLMBaselines).Select(b => b.Key).ToList();
        var baselines = defaults || settings.Baselines.Contains("all") ? known : settings.Baselines.Distinct(StringComparer.Ordinal).ToList();
        var skipped = new List<string>();
        foreach (var name in baselines)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"Unknown baseline '{name}'. Use one of: {string.Join(", ", known)}, all.");
            }

            if (miniLM is null && BuiltInDesigns.MiniLMBaselines.Any(b => b.Key == name))
            {
                skipped.Add(name);
                continue;
            }

            designs.Add(Counted(BuiltInDesigns.Baseline(name, options)));
        }

        if (skipped.Count > 0)
        {
            notes.Add($"skipped {string.Join(" and ", skipped)}: they declare the MiniLM embedder and run only with --embedder minilm.");
        }

        if (defaults || settings.Samples)
        {
            designs.AddRange(SampleDeclarations.Load(options, out var skippedSamples).Select(Counted));
            notes.AddRange(skippedSamples);
        }

        foreach (var spec in settings.Specs)
        {
            if (!File.Exists(spec))
            {
                throw new UsageException($"The spec file '{spec}' does not exist. Give a file of attribute lists such as [MemoryArchitecture(\"name\")] [Encode(...)] ...");
            }

            designs.Add(Counted(DesignFactory.FromFile(spec, options)));
        }

        // Compiled pipelines keep their own constructors, so MiniLM designs get the shared cached
        // embedder directly (their cache counts show in the run's totals, not per design).
        var compiledOptions = miniLM is null ? options : options with { EmbeddingGenerator = miniLM, EmbeddingGeneratorName = "minilm (cached)" };
        foreach (var assembly in assemblies)
        {
            designs.AddRange(CompiledDesigns.FromAssembly(assembly, compiledOptions, notes));
        }

        // A MiniLM design is rebuilt from its spec over its own counting view of the shared cached embedder,
        // so the output can give each design's cache hits and misses.
        BenchmarkDesign Counted(BenchmarkDesign design)
        {
            if (miniLM is null || design.Spec is not { Embed.KindName: "MiniLM" } spec)
            {
                return design;
            }

            var counter = new CacheCountingEmbeddingGenerator(miniLM);
            counters[design.Name] = counter;
            var name = miniLM.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? MiniLMEmbedder.ModelId;
            var device = miniLM.GetService<MiniLMEmbedder>()?.ActiveDevice.ToString().ToLowerInvariant() ?? "unknown";
            return DesignFactory.FromSpec(spec, design.Source, options with { EmbeddingGenerator = counter, EmbeddingGeneratorName = $"minilm ({name}, ONNX Runtime {device})" });
        }

        var duplicates = designs.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new UsageException($"Two designs are named '{duplicates[0]}'; give each [MemoryArchitecture(\"...\")] a distinct name.");
        }

        return designs;
    }

    private static List<BenchmarkDataset> LoadDatasets(BenchSettings settings)
    {
        var datasets = new List<BenchmarkDataset>();
        if (settings.Data is { } data)
        {
            if (!File.Exists(data))
            {
                throw new UsageException($"The data file '{data}' does not exist. Give the path of a LoCoMo JSON file (for example ../shared/data/locomo/dev.json).");
            }

            var loaded = LoCoMoLoader.Load(data, new LoCoMoLoadOptions
            {
                Split = settings.Split,
                MaxConversations = settings.Conversations,
                IncludeImageCaptions = settings.Captions,
            });
            if (loaded.Dataset.Streams.Count == 0)
            {
                throw new UsageException($"'{data}' has no conversation in split '{settings.Split.ToString().ToLowerInvariant()}'.");
            }

            // Designs that learn from feedback get it on the search split only: validation never sees gold labels.
            datasets.Add(loaded.Dataset with { FeedbackFromGold = settings.Split == LoCoMoSplit.Search });
        }

        var streams = settings.Streams.Count == 0 && settings.Data is null ? SyntheticStreams.Names : settings.Streams;
        foreach (var name in streams)
        {
            if (!SyntheticStreams.Names.Contains(name))
            {
                throw new UsageException($"Unknown stream '{name}'. Use one of: {string.Join(", ", SyntheticStreams.Names)}.");
            }

            datasets.Add(SyntheticStreams.Create(name, settings.Seed));
        }

        return datasets;
    }

    private static void Print(
        IAnsiConsole console,
        BenchmarkReport report,
        IReadOnlyList<BenchmarkDesign> designs,
        List<string> notes,
        bool interactive,
        DiskCachingEmbeddingGenerator? miniLM,
        Dictionary<string, CacheCountingEmbeddingGenerator> counters)
    {
        var k = report.MaxK;
        var mid = Math.Min(5, k);
        var table = new Table().Border(interactive ? TableBorder.Rounded : TableBorder.Markdown);
        table.AddColumn("dataset");
        table.AddColumn("design");
        foreach (var column in new[] { "queries", $"R@{mid}", $"R@{k}", $"hit@{k}", $"NDCG@{k}", "MRR", "ctx tokens", "write p50 µs", "query p50 µs", "query p95 µs", "heap KB" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var run in report.Leaderboard())
        {
            var m = run.Overall;
            var c = run.Costs;
            table.AddRow(
                Markup.Escape(run.Dataset),
                Markup.Escape(run.Design),
                run.QueriesScored.ToString(CultureInfo.InvariantCulture),
                F(m.RecallAt(mid)),
                F(m.RecallAt(k)),
                F(m.HitAt(k)),
                F(m.NdcgAt(k)),
                F(m.Mrr),
                c.MeanContextTokens.ToString("0.0", CultureInfo.InvariantCulture),
                c.WriteP50Microseconds.ToString("0.0", CultureInfo.InvariantCulture),
                c.QueryP50Microseconds.ToString("0.0", CultureInfo.InvariantCulture),
                c.QueryP95Microseconds.ToString("0.0", CultureInfo.InvariantCulture),
                (c.ManagedBytes / 1024.0).ToString("0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.WriteLine();
        console.WriteLine("Designs:");
        foreach (var design in designs)
        {
            var cache = counters.TryGetValue(design.Name, out var counter)
                ? string.Create(CultureInfo.InvariantCulture, $", embedding cache {counter.Hits} hits, {counter.Misses} misses")
                : string.Empty;
            console.WriteLine($"  {design.Name}: {design.Source}, embedder {design.Embedder}{cache}");
        }

        console.WriteLine(miniLM is null
            ? "Embeddings: the hashing embedder (word unigrams and bigrams, no model); MiniLM designs use a 384-d hashing stand-in (--embedder minilm runs the real model)."
            : string.Create(CultureInfo.InvariantCulture, $"Embeddings: MiniLM designs on all-MiniLM-L6-v2, cached in {miniLM.Cache.FilePath} ({miniLM.Cache.Count} vectors, {miniLM.Cache.Hits} hits, {miniLM.Cache.Misses} misses this run); the others on the hashing embedder."));
        console.WriteLine("Datasets:");
        foreach (var dataset in report.Datasets)
        {
            console.WriteLine($"  {dataset.Name}: {dataset.Description}");
            foreach (var note in dataset.Notes)
            {
                console.WriteLine($"    {note}");
            }
        }

        foreach (var note in notes)
        {
            console.WriteLine("Note: " + note);
        }
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed class SynchronousProgress(Action<BenchmarkProgress> report) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value) => report(value);
    }
}
