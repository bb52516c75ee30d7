using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Generators.Tests;

/// <summary>Compilations against .NET 10 reference assemblies plus MemDsl, and a generator driver over them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        foreach (var assembly in new[]
        {
            typeof(MemDsl.Abstractions.IMemoryPipeline).Assembly,
            typeof(ArchitectureSpec).Assembly,
            typeof(MemDsl.Runtime.InterpretedPipeline).Assembly,
            typeof(Microsoft.Extensions.AI.IEmbeddingGenerator<,>).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions).Assembly,
        })
        {
            builder.Add(MetadataReference.CreateFromFile(assembly.Location));
        }

        return builder.ToImmutable();
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(OutputKind.DynamicallyLinkedLibrary, sources);

    public static CSharpCompilation CreateCompilation(OutputKind kind, params string[] sources)
    {
        var trees = new List<SyntaxTree>();
        for (var i = 0; i < sources.Length; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(sources[i], ParseOptions, path: "Source" + i + ".cs"));
        }

        return CSharpCompilation.Create(
            "MemDslTest" + Guid.NewGuid().ToString("N"),
            trees,
            References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999, concurrentBuild: false));
    }

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        new[] { new MemDslGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns its single result and the compilation with generated trees added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Warnings and errors of a compilation, for assertion messages.</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    /// <summary>The reader's spec for the class named <paramref name="metadataName"/>.</summary>
    public static ArchitectureSpec ReadSpec(Compilation compilation, string metadataName)
    {
        var type = compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException("No type " + metadataName);
        return DeclarationReader.Read(type, CancellationToken.None)?.Spec ?? throw new InvalidOperationException("No declaration on " + metadataName);
    }

    /// <summary>Every [MemoryArchitecture] class in the compilation, by metadata name.</summary>
    public static IReadOnlyList<string> MemoryClasses(Compilation compilation)
    {
        var names = new List<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is { } symbol
                    && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.MemoryArchitectureAttribute))
                {
                    names.Add(MetadataName(symbol));
                }
            }
        }

        return names;
    }

    private static string MetadataName(INamedTypeSymbol symbol)
    {
        var name = symbol.MetadataName;
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>Emits <paramref name="compilation"/> and loads it into a collectible context.</summary>
    public static (Assembly Assembly, AssemblyLoadContext Context) Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        if (!emit.Success)
        {
            throw new InvalidOperationException("Emit failed:" + Environment.NewLine + Describe(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("MemDslTest", isCollectible: true);
        return (context.LoadFromStream(stream), context);
    }

    /// <summary>The runtime type for a metadata name, closing generic containing types over <c>int</c>.</summary>
    public static Type GetClosedType(Assembly assembly, string metadataName)
    {
        var type = assembly.GetType(metadataName, throwOnError: true)!;
        return type.IsGenericTypeDefinition
            ? type.MakeGenericType(Enumerable.Repeat(typeof(int), type.GetGenericArguments().Length).ToArray())
            : type;
    }

    public static string RepoRoot => RepositoryLayout.Root;
}
