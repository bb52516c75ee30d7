using System.CommandLine;
using System.Globalization;
using System.Text;
using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Model;

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
    private static readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the search whose checkpoint.json is in --out (same --seed, data, --metric, --proposer and --parallel)." };
    private static readonly Option<double?> Minutes = new("--minutes") { Description = "Time budget: propose no candidate after this many minutes (running ones finish). With --budget, whichever ends first." };
    private static readonly Option<string> MetricOption = new("--metric") { Description = "The quality axis of the archive: recall@10 (default), recall@5, ndcg@10, mrr or hit@10.", DefaultValueFactory = _ => "recall@10" };
    private static readonly Option<int?> Parallel = new("--parallel") { Description = "Candidates evaluated at once (default: the processor count; on --resume, the checkpoint's). Part of what --seed reproduces." };
    private static readonly Option<double?> CandidateTimeout = new("--candidate-timeout") { Description = "Seconds one candidate may take; past it, it is archived as failed and the search goes on (default: no limit)." };
    private static readonly Option<string> ProposerOption = new("--proposer") { Description = "Who proposes candidates: evolutionary (mutation and crossover; default) or llm (a chat model at --llm-endpoint).", DefaultValueFactory = _ => EvolutionaryProposer.ProposerName };
    private static readonly Option<string?> LlmEndpoint = new("--llm-endpoint") { Description = "With --proposer llm: the base URL of an OpenAI-compatible chat endpoint, e.g. http://localhost:8080/v1. The key, if any, comes from $" + LlmApiKeyVariable + "." };
    private static readonly Option<string?> LlmModel = new("--llm-model") { Description = "With --proposer llm: the model name the endpoint serves." };
    private static readonly Option<int> LlmAttempts = new("--llm-attempts") { Description = "With --proposer llm: answers asked per proposal when answers do not parse or validate (each rejection is counted).", DefaultValueFactory = _ => 3 };
    private static readonly Option<bool> AllowCode = new("--allow-code") { Description = "With --proposer llm: accept answers that add [EncodeWith]/[ScoreWith] methods (parsed and validated; they run with --build compiled, while the interpreted evaluation archives them as failed)." };

    /// <summary>The environment variable holding the LLM endpoint's API key.</summary>
    public const string LlmApiKeyVariable = "MEMDSL_LLM_API_KEY";

    /// <summary>Offset of the validation stream seed from the search stream seed.</summary>
    public const int ValidationSeedOffset = 1;

    static EvolveCommand()
    {
        Stream.AcceptOnlyFromAmong([.. SyntheticStreams.Names]);
        MetricOption.AcceptOnlyFromAmong([.. QualityMetric.CommonNames]);
        ProposerOption.AcceptOnlyFromAmong(EvolutionaryProposer.ProposerName, LlmProposer.ProposerName);
        Build.AcceptOnlyFromAmong("interpreted", "compiled");
    }

    public static Command Create() => new("evolve", "Search memory declarations for the Pareto front of quality, context tokens and latency.")
    {
        Stream, Data, Conversations, Budget, Seed, Specs, Out, ResumeOption,
        Minutes, MetricOption, Parallel, CandidateTimeout, ProposerOption, LlmEndpoint, LlmModel, LlmAttempts, AllowCode, Build,
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

        var run = ReadRunOptions(parse, resume, checkpointPath);
        var (search, searchKey, validation) = LoadData(parse, dataPath);
        IReadOnlyList<ArchitectureSpec>? starting = null;
        var specFiles = parse.GetValue(Specs) ?? [];
        if (specFiles.Length > 0)
        {
            starting = specFiles.Select(file => DesignFactory.FromFile(file).Spec!).ToList();
        }

        var build = parse.GetValue(Build) == "compiled" ? CandidateBuild.Compiled : CandidateBuild.Interpreted;
        var options = run with { Seed = seed, Budget = budget, StartingSpecs = starting, CheckpointPath = checkpointPath, Build = build };
        var evolution = resume
            ? EvolutionarySearch.Resume(checkpointPath, search, searchKey, options)
            : new EvolutionarySearch(search, searchKey, options);
        Console.Error.WriteLine(resume
            ? $"resuming {checkpointPath}: {evolution.Archive.Count} of {budget} candidates done"
            : $"searching on {searchKey}, seed {seed}, budget {budget}, {build.ToString().ToLowerInvariant()} candidates");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"proposer {options.Proposer?.Name ?? EvolutionaryProposer.ProposerName}, metric {options.Metric.Name}, {options.Parallelism} at a time{(options.TimeLimit is { } limit ? $", {limit.TotalMinutes:0.##} minutes" : string.Empty)}"));
        if (parse.GetValue(AllowCode) && build != CandidateBuild.Compiled)
        {
            Console.Error.WriteLine("--allow-code: code-bearing answers are parsed and validated, but the interpreted evaluation cannot run [EncodeWith]/[ScoreWith] methods, so they are archived as failed; add --build compiled to run them.");
        }

        ParetoArchive archive;
        try
        {
            archive = await evolution.RunAsync(new ConsoleProgress(options.Metric.Name), cancellationToken);
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

        var front = archive.Front();
        var runner = new BenchmarkRunner();
        var rescored = new List<(ArchiveEntry Entry, RunResult? Result, string? Failure)>();
        foreach (var entry in front)
        {
            try
            {
                var result = await runner.RunOneAsync(DesignFactory.FromSpec(entry.Spec, "evolve"), validation, null, cancellationToken);
                rescored.Add((entry, result, null));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                rescored.Add((entry, null, exception.GetType().Name + ": " + exception.Message));
            }
        }

        var report = Report(archive, rescored, searchKey, validation.Name, seed, budget, "memdsl " + string.Join(' ', parse.Tokens.Select(t => t.Value)), options.Metric, evolution.Rejected);
        Directory.CreateDirectory(outDirectory);
        var reportPath = Path.Combine(outDirectory, "report.md");
        File.WriteAllText(reportPath, report);
        Console.Out.Write(report);
        Console.Error.WriteLine($"wrote {reportPath} and {checkpointPath}");
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
    private static EvolutionOptions ReadRunOptions(ParseResult parse, bool resume, string checkpointPath)
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

        // A resumed search keeps its parallelism (it shapes the proposals) unless told otherwise.
        var parallelism = parallel ?? (resume ? Checkpoint.Load(checkpointPath).EffectiveParallelism : Environment.ProcessorCount);
        return new EvolutionOptions
        {
            Metric = QualityMetric.Parse(parse.GetValue(MetricOption)!),
            Parallelism = parallelism,
            CandidateTimeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TimeLimit = minutes is { } limit ? TimeSpan.FromMinutes(limit) : null,
            Proposer = proposer,
        };
    }

    private sealed class ConsoleProgress(string metric) : IProgress<EvolutionProgress>
    {
        public void Report(EvolutionProgress value)
        {
            var e = value.Entry;
            var from = e.Parents.Count == 0 ? string.Empty : " of " + string.Join('+', e.Parents);
            var scores = e.Failed
                ? "failed: " + e.Failure
                : string.Format(CultureInfo.InvariantCulture, "{0} {1:0.000}, tokens {2:0.0}, p50 {3:0.0} µs", metric, e.Quality, e.ContextTokens, e.QueryP50Microseconds);
            var rejected = value.Rejected == 0 ? string.Empty : $" ({value.Rejected} answers rejected so far)";
            Console.Error.WriteLine($"[{value.Evaluated}/{value.Budget}] {e.Origin}{from}: {scores}{rejected}");
        }
    }
}
