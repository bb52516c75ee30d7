using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Generators.Tests;

/// <summary>A declaration with baselines: an edge case, or a sample file from the repository's <c>samples/</c>.</summary>
public sealed class SnapshotCase
{
    /// <summary>What <c>ImplicitUsings=enable</c> (Directory.Build.props) gives a Microsoft.NET.Sdk project.</summary>
    private const string SdkImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private SnapshotCase(string name, IReadOnlyList<string> sources, IReadOnlyList<string>? ownedTypes = null)
    {
        Name = name;
        Sources = sources;
        OwnedTypes = ownedTypes;
    }

    public string Name { get; }

    public IReadOnlyList<string> Sources { get; }

    /// <summary>
    /// For a sample file, the classes it declares: its baselines hold their generated files only (the
    /// rest of its project is compiled with it but has baselines of its own). Null: everything.
    /// </summary>
    public IReadOnlyList<string>? OwnedTypes { get; }

    /// <summary>Whether the generated file with this hint name belongs to this case's baselines.</summary>
    public bool Owns(string hintName) =>
        OwnedTypes is null || OwnedTypes.Any(type => hintName == type + ".g.cs" || hintName.EndsWith("." + type + ".g.cs", StringComparison.Ordinal));

    public override string ToString() => Name;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var snapshot in All())
        {
            data.Add(snapshot.Name);
        }

        return data;
    }

    public static SnapshotCase Get(string name) => All().Single(c => c.Name == name);

    /// <summary>Edge cases, then every <c>samples/**/*.cs</c> holding <c>[MemoryArchitecture</c> (compiled with its project's other files).</summary>
    public static IReadOnlyList<SnapshotCase> All()
    {
        var cases = EdgeCases.All.Select(pair => new SnapshotCase(pair.Key, new[] { pair.Value })).ToList();
        var samples = Path.Combine(GeneratorHarness.RepoRoot, "samples");
        if (!Directory.Exists(samples))
        {
            return cases;
        }

        var files = Directory.GetFiles(samples, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && File.ReadAllText(f).Contains("[MemoryArchitecture", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var project = ProjectDirectory(file, samples);
            var sources = Directory.GetFiles(project, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(f))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(File.ReadAllText)
                .ToArray();
            var relative = Path.GetRelativePath(samples, file);
            var name = "Samples." + Path.ChangeExtension(relative, null).Replace(Path.DirectorySeparatorChar, '.').Replace('/', '.');
            var owned = CSharpSyntaxTree.ParseText(File.ReadAllText(file), GeneratorHarness.ParseOptions).GetCompilationUnitRoot()
                .DescendantNodes().OfType<ClassDeclarationSyntax>()
                .Where(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().StartsWith("MemoryArchitecture", StringComparison.Ordinal)))
                .Select(c => c.Identifier.ValueText)
                .ToArray();
            cases.Add(new SnapshotCase(name, sources.Prepend(SdkImplicitUsings).ToArray(), owned));
        }

        return cases;
    }

    /// <summary>The compilation of the case's sources: an application when one has top-level statements.</summary>
    public Compilation CreateCompilation()
    {
        var hasTopLevel = Sources.Any(s => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        return GeneratorHarness.CreateCompilation(hasTopLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, Sources.ToArray());
    }

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, '/');
        return parts.Contains("obj") || parts.Contains("bin");
    }

    private static string ProjectDirectory(string file, string samplesRoot)
    {
        for (var directory = Path.GetDirectoryName(file)!; directory.Length > samplesRoot.Length; directory = Path.GetDirectoryName(directory)!)
        {
            if (Directory.GetFiles(directory, "*.csproj").Length > 0)
            {
                return directory;
            }
        }

        return Path.GetDirectoryName(file)!;
    }
}
