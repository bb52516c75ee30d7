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
    private static readonly Option<string> Build = new("--build") { Description = "How candidates are built: interpreted (the runtime runs the spec) or compiled (rendered to C#, compiled with the generator in-process, unloaded after scoring). Both score identically.", DefaultValueFactory = _ => "interpreted" };
    private static readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the search whose checkpoint.json is in --out (same --seed and data)." };

    /// <summary>Offset of the validation stream seed from the search stream seed.</summary>
    public const int ValidationSeedOffset = 1;

    static EvolveCommand()
    {
        Stream.AcceptOnlyFromAmong([.. SyntheticStreams.Names]);
        Build.AcceptOnlyFromAmong("interpreted", "compiled");
    }

    public static Command Create() => new("evolve", "Search memory declarations for the Pareto front of quality, context tokens and latency.")
    {
        Stream, Data, Conversations, Budget, Seed, Specs, Out, ResumeOption, Build,
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

        var (search, searchKey, validation) = LoadData(parse, dataPath);
        IReadOnlyList<ArchitectureSpec>? starting = null;
        var specFiles = parse.GetValue(Specs) ?? [];
        if (specFiles.Length > 0)
        {
            starting = specFiles.Select(file => DesignFactory.FromFile(file).Spec!).ToList();
        }

        var build = parse.GetValue(Build) == "compiled" ? CandidateBuild.Compiled : CandidateBuild.Interpreted;
        var options = new EvolutionOptions { Seed = seed, Budget = budget, StartingSpecs = starting, CheckpointPath = checkpointPath, Build = build };
        var evolution = resume
            ? EvolutionarySearch.Resume(checkpointPath, search, searchKey, options)
            : new EvolutionarySearch(search, searchKey, options);
        Console.Error.WriteLine(resume
            ? $"resuming {checkpointPath}: {evolution.Archive.Count} of {budget} candidates done"
            : $"searching on {searchKey}, seed {seed}, budget {budget}, {build.ToString().ToLowerInvariant()} candidates");

        var archive = await evolution.RunAsync(new ConsoleProgress(), cancellationToken);
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

        var report = Report(archive, rescored, searchKey, validation.Name, seed, budget, "memdsl " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
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

    private sealed class ConsoleProgress : IProgress<EvolutionProgress>
    {
        public void Report(EvolutionProgress value)
        {
            var e = value.Entry;
            var from = e.Parents.Count == 0 ? string.Empty : " of " + string.Join('+', e.Parents);
            var scores = e.Failed
                ? "failed: " + e.Failure
                : string.Format(CultureInfo.InvariantCulture, "recall@10 {0:0.000}, tokens {1:0.0}, p50 {2:0.0} µs", e.Quality, e.ContextTokens, e.QueryP50Microseconds);
            Console.Error.WriteLine($"[{value.Evaluated}/{value.Budget}] {e.Origin}{from}: {scores}");
        }
    }
}
