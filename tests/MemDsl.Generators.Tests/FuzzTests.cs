using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MemDsl.Analyzers;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace MemDsl.Generators.Tests;

/// <summary>
/// Random, mostly malformed declarations through the generator (<see cref="CSharpGeneratorDriver"/>)
/// and the analyzer (<see cref="CompilationWithAnalyzers"/>): no exception from either, every
/// generated file compiles, and every declaration the model finds invalid gets an error diagnostic.
/// <c>MEMDSL_FUZZ_COUNT</c> sets the number (1,000 by default; <c>tests/fuzz.sh</c> runs 10,000) and
/// <c>MEMDSL_FUZZ_SEED</c> the seed.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int PerCompilation = 125;

    private static readonly string[] Noise =
    [
        "}", "{", ")", "(", "[", "]", ";", ",", "\"", "=", "partial", "class", "static", "#if", "@", "/*", "<", "global::",
        "nameof(", "typeof(int)", "default", "null", "1e99", "-1", "int.MaxValue", "0x7fffffff", "'c'", "true",
    ];

    [Fact]
    public void Random_malformed_declarations_never_crash_and_are_always_diagnosed()
    {
        var count = EnvInt("MEMDSL_FUZZ_COUNT", 1000);
        var seed = EnvInt("MEMDSL_FUZZ_SEED", 8_2025);
        var random = new Random(seed);
        var stats = new Stats();
        for (var start = 0; start < count; start += PerCompilation)
        {
            var sources = new List<string>();
            for (var i = start; i < Math.Min(count, start + PerCompilation); i++)
            {
                sources.Add(Declaration(random, i));
            }

            RunBatch(sources, stats);
        }

        output.WriteLine($"seed {seed}: {count} declarations, {stats.Generated} generated files (all compile), {stats.InvalidBySpec} invalid per SpecValidator (all diagnosed), {stats.CompilerErrors} with compiler errors, 0 exceptions.");
    }

    private static void RunBatch(List<string> sources, Stats stats)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources.ToArray());
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var generatedCompilation, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, "generator threw: " + result.Exception);
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id == "MEMDSL9999");

        var analyzerErrors = new List<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            [new MemoryArchitectureAnalyzer()],
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]),
                onAnalyzerException: (exception, analyzer, diagnostic) => { lock (analyzerErrors) { analyzerErrors.Add(exception.ToString()); } },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
        var analyzerDiagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.True(analyzerErrors.Count == 0, "analyzer threw: " + string.Join("\n", analyzerErrors));
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id == "AD0001");

        // Every generated file compiles: no error or warning located in a generated tree.
        var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        stats.Generated += generatedTrees.Count;
        var generatedProblems = generatedCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToList();
        Assert.True(generatedProblems.Count == 0, "generated code does not compile:\n" + Describe(generatedProblems, generatedCompilation));

        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (var tree in compilation.SyntaxTrees.Skip(1))
        {
            if (compilerErrors.Any(d => d.Location.SourceTree == tree))
            {
                stats.CompilerErrors++;
                continue; // the compiler's own error is the diagnostic
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol symbol || DeclarationReader.Read(symbol, CancellationToken.None) is not { } source)
                {
                    continue;
                }

                var validation = source.Spec.Validate();
                if (!validation.HasErrors)
                {
                    continue;
                }

                stats.InvalidBySpec++;
                var span = declaration.FullSpan;
                Assert.True(
                    analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree),
                    $"invalid declaration without an error diagnostic ({validation}):\n{tree}");
                Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == source.Spec.Shape.FullName + ".g.cs");
            }
        }
    }

    private static string Describe(List<Diagnostic> problems, Compilation compilation)
    {
        var builder = new StringBuilder();
        foreach (var problem in problems.Take(5))
        {
            builder.AppendLine(problem.ToString());
            var tree = problem.Location.SourceTree!;
            builder.AppendLine(tree.ToString().Length > 3000 ? tree.ToString()[..3000] : tree.ToString());
        }

        // The user declarations in the same batch that could have produced it.
        return builder.ToString();
    }

    /// <summary>One file: a namespace, maybe a container, and a class whose declaration is a sampled valid one, mangled at random.</summary>
    private static string Declaration(Random random, int index)
    {
        var spec = SpecSampler.Sample(random, "fuzz" + index.ToString(CultureInfo.InvariantCulture));
        var lines = new List<string>(AttributeText.Render(spec).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (random.Next(4) == 0)
        {
            lines.Insert(1 + random.Next(lines.Count - 1), "[Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]");
        }

        // Most declarations get one to four mutations; about one in eight stays valid.
        var mutations = random.Next(8) == 0 ? 0 : random.Next(1, 5);
        for (var m = 0; m < mutations && lines.Count > 0; m++)
        {
            Mutate(random, lines);
        }

        var name = "Memory" + index.ToString(CultureInfo.InvariantCulture);
        var shape = random.Next(16) switch
        {
            0 => "public sealed class " + name + " { }",
            1 => "public static partial class " + name + " { }",
            2 => "public partial class " + name + "<T> { }",
            3 => "public partial struct " + name + " { }",
            4 => "public partial record " + name + "(int X);",
            5 => "public abstract partial class " + name + " { }",
            6 => "public partial class " + name + " : System.Object { private int _other; public int Other => _other; }",
            7 => "internal partial class " + name + " { [System.Obsolete] public void Helper() { } }",
            // Members named like generated ones: a clash is MEMDSL0011 (no generated file), an overload or an old private helper name compiles.
            8 => "public partial class " + name + " { public int Count => 0; }",
            9 => "public partial class " + name + " { private int _store = 1; private int Rank() => _store; public int Commit() => Rank(); }",
            10 => "public partial class " + name + " { public void Dispose(bool disposing) { } public static string[] Spec = []; }",
            11 => "public partial class " + name + " { public " + name + "() { } public " + name + "(int x) { } }",
            _ => "public sealed partial class " + name + " { }",
        };
        var body = string.Join("\n", lines) + "\n" + shape;
        if (random.Next(6) == 0)
        {
            body = "public partial class Outer" + index.ToString(CultureInfo.InvariantCulture) + (random.Next(2) == 0 ? string.Empty : "<TOuter>") + "\n{\n" + body + "\n}";
        }
        else if (random.Next(10) == 0)
        {
            body = "public class Outer" + index.ToString(CultureInfo.InvariantCulture) + "\n{\n" + body + "\n}";
        }

        if (random.Next(8) == 0)
        {
            body += "\n" + Noise[random.Next(Noise.Length)] + " " + Noise[random.Next(Noise.Length)];
        }

        return "using MemDsl.Abstractions;\n\nnamespace Fuzz" + index.ToString(CultureInfo.InvariantCulture) + ";\n\n" + body + "\n";
    }

    private static void Mutate(Random random, List<string> lines)
    {
        var at = random.Next(lines.Count);
        var line = lines[at];
        switch (random.Next(16))
        {
            case 0: // drop a stage (or the architecture attribute)
                lines.RemoveAt(at);
                break;
            case 1: // duplicate a stage
                lines.Insert(at, line);
                break;
            case 2: // unknown enum member
                lines[at] = ReplaceFirst(line, "Kind.", "Kind.Bogus" + random.Next(3) + "_");
                break;
            case 3: // unnamed enum value
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"(\w+Kind)\.\w+", m => "(" + m.Groups[1].Value + ")" + random.Next(-3, 60).ToString(CultureInfo.InvariantCulture), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
            case 4: // out-of-range numbers
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"= -?[0-9.]+f?", _ => "= " + OutOfRange(random), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
            case 5: // wrong argument types
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"= -?[0-9.]+f?", _ => "= " + new[] { "\"eight\"", "2.5", "1.5f", "true", "null", "'x'", "8L", "EvictionPolicy.Lru" }[random.Next(8)], System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
            case 6: // an extra positional argument
                lines[at] = ReplaceFirst(line, ")]", ", " + random.Next(100).ToString(CultureInfo.InvariantCulture) + ")]");
                break;
            case 7: // no arguments at all
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"\(.*\)", "()", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
            case 8: // an unknown named argument, or one from another stage
                lines[at] = ReplaceFirst(line, ")]", new[] { ", Foo = 1)]", ", TopK = 3)]", ", Threshold = 0.9f)]", ", Persistence = PersistenceKind.Sqlite)]", ", Max = 5)]", ", Size = 2)]" }[random.Next(6)]);
                break;
            case 9: // a syntax error inside the attribute
                lines[at] = line.Length > 2 ? line.Remove(random.Next(1, line.Length - 1), 1) : line;
                break;
            case 10: // odd search ranges
                lines.Insert(at, $"[Search(\"{new[] { "TopK", "Alpha", "Max", "Nope", "Persistence", "" }[random.Next(6)]}\", {random.Next(-5, 50)}, {random.Next(-5, 5000)})]");
                break;
            case 11: // odd architecture names
                lines.Insert(0, "[MemoryArchitecture(" + new[] { "\"\"", "null", "\"a\\\"b\"", "\"x\", \"y\"", "", "nameof(System.Int32)" }[random.Next(6)] + ")]");
                break;
            case 12: // the kind swapped for another stage's enum
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"\((\w+Kind)\.", _ => "(" + new[] { "EncodeKind", "EmbedderKind", "StoreKind", "RetrieveKind", "ManageKind", "PersistenceKind" }[random.Next(6)] + ".", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
            case 13: // a custom stage on a field or with a bad signature
                lines.Add("[EncodeWith] public static int Encode(int x) => x;");
                break;
            case 14: // noise token
                lines.Insert(at, Noise[random.Next(Noise.Length)]);
                break;
            default: // a const expression instead of a literal
                lines[at] = System.Text.RegularExpressions.Regex.Replace(line, @"= (-?[0-9]+)(?![.0-9f])", m => "= " + m.Groups[1].Value + " * 1000 + int.MaxValue / 3", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                break;
        }
    }

    private static string OutOfRange(Random random) => random.Next(7) switch
    {
        0 => "-1",
        1 => "0",
        2 => "100000000",
        3 => "int.MaxValue",
        4 => "-0.5f",
        5 => "float.NaN",
        _ => "1e30f",
    };

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        return index < 0 ? text : text[..index] + replacement + text[(index + find.Length)..];
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed class Stats
    {
        public int Generated;
        public int InvalidBySpec;
        public int CompilerErrors;
    }
}
