using System.Diagnostics;
using System.Runtime.Loader;
using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Model;

namespace MemDsl.Perf;

/// <summary>
/// Compiled candidates over many cycles: each cycle compiles a sampled spec with the generator in-process
/// (<see cref="CandidateCompiler"/>), loads it into a collectible context, scores it on the fact-updates
/// stream and disposes it (unloading the context). Every <c>--every</c> cycles it prints the managed heap
/// after a full collection, the process working set, the candidate contexts still alive, and the mean
/// compile and evaluate times; the interpreted build of the same specs, measured in the same run, is the
/// baseline the compiled cost is given against.
/// </summary>
/// <remarks>
/// The heap grows by what Roslyn's process-wide green-node cache (<see cref="RoslynNodeCache"/>, 65,536
/// slots) keeps of the parsed candidates: the "node cache slots" column counts its used slots. With
/// <c>--empty-node-cache</c> the cache is emptied before each measurement, so the heap column shows what
/// compiling, loading and unloading leave behind besides that bounded cache.
/// </remarks>
internal static class CompileCyclesBenchmark
{
    public static int Run(string[] args)
    {
        var cycles = Options.IntList(args, "--cycles", [200])[0];
        var every = Options.IntList(args, "--every", [20])[0];
        var seed = Options.IntList(args, "--seed", [1])[0];
        // "none" leaves the interpreted baseline (and the score check) out, to attribute memory growth to compiling alone.
        var baseline = Options.Text(args, "--baseline", "interpreted") != "none";
        var emptyNodeCache = Array.IndexOf(args, "--empty-node-cache") >= 0;
        if (!RoslynNodeCache.Found)
        {
            Console.Error.WriteLine("Roslyn's SyntaxNodeCache was not found (another Roslyn version?): the node cache column reads 0.");
        }
        using var self = Process.GetCurrentProcess();
        var dataset = SyntheticStreams.FactUpdates();
        var compiler = new CandidateCompiler();

        Console.WriteLine($"compile-cycles: {cycles} cycles of compile (MemDsl generator + Roslyn, in-process) / load (collectible context) / evaluate ({dataset.Name}, {dataset.WriteCount} writes, {dataset.QueryCount} queries) / unload; {Environment.ProcessorCount} cores, .NET {Environment.Version}{(emptyNodeCache ? "; Roslyn's node cache emptied before each measurement" : string.Empty)}");
        Console.WriteLine();
        Console.WriteLine($"| cycle | heap after full GC MB | working set MB | live candidate contexts | node cache slots (of {RoslynNodeCache.Capacity}) | compile ms (mean of block) | compile CPU ms     | compiled evaluate ms | interpreted evaluate ms |");
        Console.WriteLine("|------:|----------------------:|---------------:|------------------------:|------------------------------:|---------------------------:|-------------------:|---------------------:|------------------------:|");

        var random = new Random(seed);
        double compileMs = 0, compileCpuMs = 0, compiledEvaluateMs = 0, interpretedEvaluateMs = 0;
        double totalCompileCpuMs = 0, totalCompileMs = 0, totalCompiledEvaluateMs = 0, totalInterpretedEvaluateMs = 0;
        double firstCompileMs = 0;
        var heaps = new List<double>();
        var workingSets = new List<double>();
        Report(0, emptyNodeCache, heaps, workingSets, double.NaN, double.NaN, double.NaN, double.NaN);
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var spec = NextSpec(random, cycle);

            var watch = Stopwatch.StartNew();
            RunResult? interpretedResult = null;
            if (baseline)
            {
                interpretedResult = NewRunner().RunOneAsync(DesignFactory.FromSpec(spec, "interpreted"), dataset).GetAwaiter().GetResult();
            }

            var interpretedMs = watch.Elapsed.TotalMilliseconds;

            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            watch.Restart();
            var compiled = compiler.Compile(spec, "compile-cycles");
            var compiledMs = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            var compiledCpuMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            watch.Restart();
            var compiledResult = NewRunner().RunOneAsync(compiled, dataset).GetAwaiter().GetResult();
            var evaluateMs = watch.Elapsed.TotalMilliseconds;
            compiled.Dispose();

            // Scores identical or the measurement is of the wrong thing.
            if (interpretedResult is not null && (!compiledResult.Overall.Recall.AsSpan().SequenceEqual(interpretedResult.Overall.Recall) || compiledResult.StoredRecords != interpretedResult.StoredRecords))
            {
                Console.Error.WriteLine($"cycle {cycle}: compiled and interpreted scores differ for\n{AttributeText.Render(spec)}");
                return 1;
            }

            if (cycle == 1)
            {
                firstCompileMs = compiledMs;
            }
            else
            {
                totalCompileMs += compiledMs;
                totalCompileCpuMs += compiledCpuMs;
                totalCompiledEvaluateMs += evaluateMs;
                totalInterpretedEvaluateMs += interpretedMs;
            }

            compileMs += compiledMs;
            compileCpuMs += compiledCpuMs;
            compiledEvaluateMs += evaluateMs;
            interpretedEvaluateMs += interpretedMs;
            if (cycle % every == 0 || cycle == cycles)
            {
                var block = cycle % every == 0 ? every : cycle % every;
                Report(cycle, emptyNodeCache, heaps, workingSets, compileMs / block, compileCpuMs / block, compiledEvaluateMs / block, baseline ? interpretedEvaluateMs / block : double.NaN);
                compileMs = compileCpuMs = compiledEvaluateMs = interpretedEvaluateMs = 0;
            }
        }

        var warm = Math.Max(1, cycles - 1);
        Console.WriteLine();
        Console.WriteLine($"first compile (cold: references, generator templates, JIT): {firstCompileMs:F0} ms");
        Console.WriteLine($"warm compile per candidate: {totalCompileMs / warm:F1} ms wall, {totalCompileCpuMs / warm:F1} ms CPU (all threads of the process; wall time includes waiting for the shared cores); compiled evaluate {totalCompiledEvaluateMs / warm:F1} ms" + (baseline ? $"; interpreted evaluate (baseline) {totalInterpretedEvaluateMs / warm:F1} ms" : string.Empty));
        if (baseline)
        {
            Console.WriteLine($"compiled candidate (compile + evaluate) / interpreted candidate: {(totalCompileMs + totalCompiledEvaluateMs) / totalInterpretedEvaluateMs:F2}x");
        }
        if (heaps.Count >= 3)
        {
            // The second report is the reference: the first block pays one-time costs (references, templates, JIT).
            var reference = heaps[1];
            var last = heaps[^1];
            var workingSetGrowth = workingSets[^1] - workingSets[1];
            Console.WriteLine($"heap after full GC: {reference:F2} MB at cycle {every} -> {last:F2} MB at cycle {cycles} ({last - reference:+0.00;-0.00} MB, {(last - reference) * 1024 / Math.Max(1, cycles - every):+0.0;-0.0} KB per cycle); working set {workingSetGrowth:+0.0;-0.0} MB over the same cycles");
        }

        return 0;
    }

    /// <summary>
    /// A runner per run: its token counter caches counts per record text, and sampled specs keep producing
    /// new texts (windows, sessions, prefixes), so a shared runner's cache would grow with the cycles and
    /// hide whether compiling and unloading leave anything behind.
    /// </summary>
    private static BenchmarkRunner NewRunner() => new();

    /// <summary>A sampled spec the interpreted and compiled builds can both run (in-memory store, no custom methods).</summary>
    private static ArchitectureSpec NextSpec(Random random, int cycle)
    {
        while (true)
        {
            var spec = SpecSampler.Sample(random, "cycle-" + cycle.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (spec.Store.FindExplicit("Persistence") is not { Value.Symbol: not "None" } && spec.CustomMethods.Count == 0)
            {
                return spec;
            }
        }
    }

    private static void Report(int cycle, bool emptyNodeCache, List<double> heaps, List<double> workingSets, double compileMs, double compileCpuMs, double compiledEvaluateMs, double interpretedEvaluateMs)
    {
        var nodeCacheSlots = RoslynNodeCache.Used();
        if (emptyNodeCache)
        {
            RoslynNodeCache.Clear();
        }

        // Unloading finishes on the finalizer thread; collect until it settles.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        using var process = Process.GetCurrentProcess();
        var workingSet = process.WorkingSet64 / (1024.0 * 1024.0);
        var live = 0;
        foreach (var context in AssemblyLoadContext.All)
        {
            if (context.Name is { } name && name.StartsWith(CandidateCompiler.LoadContextNamePrefix, StringComparison.Ordinal))
            {
                live++;
            }
        }

        heaps.Add(heap);
        workingSets.Add(workingSet);
        Console.WriteLine($"| {cycle,5} | {heap,21:F2} | {workingSet,14:F1} | {live,23} | {nodeCacheSlots,29} | {Format(compileMs),26} | {Format(compileCpuMs),18} | {Format(compiledEvaluateMs),20} | {Format(interpretedEvaluateMs),23} |");
    }

    private static string Format(double value) => double.IsNaN(value) ? "-" : value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
