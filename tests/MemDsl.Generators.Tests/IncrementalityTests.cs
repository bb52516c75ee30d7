using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MemDsl.Generators.Tests;

/// <summary>Unrelated edits leave every tracked step cached; an attribute edit re-emits.</summary>
public sealed class IncrementalityTests
{
    private const string Memory = """
        using MemDsl.Abstractions;

        namespace Acme;

        [MemoryArchitecture("incremental")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing, Dimensions = 64)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 8)]
        public sealed partial class IncrementalMemory
        {
            public static int Helper() => 1;
        }
        """;

    private static readonly string[] StepNames = typeof(MemDslStepNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_step_name_constant_is_tracked()
    {
        var (_, result) = RunTwice(Memory, c => c);
        Assert.NotEmpty(StepNames);
        foreach (var name in StepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), name + " is not tracked");
        }
    }

    [Fact]
    public void Adding_an_unrelated_file_keeps_every_step_cached()
    {
        var (_, result) = RunTwice(Memory, c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Acme; public static class Other { public static int X => 2; }", GeneratorHarness.ParseOptions)));
        AssertAllCached(result);
    }

    [Fact]
    public void Changing_an_unrelated_file_keeps_every_step_cached()
    {
        var (_, result) = RunTwice(
            Memory,
            c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public static class Other { public static int X => 2; }", GeneratorHarness.ParseOptions)),
            c => Replace(c, c.SyntaxTrees.Last(), "X => 2", "X => 3"));
        AssertAllCached(result);
    }

    [Fact]
    public void Changing_a_method_body_in_the_memory_class_keeps_every_step_cached()
    {
        var (_, result) = RunTwice(Memory, c => Replace(c, c.SyntaxTrees.First(), "Helper() => 1", "Helper() => 42"));
        AssertAllCached(result);
    }

    [Fact]
    public void Changing_an_attribute_argument_modifies_the_output()
    {
        var (_, result) = RunTwice(Memory, c => Replace(c, c.SyntaxTrees.First(), "TopK = 8", "TopK = 9"));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("CosineRetriever(9)", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        Assert.Single(result.GeneratedSources);
        foreach (var name in StepNames)
        {
            var outputs = result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                name + " output was " + o.Reason));
        }

        var emitted = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.All(emitted, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static Compilation Replace(Compilation compilation, SyntaxTree tree, string oldText, string newText)
    {
        var text = tree.GetText().ToString();
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal))));
    }

    private static (GeneratorDriver Driver, GeneratorRunResult Result) RunTwice(string source, Func<Compilation, Compilation> edit) =>
        RunTwice(source, c => c, edit);

    /// <summary>Runs on the source after <paramref name="setup"/>, then again after <paramref name="edit"/>; returns the second run.</summary>
    private static (GeneratorDriver Driver, GeneratorRunResult Result) RunTwice(string source, Func<Compilation, Compilation> setup, Func<Compilation, Compilation> edit)
    {
        var compilation = setup(GeneratorHarness.CreateCompilation(source));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(edit(compilation));
        return (driver, driver.GetRunResult().Results.Single());
    }
}
