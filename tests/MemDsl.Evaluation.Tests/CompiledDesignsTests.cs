namespace MemDsl.Evaluation.Tests;

public sealed class CompiledDesignsTests
{
    [Fact]
    public async Task A_compiled_sample_benches_exactly_like_its_interpreted_declaration()
    {
        var compiled = Assert.Single(CompiledDesigns.FromAssembly(typeof(QuickStart.QuickStartMemory).Assembly.Location));
        Assert.Equal("quick-start", compiled.Name);
        Assert.Equal(QuickStart.QuickStartMemory.Spec, compiled.Spec);
        Assert.StartsWith("assembly QuickStart.dll (QuickStart.QuickStartMemory)", compiled.Source, StringComparison.Ordinal);

        var interpreted = DesignFactory.FromSpec(compiled.Spec!, "interpreted");
        foreach (var dataset in SyntheticStreams.All())
        {
            var fromAssembly = await new BenchmarkRunner().RunOneAsync(compiled, dataset);
            var fromSpec = await new BenchmarkRunner().RunOneAsync(interpreted, dataset);

            Assert.Equal(fromSpec.Overall.Recall, fromAssembly.Overall.Recall);
            Assert.Equal(fromSpec.Overall.Ndcg, fromAssembly.Overall.Ndcg);
            Assert.Equal(fromSpec.Overall.Mrr, fromAssembly.Overall.Mrr);
            Assert.Equal(fromSpec.StoredRecords, fromAssembly.StoredRecords);
        }
    }

    [Fact]
    public void Missing_files_and_non_assemblies_are_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".dll");
        var error = Assert.Throws<DesignLoadException>(() => CompiledDesigns.FromAssembly(missing));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(missing, error.Source);

        var text = Path.GetTempFileName();
        try
        {
            File.WriteAllText(text, "not an assembly");
            var notAssembly = Assert.Throws<DesignLoadException>(() => CompiledDesigns.FromAssembly(text));
            Assert.Contains("is not a .NET assembly", notAssembly.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public void An_assembly_without_architectures_says_so()
    {
        var error = Assert.Throws<DesignLoadException>(() => CompiledDesigns.FromAssembly(typeof(CompiledDesigns).Assembly.Location));
        Assert.Contains("declares no memory architecture", error.Message, StringComparison.Ordinal);
    }
}
