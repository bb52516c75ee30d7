using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using MemDsl.Abstractions;
using MemDsl.Evaluation;
using MemDsl.Generators;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MemDsl.Evolution;

/// <summary>
/// Builds a candidate the way a user's build would: renders the spec as attributes on a
/// <c>partial class</c>, runs the real <see cref="MemDslGenerator"/> and the C# compiler in-process,
/// and loads the assembly into a collectible <see cref="AssemblyLoadContext"/>. The returned design's
/// pipelines are instances of the generated class; disposing the design unloads the context.
/// </summary>
/// <remarks>
/// This is the only way to run candidates with new <c>[EncodeWith]</c>/<c>[ScoreWith]</c> method bodies:
/// the interpreted runtime has no code to call. The compiled assembly references MemDsl and the
/// framework as the host has loaded them, so the generated class implements the host's
/// <c>IMemoryPipeline</c>. Instances are safe for concurrent use.
/// </remarks>
public sealed class CandidateCompiler
{
    /// <summary>Namespace of the rendered class.</summary>
    public const string CandidateNamespace = "MemDsl.Candidates";

    /// <summary>Name of the rendered class (the spec's name may be any string, so it is not used).</summary>
    public const string CandidateClassName = "Candidate";

    /// <summary>Names of the candidates' load contexts start with this (to find them in <see cref="AssemblyLoadContext.All"/>).</summary>
    public const string LoadContextNamePrefix = "MemDsl candidate ";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The assembly name of every candidate: each lives alone in its own load context.</summary>
    private const string CandidateAssemblyName = "MemDsl.Candidate";

    /// <summary>
    /// An empty compilation over the host's trusted platform assemblies (framework and application,
    /// MemDsl included): what a candidate compiles against is exactly what it will run against. Each
    /// candidate adds its tree to it; the compilation it derives keeps the same name and references, so
    /// Roslyn reuses the bound reference set instead of resolving some 200 assemblies per candidate.
    /// </summary>
    private static readonly Lazy<CSharpCompilation> Template = new(CreateTemplate);

    private readonly BenchmarkOptions _options;

    /// <param name="options">The embedder for MiniLM specs: pass the one the interpreted designs get, so both share its cache.</param>
    public CandidateCompiler(BenchmarkOptions? options = null)
    {
        _options = options ?? new BenchmarkOptions();
    }

    /// <summary>The C# the compiler sees for <paramref name="spec"/>: its attribute text on a partial class holding <paramref name="methodSource"/>.</summary>
    /// <param name="spec">The candidate.</param>
    /// <param name="methodSource">Member declarations placed in the class as written (the <c>[EncodeWith]</c>/<c>[ScoreWith]</c> methods), or null.</param>
    public static string RenderSource(ArchitectureSpec spec, string? methodSource = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder();
        text.Append("// Candidate rendered by MemDsl.Evolution.CandidateCompiler.\n");
        text.Append("using System;\nusing MemDsl.Abstractions;\n\n");
        text.Append("namespace ").Append(CandidateNamespace).Append(";\n\n");
        text.Append(AttributeText.Render(spec));
        text.Append("public sealed partial class ").Append(CandidateClassName).Append("\n{\n");
        if (methodSource is not null)
        {
            text.Append(methodSource);
            if (!methodSource.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>Compiles <paramref name="spec"/> and returns a design that runs the generated pipeline.</summary>
    /// <param name="spec">The candidate; validated with the shared model first.</param>
    /// <param name="source">Where the candidate came from, for reports and errors.</param>
    /// <param name="methodSource">
    /// The source of the spec's custom methods (<c>[EncodeWith]</c>/<c>[ScoreWith]</c> member declarations,
    /// attributes included), kept as written. Required when the spec declares custom methods, since the
    /// spec records only their signatures; the methods it declares must be exactly the spec's.
    /// </param>
    /// <param name="cancellationToken">Cancels the generator and the compiler.</param>
    /// <returns>A design to dispose when done: disposing it unloads the candidate's assembly.</returns>
    /// <exception cref="DesignLoadException">
    /// The spec is invalid, declares custom methods without their source, is durable, or the rendered
    /// class does not compile (<see cref="DesignLoadException.Problems"/> lists each compiler or generator error).
    /// </exception>
    public BenchmarkDesign Compile(ArchitectureSpec spec, string source = "compiled", string? methodSource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        DesignFactory.ThrowIfInvalid(spec, source);
        if (spec.CustomMethods.Count > 0 && methodSource is null)
        {
            throw new DesignLoadException(source, $"the architecture '{spec.Name}' declares {DescribeMethods(spec)} but carries no method source; compiled mode runs custom methods only when their declarations are passed with the spec");
        }

        var image = Emit(spec, source, methodSource, cancellationToken);
        var context = new CandidateLoadContext(spec.Name);
        try
        {
            Assembly assembly;
            using (var stream = new MemoryStream(image, writable: false))
            {
                assembly = context.LoadFromStream(stream);
            }

            var type = assembly.GetType(CandidateNamespace + "." + CandidateClassName, throwOnError: true)!;
            CheckGeneratedSpec(type, spec, source);
            return CompiledDesigns.FromType(type, spec, source, _options, context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static byte[] Emit(ArchitectureSpec spec, string source, string? methodSource, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(RenderSource(spec, methodSource), ParseOptions, path: "Candidate.cs", encoding: Encoding.UTF8, cancellationToken: cancellationToken);
        var compilation = Template.Value.AddSyntaxTrees(tree);

        var driver = CSharpGeneratorDriver.Create([new MemDslGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);

        using var stream = new MemoryStream();
        var result = output.Emit(stream, cancellationToken: cancellationToken);
        var problems = new List<string>();
        foreach (var diagnostic in generatorDiagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                problems.Add("generator: " + diagnostic);
            }
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                problems.Add(diagnostic.ToString());
            }
        }

        if (problems.Count > 0 || !result.Success)
        {
            throw new DesignLoadException(source, $"the candidate '{spec.Name}' does not compile: " + string.Join("; ", problems), problems);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The generator reads the class back into a spec; it must be the candidate's, or the rendering (or
    /// the method source) changed the design and the scores would belong to another one.
    /// </summary>
    private static void CheckGeneratedSpec(Type type, ArchitectureSpec spec, string source)
    {
        if (!typeof(IMemoryPipeline).IsAssignableFrom(type) || type.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not ArchitectureSpec generated)
        {
            var reason = spec.CustomMethods.Count > 0
                ? "the generator emitted no pipeline: the declaration in the compiled class is invalid (check the custom methods' signatures against the catalog)"
                : "the generator emitted no pipeline for the rendered class";
            throw new DesignLoadException(source, reason);
        }

        if (!generated.Stages.Equals(spec.Stages) || !generated.SearchRanges.Equals(spec.SearchRanges))
        {
            throw new DesignLoadException(source, "the compiled declaration differs from the candidate:\n" + AttributeText.Render(generated));
        }

        if (DescribeMethods(generated) != DescribeMethods(spec))
        {
            throw new DesignLoadException(source, $"the method source declares {DescribeMethods(generated)}, but the architecture '{spec.Name}' declares {DescribeMethods(spec)}");
        }
    }

    private static string DescribeMethods(ArchitectureSpec spec)
    {
        if (spec.CustomMethods.Count == 0)
        {
            return "no custom methods";
        }

        var parts = new List<string>(spec.CustomMethods.Count);
        foreach (var method in spec.CustomMethods)
        {
            parts.Add("[" + method.AttributeName + "] " + method.MethodName);
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(", ", parts);
    }

    private static CSharpCompilation CreateTemplate() => CSharpCompilation.Create(
        CandidateAssemblyName,
        [],
        LoadReferences(),
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: false,
            deterministic: true));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list || list.Length == 0)
        {
            throw new InvalidOperationException("The runtime lists no trusted platform assemblies (a single-file or AOT host?); compiled candidates need the framework and MemDsl assemblies on disk.");
        }

        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && IsManaged(path))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return builder.ToImmutable();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Holds one candidate assembly. Everything it references (MemDsl, Microsoft.Extensions, the
    /// framework) resolves from the default context (<see cref="Load"/> returns null), so types are shared.
    /// </summary>
    private sealed class CandidateLoadContext(string name) : AssemblyLoadContext(LoadContextNamePrefix + name, isCollectible: true), IDisposable
    {
        private int _unloaded;

        protected override Assembly? Load(AssemblyName assemblyName) => null;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _unloaded, 1) == 0)
            {
                Unload();
            }
        }
    }
}
