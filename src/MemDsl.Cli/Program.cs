using System.CommandLine;
using MemDsl.Cli;
using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Runtime;

var specs = new Option<string[]>("--spec") { Description = "A file of attribute lists declaring a memory ([MemoryArchitecture(\"x\")] [Encode(...)] ...). Repeatable.", AllowMultipleArgumentsPerToken = true };
var assemblies = new Option<string[]>("--assembly") { Description = "A .NET assembly built with the MemDsl generator: benches its generated pipelines as compiled (custom [EncodeWith]/[ScoreWith] methods included). Repeatable.", AllowMultipleArgumentsPerToken = true };
var baselines = new Option<string[]>("--baseline") { Description = "A built-in baseline: bm25, cosine, hybrid, minilm-cosine, minilm-hybrid (these two need --embedder minilm) or all. Repeatable.", AllowMultipleArgumentsPerToken = true };
var samples = new Option<bool>("--samples") { Description = "Bench the declarations in samples/ (default when no design is named)." };
var data = new Option<string?>("--data") { Description = "A LoCoMo JSON file (e.g. ../shared/data/locomo/dev.json) instead of the synthetic streams." };
var split = new Option<string>("--split") { Description = "LoCoMo conversations to use: all, search (even positions) or validation (odd positions).", DefaultValueFactory = _ => "all" };
split.AcceptOnlyFromAmong("all", "search", "validation");
var conversations = new Option<int?>("--conversations") { Description = "Use only the first N LoCoMo conversations (after --split)." };
var captions = new Option<bool>("--captions") { Description = "Append LoCoMo image captions to image-sharing turns." };
var streams = new Option<string[]>("--stream") { Description = "A synthetic stream: fact-updates, experience-reuse or temporal. Repeatable; all three by default without --data.", AllowMultipleArgumentsPerToken = true };
var seed = new Option<int>("--seed") { Description = "Seed of the synthetic streams.", DefaultValueFactory = _ => SyntheticStreams.DefaultSeed };
var embedder = new Option<string>("--embedder") { Description = "Embedder of designs that declare EmbedderKind.MiniLM: hashing (a 384-d stand-in, no model; default) or minilm (the real all-MiniLM-L6-v2; also runs the minilm-* baselines).", DefaultValueFactory = _ => "hashing" };
embedder.AcceptOnlyFromAmong("hashing", "minilm");
var cache = new Option<string?>("--cache") { Description = "With --embedder minilm: the directory of the on-disk embedding cache (default $XDG_CACHE_HOME/memdsl/embeddings or ~/.cache/memdsl/embeddings)." };
var output = new Option<string?>("--out") { Description = "Directory for report.md, results.json and PNG plots." };

var bench = new Command("bench", "Measure memory designs on task streams and print a leaderboard.")
{
    specs, assemblies, baselines, samples, data, split, conversations, captions, streams, seed, output, embedder, cache,
};
var storeFile = new Argument<string>("file") { Description = "A durable store file (a pipeline declared with Persistence = Sqlite writes one)." };
var verify = new Option<bool>("--verify") { Description = "Also check SQLite integrity and every record's vector length, finiteness and checksum; exit code 2 on any problem." };
var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
var inspect = new Command("inspect", "Show what a durable store file holds; --verify checks it. The file is opened read-only.")
{
    storeFile, verify, json,
};
var evolve = EvolveCommand.Create();
var sourceFile = new Argument<string>("file") { Description = "The C# source file declaring the memory (the class with [MemoryArchitecture])." };
var applySpec = new Option<string>("--spec") { Description = "A file of attribute lists declaring the design to write ([MemoryArchitecture(\"x\")] [Encode(...)] ...).", Required = true };
var applyClass = new Option<string?>("--class") { Description = "The class to rewrite when the file declares several memory architectures." };
var applyBackup = new Option<bool>("--backup") { Description = "Also keep the original as <file>.bak." };
var apply = new Command("apply", "Write a design into the source file that declares it: only the class's MemDsl attributes change.")
{
    sourceFile, applySpec, applyClass, applyBackup,
};
var root = new RootCommand("memdsl: declare, run and measure AI-agent memory architectures.") { bench, inspect, evolve, apply };

const string Usage = """
    Usage:
      memdsl bench [options]                   measure memory designs (memdsl bench --help)
      memdsl inspect <file> [--verify] [--json]  show or check a durable store file (memdsl inspect --help)
      memdsl evolve [options]                  search declarations for a Pareto front (memdsl evolve --help)
      memdsl apply <file.cs> --spec <file> [--class Name]  write a design into its source file (memdsl apply --help)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine("error: no command given.");
    Console.Error.WriteLine(Usage);
    return ExitCodes.BadInput;
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine("error: " + error.Message);
    }

    if (parse.CommandResult.Command == inspect)
    {
        Console.Error.WriteLine("Usage: memdsl inspect <file> [--verify] [--json]");
        Console.Error.WriteLine("Run 'memdsl inspect --help' for the options.");
    }
    else if (parse.CommandResult.Command == evolve)
    {
        Console.Error.WriteLine("Run 'memdsl evolve --help' for the options.");
    }
    else if (parse.CommandResult.Command == apply)
    {
        Console.Error.WriteLine("Usage: memdsl apply <file.cs> --spec <attribute-text file> [--class Name] [--backup]");
        Console.Error.WriteLine("Run 'memdsl apply --help' for the options.");
    }
    else if (parse.CommandResult.Command == bench)
    {
        Console.Error.WriteLine("Run 'memdsl bench --help' for the options.");
    }
    else
    {
        Console.Error.WriteLine(Usage);
    }

    return ExitCodes.BadInput;
}

if (parse.CommandResult.Command != bench && parse.CommandResult.Command != inspect && parse.CommandResult.Command != evolve && parse.CommandResult.Command != apply)
{
    return parse.Invoke();
}

if (parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?"))
{
    return parse.Invoke();
}

if (parse.CommandResult.Command == inspect)
{
    try
    {
        return InspectCommand.Run(parse.GetValue(storeFile)!, parse.GetValue(verify), parse.GetValue(json));
    }
    catch (DurableStoreException exception)
    {
        // The message names the file (and the record when known); the file was opened read-only.
        Console.Error.WriteLine("error: " + exception.Message);
        return ExitCodes.BadInput;
    }
    catch (Exception exception)
    {
        return ExitCodes.ReportInternalError(exception);
    }
}

if (parse.CommandResult.Command == apply)
{
    try
    {
        return ApplyCommand.Run(parse.GetValue(sourceFile)!, parse.GetValue(applySpec)!, parse.GetValue(applyClass), parse.GetValue(applyBackup));
    }
    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
    {
        Console.Error.WriteLine("error: " + exception.Message);
        return ExitCodes.BadInput;
    }
    catch (Exception exception)
    {
        return ExitCodes.ReportInternalError(exception);
    }
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    if (parse.CommandResult.Command == evolve)
    {
        return await EvolveCommand.RunAsync(parse, cancellation.Token);
    }

    if (parse.GetValue(conversations) is < 1)
    {
        throw new UsageException("--conversations must be at least 1.");
    }

    var settings = new BenchSettings(
        parse.GetValue(specs) ?? [],
        parse.GetValue(baselines) ?? [],
        parse.GetValue(samples),
        parse.GetValue(data),
        Enum.Parse<LoCoMoSplit>(parse.GetValue(split)!, ignoreCase: true),
        parse.GetValue(conversations),
        parse.GetValue(captions),
        parse.GetValue(streams) ?? [],
        parse.GetValue(seed),
        parse.GetValue(output),
        "memdsl " + string.Join(' ', args),
        parse.GetValue(embedder) == "minilm" ? BenchEmbedder.MiniLM : BenchEmbedder.Hashing,
        parse.GetValue(cache),
        parse.GetValue(assemblies) ?? []);
    if (settings.CacheDirectory is not null && settings.Embedder != BenchEmbedder.MiniLM)
    {
        throw new UsageException("--cache is used only with --embedder minilm.");
    }

    return await BenchCommand.RunAsync(settings, cancellation.Token);
}
catch (UsageException exception)
{
    Console.Error.WriteLine("error: " + exception.Message);
    return ExitCodes.BadInput;
}
catch (LoCoMoFormatException exception)
{
    Console.Error.WriteLine($"error: bad LoCoMo data in {exception.File} at {exception.Position}: {exception.Reason}");
    Console.Error.WriteLine("Fix the file or give a LoCoMo JSON file with the schema in shared/data/locomo/README.md.");
    return ExitCodes.BadInput;
}
catch (CheckpointException exception)
{
    // The message names the file (and the position when known); the file is left as it was.
    Console.Error.WriteLine("error: " + exception.Message);
    Console.Error.WriteLine("Fix or remove the checkpoint, or choose another --out.");
    return ExitCodes.BadInput;
}
catch (DesignLoadException exception)
{
    Console.Error.WriteLine("error: " + exception.Message);
    foreach (var problem in exception.Problems)
    {
        Console.Error.WriteLine("  " + problem);
    }

    return ExitCodes.BadInput;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.InternalError;
}
catch (Exception exception)
{
    return ExitCodes.ReportInternalError(exception);
}
