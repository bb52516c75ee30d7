using System.Collections.Immutable;
using MemDsl.Abstractions;
using MemDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace MemDsl.Analyzers.Tests;

/// <summary>
/// Analyzer and code-fix tests that resolve every reference offline: the .NET 10 reference
/// assemblies come from Basic.Reference.Assemblies (in the build output), never from a NuGet download.
/// </summary>
internal static class Verification
{
    /// <summary>A placeholder framework with no package to fetch; the references are added by hand.</summary>
    private static readonly ReferenceAssemblies Offline = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(EncodeAttribute).Assembly.Location)];

    /// <summary>Usings every test source starts with.</summary>
    public const string Usings = "using MemDsl.Abstractions;\n";

    public static DiagnosticResult Diagnostic(string id) => new(DiagnosticDescriptors.Get(id));

    public static async Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <param name="iterations">How many fix-all passes the batch fixer needs (null: one per diagnostic, the default check).</param>
    /// <param name="title">When set, the title every applied single fix must have.</param>
    public static async Task VerifyCodeFixAsync<TCodeFix>(string source, string fixedSource, int? iterations = null, string? title = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource };
        if (title is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        }

        if (iterations is { } count)
        {
            test.NumberOfFixAllIterations = count;
            test.NumberOfFixAllInDocumentIterations = count;
            test.NumberOfFixAllInProjectIterations = count;
        }

        await test.RunAsync(CancellationToken.None);
    }

    private static void Configure(SolutionState state) => state.AdditionalReferences.AddRange(References);

    internal sealed class AnalyzerTest : CSharpAnalyzerTest<MemoryArchitectureAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest()
        {
            ReferenceAssemblies = Offline;
            Configure(TestState);
        }
    }

    private sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<MemoryArchitectureAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            ReferenceAssemblies = Offline;
            Configure(TestState);
            Configure(FixedState);
        }
    }
}
