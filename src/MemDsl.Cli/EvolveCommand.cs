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
    private static readonly Option<string> Build = new("--build") { Description = "How candidates are built: interpreted (the runtime runs the spec) or compiled (rendered to C#, compiled with the generator in-process, unloaded after scoring; the only build that runs methods an LLM proposal brings with --allow-code). Both score identically.", DefaultValueFactory = _ => "interpreted" };
    private static readonly Option<string> EmbedderOption = new("--embedder") { Description = "Embedder of designs that declare EmbedderKind.MiniLM: hashing (a 384-d stand-in, no model; default) or minilm (the real all-MiniLM-L6-v2 behind an on-disk cache; the minilm-* baselines join the starting designs).", DefaultValueFactory = _ => "hashing" };
    private static readonly Option<string?> CacheOption = new("--cache") { Description = "With --embedder minilm: the directory of the embedding cache (default: --out/embeddings)." };
    private static readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the search whose checkpoint.json is in --out (same --seed, data, --metric, --proposer, --parallel and --max-context-tokens)." };
    private static readonly Option<double?> Minutes = new("--minutes") { Description = "Time budget: propose no candidate after this many minutes (running ones finish). With --budget, whichever ends first." };
    private static readonly Option<string> MetricOption = new("--metric") { Description = "The quality axis of the archive: recall@10 (default), recall@5, ndcg@10, mrr or hit@10.", DefaultValueFactory = _ => "recall@10" };
    private static readonly Option<int?> Parallel = new("--parallel") { Description = "Candidates evaluated at once (default: the processor count; on --resume, the checkpoint's). Part of what --seed reproduces." };
    private static readonly Option<double?> MaxContextTokens = new("--max-context-tokens") { Description = "Most mean context tokens (MiniLM tokens handed to the model per query) a design may cost: candidates over it are evaluated and archived but never enter the front or become parents (default: no limit). On --resume, the checkpoint's unless given (a different limit is refused)." };
    private static readonly Option<double?> CandidateTimeout = new("--candidate-timeout") { Description = "Seconds one candidate may take; past it, it is archived as failed and the search goes on (default: no limit)." };
    private static readonly Option<string> ProposerOption = new("--proposer") { Description = "Who proposes candidates: evolutionary (mutation and crossover; default) or llm (a chat model at --llm-endpoint).", DefaultValueFactory = _ => EvolutionaryProposer.ProposerName };
    private static readonly Option<string?> LlmEndpoint = new("--llm-endpoint") { Description = "With --proposer llm: the base URL of an OpenAI-compatible chat endpoint, e.g. http://localhost:8080/v1. The key, if any, comes from $" + LlmApiKeyVariable + "." };
    private static readonly Option<string?> LlmModel = new("--llm-model") { Description = "With --proposer llm: the model name the endpoint serves." };
    private static readonly Option<int> LlmAttempts = new("--llm-attempts") { Description = "With --proposer llm: answers asked per proposal when answers do not parse or validate (each rejection is counted).", DefaultValueFactory = _ => 3 };
    private static readonly Option<bool> AllowCode = new("--allow-code") { Description = "With --proposer llm: accept answers that add [EncodeWith]/[ScoreWith] methods (parsed and validated; they run with --build compiled, while the interpreted evaluation archives them as failed)." };

    /// <summary>The environment variable holding the LLM endpoint's API key.</summary>
    public const string LlmApiKeyVariable = "MEMDSL_LLM_API_KEY";

    /// <summary>The evolve report's plot files, written beside report.md.</summary>
    public const string BestQualityPlot = "best-quality.png";

    /// <inheritdoc cref="BestQualityPlot"/>
    public const string ParetoFrontPlot = "pareto-front.png";

    /// <summary>Offset of the validation stream seed from the search stream seed.</summary>
    public const int ValidationSeedOffset = 1;

    static EvolveCommand()
    {
        Stream.AcceptOnlyFromAmong([.. SyntheticStreams.Names]);
        MetricOption.AcceptOnlyFromAmong([.. QualityMetric.CommonNames]);
        ProposerOption.AcceptOnlyFromAmong(EvolutionaryProposer.ProposerName, LlmProposer.ProposerName);
        Build.AcceptOnlyFromAmong("interpreted", "compiled");
        EmbedderOption.AcceptOnlyFromAmong("hashing", "minilm");
    }

    public static Command Create() => new("evolve", "Search memory declarations for the Pareto front of quality, context tokens and latency.")
    {
        Stream, Data, Conversations, Budget, Seed, Specs, Out, ResumeOption,
        Minutes, MetricOption, Parallel, CandidateTimeout, MaxContextTokens, ProposerOption, LlmEndpoint, LlmModel, LlmAttempts, AllowCode, Build, EmbedderOption, CacheOption,
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

        // Read once: the resumed search continues from it, and its parallelism and token limit are the defaults.
        var checkpoint = resume ? Checkpoint.Load(checkpointPath) : null;
        var run = ReadRunOptions(parse, checkpoint);
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

        var build = parse.GetValue(Build) == "compiled" ? CandidateBuild.Compiled : CandidateBuild.Interpreted;
        var options = run with { Seed = seed, Budget = budget, StartingSpecs = starting, CheckpointPath = checkpointPath, Build = build, Benchmark = benchOptions };
        if (miniLM is not null && starting is null)
        {
            options = options with { StartingSpecs = [.. EvolutionarySearch.DefaultStartingSpecs(options), .. BuiltInDesigns.MiniLMBaselines.Select(b => AttributeText.Parse(b.Value) with { Name = b.Key })] };
        }

        // The archive records no heap size: skip the forced collections that measure it.
        var searchRunner = new BenchmarkRunner(benchOptions with { MeasureManagedHeap = false });
        var evolution = resume
            ? EvolutionarySearch.Resume(checkpoint!, checkpointPath, search, searchKey, options, searchRunner)
            : new EvolutionarySearch(search, searchKey, options, searchRunner);
        Console.Error.WriteLine(resume
            ? $"resuming {checkpointPath}: {evolution.Archive.Count} of {budget} candidates done"
            : $"searching on {searchKey}, seed {seed}, budget {budget}, {build.ToString().ToLowerInvariant()} candidates");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"proposer {options.Proposer?.Name ?? EvolutionaryProposer.ProposerName}, metric {options.Metric.Name}, {options.Parallelism} at a time{(options.TimeLimit is { } limit ? $", {limit.TotalMinutes:0.##} minutes" : string.Empty)}{(options.MaxContextTokens is { } tokens ? $", at most {tokens:0.##} context tokens" : string.Empty)}"));
        if (parse.GetValue(AllowCode) && build != CandidateBuild.Compiled)
        {
            Console.Error.WriteLine("--allow-code: code-bearing answers are parsed and validated, but the interpreted evaluation cannot run [EncodeWith]/[ScoreWith] methods, so they are archived as failed; add --build compiled to run them.");
        }

        var (hitsBefore, missesBefore) = miniLM is null ? (0L, 0L) : (miniLM.Cache.Hits, miniLM.Cache.Misses);
        ParetoArchive archive;
        try
        {
            archive = await RunWithProgressAsync(evolution, budget, options.Metric.Name, cancellationToken);
        }
        catch (Exception exception) when (options.Proposer is LlmProposer && exception is System.ClientModel.ClientResultException or HttpRequestException)
        {
            // Not a bug and not a candidate's failure: the endpoint, model or key is wrong, or the server is down.
            throw new UsageException($"the LLM endpoint {parse.GetValue(LlmEndpoint)} failed: {exception.Message} The checkpoint keeps the {evolution.Archive.Count} candidates evaluated so far; fix the endpoint and add --resume.");
        }

        if (evolution.StoppedByTimeLimit)
        {
            Console.Error.WriteLine($"time budget spent after {archive.Count} of {budget} candidates");
        }

        if (miniLM is not null)
        {
            // Says whether the throughput above was measured on a warm cache (misses run the model).
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedding cache {miniLM.Cache.FilePath}: {miniLM.Cache.Hits - hitsBefore} hits, {miniLM.Cache.Misses - missesBefore} misses during the search"));
        }

        var rescored = await RescoreFrontAsync(archive.Front(), validation, benchOptions, options.Parallelism, options.Metric, cancellationToken);

        Directory.CreateDirectory(outDirectory);
        PlotBestQuality(archive, options.Metric.Name, Path.Combine(outDirectory, BestQualityPlot));
        PlotParetoFront(archive, rescored, options.Metric, validation.Name, Path.Combine(outDirectory, ParetoFrontPlot));
        var report = Report(archive, rescored, searchKey, validation.Name, seed, budget, "memdsl " + string.Join(' ', parse.Tokens.Select(t => t.Value)), options.Metric, evolution.Rejected);
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

    private static string Report(ParetoArchive archive, List<(ArchiveEntry Entry, RunResult? Result, string? Failure)> rescored, string searchKey, string validationName, int seed, int budget, string command, QualityMetric metric, IReadOnlyList<RejectedAnswer> rejected)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("# memdsl evolve\n\n");
        text.Append(inv, $"`{command}`\n\n");
        var failed = archive.Entries.Count(e => e.Failed);
        text.Append(inv, $"Searched on {searchKey} with seed {seed}: {archive.Count} candidates evaluated (budget {budget}), {failed} failed");
        text.Append(rejected.Count == 0 ? ". " : string.Create(inv, $", {rejected.Count} proposer answers rejected (never benched). "));
        if (archive.MaxContextTokens is { } tokenLimit)
        {
            var over = archive.Entries.Count(e => !e.Failed && !archive.IsEligible(e));
            text.Append(inv, $"Designs were limited to {tokenLimit:0.##} mean context tokens per query on the search split: {over} candidates over it are archived but not in the front. ");
        }

        text.Append(inv, $"The front below is re-scored on held-out data: {validationName}.\n\n");
        text.Append("## Pareto front\n\n");
        text.Append(inv, $"Quality is {metric.Name}; tokens are the mean MiniLM tokens handed to the model per query; p50 is the median query latency in microseconds (machine-dependent).\n\n");
        text.Append(inv, $"| id | origin | parents | search {metric.Name} | search tokens | search p50 µs | validation {metric.Name} | validation tokens | validation p50 µs |\n");
        text.Append("|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (entry, result, failure) in rescored)
        {
            var validation = result is null
                ? $"failed: {failure} | | "
                : string.Format(inv, "{0:0.000} | {1:0.0} | {2:0.0}", metric.Read(result.Overall), result.Costs.MeanContextTokens, result.Costs.QueryP50Microseconds);
            text.Append(inv, $"| {entry.Id} | {entry.Origin} | {string.Join(", ", entry.Parents)} | {entry.Quality:0.000} | {entry.ContextTokens:0.0} | {entry.QueryP50Microseconds:0.0} | {validation} |\n");
        }

        text.Append('\n');
        foreach (var (entry, _, _) in rescored)
        {
            text.Append(inv, $"### Candidate {entry.Id}\n\n```csharp\n{entry.SpecText}\n```\n\n");
        }

        text.Append("## Plots\n\n");
        text.Append(inv, $"![best search {metric.Name} over candidates]({BestQualityPlot})\n\n");
        text.Append(inv, $"![Pareto front: {metric.Name} vs context tokens]({ParetoFrontPlot})\n\n");

        if (failed > 0)
        {
            text.Append("## Failed candidates\n\n");
            foreach (var entry in archive.Entries.Where(e => e.Failed))
            {
                text.Append(inv, $"- {entry.Id}: {entry.Failure}\n");
            }

            text.Append('\n');
        }

        if (rejected.Count > 0)
        {
            text.Append("## Rejected proposer answers\n\n");
            foreach (var answer in rejected)
            {
                text.Append(inv, $"- for candidate {answer.Slot}: {answer.Reason}\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The options that shape the search besides seed, budget and starting specs.</summary>
    private static EvolutionOptions ReadRunOptions(ParseResult parse, Checkpoint? checkpoint)
    {
        var minutes = parse.GetValue(Minutes);
        if (minutes is { } m && (m <= 0 || !double.IsFinite(m)))
        {
            throw new UsageException("--minutes must be a positive number of minutes.");
        }

        var timeout = parse.GetValue(CandidateTimeout);
        if (timeout is { } t && (t <= 0 || !double.IsFinite(t)))
        {
            throw new UsageException("--candidate-timeout must be a positive number of seconds.");
        }

        var maxContextTokens = parse.GetValue(MaxContextTokens);
        if (maxContextTokens is { } tokens && (tokens <= 0 || !double.IsFinite(tokens)))
        {
            throw new UsageException("--max-context-tokens must be a positive number of tokens.");
        }

        var parallel = parse.GetValue(Parallel);
        if (parallel is < 1)
        {
            throw new UsageException("--parallel must be at least 1.");
        }

        var proposerName = parse.GetValue(ProposerOption)!;
        var endpoint = parse.GetValue(LlmEndpoint);
        var model = parse.GetValue(LlmModel);
        var allowCode = parse.GetValue(AllowCode);
        var attempts = parse.GetValue(LlmAttempts);
        IProposer? proposer = null;
        if (proposerName == LlmProposer.ProposerName)
        {
            if (string.IsNullOrWhiteSpace(endpoint))
            {
                throw new UsageException("--proposer llm needs --llm-endpoint URL (an OpenAI-compatible endpoint such as http://localhost:8080/v1) and --llm-model NAME; the key, if any, comes from $" + LlmApiKeyVariable + ".");
            }

            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--llm-endpoint: '{endpoint}' is not an http(s) URL.");
            }

            if (string.IsNullOrWhiteSpace(model))
            {
                throw new UsageException("--proposer llm needs --llm-model NAME (the model the endpoint serves).");
            }

            if (attempts < 1)
            {
                throw new UsageException("--llm-attempts must be at least 1.");
            }

            proposer = new LlmProposer(LlmChatClient.Create(uri, model, Environment.GetEnvironmentVariable(LlmApiKeyVariable)), new LlmProposerOptions { AllowCode = allowCode, MaxAttempts = attempts });
        }
        else if (endpoint is not null || model is not null || allowCode || parse.GetResult(LlmAttempts) is { Implicit: false })
        {
            throw new UsageException("--llm-endpoint, --llm-model, --llm-attempts and --allow-code are used only with --proposer llm.");
        }

        // A resumed search keeps its parallelism and token limit (they shape the proposals) unless told otherwise.
        var parallelism = parallel ?? checkpoint?.EffectiveParallelism ?? Environment.ProcessorCount;
        maxContextTokens ??= checkpoint?.MaxContextTokens;
        return new EvolutionOptions
        {
            Metric = QualityMetric.Parse(parse.GetValue(MetricOption)!),
            Parallelism = parallelism,
            CandidateTimeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TimeLimit = minutes is { } limit ? TimeSpan.FromMinutes(limit) : null,
            MaxContextTokens = maxContextTokens,
            Proposer = proposer,
        };
    }

    /// <summary>
    /// Runs the search with a live Spectre.Console display when stdout is a terminal (a progress bar over the
    /// budget, best-so-far quality, front size, candidates per minute, failures) and one plain line per
    /// candidate on stderr otherwise; ends with a throughput line on stderr either way.
    /// </summary>
    private static async Task<ParetoArchive> RunWithProgressAsync(EvolutionarySearch evolution, int budget, string metric, CancellationToken cancellationToken)
    {
        var console = BenchCommand.CreateConsole(out var interactive);
        var stats = new SearchStats(evolution.Archive, metric);
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
                Console.Error.WriteLine(Line(p, metric));
            });
            archive = await evolution.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        Console.Error.WriteLine(stats.Summary());
        return archive;
    }

    /// <summary>
    /// Runs every front member on the held-out data, <paramref name="parallelism"/> at a time (the search's own), one stderr
    /// line per finished member: a front of a hundred LoCoMo designs takes minutes. Results keep the front's order.
    /// </summary>
    private static async Task<List<(ArchiveEntry Entry, RunResult? Result, string? Failure)>> RescoreFrontAsync(
        IReadOnlyList<ArchiveEntry> front, BenchmarkDataset validation, BenchmarkOptions benchOptions, int parallelism, QualityMetric metric, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"re-scoring the {front.Count} designs of the front on {validation.Name}");
        var runner = new BenchmarkRunner(benchOptions);
        var results = new (ArchiveEntry Entry, RunResult? Result, string? Failure)[front.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, front.Count), parallel, async (index, token) =>
        {
            var entry = front[index];
            string outcome;
            try
            {
                var result = await runner.RunOneAsync(DesignFactory.FromSpec(entry.Spec, "evolve", benchOptions), validation, null, token).ConfigureAwait(false);
                results[index] = (entry, result, null);
                outcome = string.Create(CultureInfo.InvariantCulture, $"{metric.Name} {metric.Read(result.Overall):0.000}, tokens {result.Costs.MeanContextTokens:0.0}");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                results[index] = (entry, null, exception.GetType().Name + ": " + exception.Message);
                outcome = "failed: " + results[index].Failure;
            }

            Console.Error.WriteLine($"[{Interlocked.Increment(ref done)}/{front.Count}] validated c{entry.Id}: {outcome}");
        }).ConfigureAwait(false);
        return [.. results];
    }

    private static string Line(EvolutionProgress value, string metric)
    {
        var e = value.Entry;
        var from = e.Parents.Count == 0 ? string.Empty : " of " + string.Join('+', e.Parents);
        var scores = e.Failed
            ? "failed: " + e.Failure
            : string.Format(CultureInfo.InvariantCulture, "{0} {1:0.000}, tokens {2:0.0}, p50 {3:0.0} µs", metric, e.Quality, e.ContextTokens, e.QueryP50Microseconds);
        var rejected = value.Rejected == 0 ? string.Empty : $" ({value.Rejected} answers rejected so far)";
        return $"[{value.Evaluated}/{value.Budget}] {e.Origin}{from}: {scores}{rejected}";
    }

    /// <summary>Search split quality of every candidate and the best so far, in evaluation order.</summary>
    private static void PlotBestQuality(ParetoArchive archive, string metric, string path)
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
            if (archive.IsEligible(entry))
            {
                // Over a --max-context-tokens limit a candidate is plotted but does not count as the best.
                bestIds.Add(entry.Id + 1);
                best.Add(best.Count == 0 ? entry.Quality.Value : Math.Max(best[^1], entry.Quality.Value));
            }
        }

        ReportPlot.Save(path, $"search split {metric} over candidates", "candidates evaluated", $"{metric} (search split)",
        [
            new ReportPlot.Series("candidate", [.. ids], [.. qualities], Lines: false),
            new ReportPlot.Series("best so far", [.. bestIds], [.. best], MarkerSize: 0),
        ]);
    }

    /// <summary>Every candidate and the front on the search split, and the front re-scored on the validation split.</summary>
    private static void PlotParetoFront(ParetoArchive archive, List<(ArchiveEntry Entry, RunResult? Result, string? Failure)> rescored, QualityMetric metric, string validationName, string path)
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
        ReportPlot.Save(path, $"Pareto front: {metric.Name} vs context tokens", "mean MiniLM tokens retrieved per query", metric.Name,
        [
            new ReportPlot.Series("candidate (search split)", [.. allX], [.. allY], Lines: false, MarkerSize: 4),
            new ReportPlot.Series("front (search split)", [.. front.Select(r => r.Entry.ContextTokens!.Value)], [.. front.Select(r => r.Entry.Quality!.Value)], MarkerSize: 8),
            new ReportPlot.Series("front (" + validationName + ")", [.. validated.Select(r => r.Result!.Costs.MeanContextTokens)], [.. validated.Select(r => metric.Read(r.Result!.Overall))], MarkerSize: 8),
        ],
        width: 900,
        height: 600);
    }

    /// <summary>Counts what this process evaluated, for the live display and the throughput line.</summary>
    private sealed class SearchStats
    {
        private readonly ParetoArchive _archive;
        private readonly string _metric;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;
        private int _evaluated;
        private int _failed;
        private double? _best;

        public SearchStats(ParetoArchive archive, string metric)
        {
            _archive = archive;
            _metric = metric;
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
            "best {4} {0} | front {1} | {2:0} candidates/min | {3} failed",
            _best is { } best ? best.ToString("0.000", CultureInfo.InvariantCulture) : "-",
            _archive.Front().Count,
            PerMinute,
            _failed,
            _metric);

        public string Summary() => string.Format(
            CultureInfo.InvariantCulture,
            "evaluated {0} candidates in {1:0.0} s: {2:0.0} candidates per minute ({3} processors, {4:0.0} s CPU: {5:0.0} candidates per CPU-minute); {6} failed in all, best search {8} {7}",
            _evaluated,
            _clock.Elapsed.TotalSeconds,
            PerMinute,
            Environment.ProcessorCount,
            (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalSeconds,
            _evaluated == 0 ? 0 : _evaluated / (Environment.CpuUsage.TotalTime - _cpuAtStart).TotalMinutes,
            _failed,
            _best is { } best ? best.ToString("0.000", CultureInfo.InvariantCulture) : "-",
            _metric);

        private void Count(ArchiveEntry entry)
        {
            if (entry.Failed)
            {
                _failed++;
            }
            else if (_archive.IsEligible(entry) && (_best is null || entry.Quality > _best))
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
