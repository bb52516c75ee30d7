namespace MemDsl.Packaging.Tests;

public sealed class PackageTests : IClassFixture<PackageFixture>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_puts_runtime_libraries_in_lib_and_compiler_components_in_analyzers()
    {
        Assert.Equal(
            new[]
            {
                "analyzers/dotnet/cs/MemDsl.Analyzers.dll",
                "analyzers/dotnet/cs/MemDsl.CodeFixes.dll",
                "analyzers/dotnet/cs/MemDsl.Generators.dll",
                "analyzers/dotnet/cs/MemDsl.Model.dll",
                "analyzers/dotnet/cs/Scriban.Signed.dll",
                "lib/net10.0/MemDsl.Abstractions.dll",
                "lib/net10.0/MemDsl.Abstractions.xml",
                "lib/net10.0/MemDsl.Model.dll",
                "lib/net10.0/MemDsl.Model.xml",
                "lib/net10.0/MemDsl.Runtime.dll",
                "lib/net10.0/MemDsl.Runtime.xml",
            },
            _package.Entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_fresh_consumer_builds_against_the_package_and_its_generated_pipeline_answers()
    {
        var consumer = _package.CreateConsumer("Consumer", """
            using MemDsl.Abstractions;
            using Microsoft.Extensions.DependencyInjection;

            await using var provider = new ServiceCollection().AddNotesMemory().BuildServiceProvider();
            var memory = provider.GetRequiredService<IMemoryPipeline>();
            var day = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            await memory.WriteAsync(new Turn("1", "Ann", "The boiler service is booked for Friday morning.", day, "s"));
            await memory.WriteAsync(new Turn("2", "Ann", "My cat Pixel likes the green blanket.", day, "s"));
            await memory.WriteAsync(new Turn("3", "Bob", "We should repaint the kitchen in spring.", day, "s"));
            var hits = await memory.QueryAsync("When is the boiler service?");
            Console.WriteLine($"architecture={memory.ArchitectureName} count={memory.Count} top={hits[0].Record.Key} hits={hits.Count}");
            Console.WriteLine($"spec-valid={NotesMemory.Spec.Validate().IsValid}");

            [MemoryArchitecture("notes")]
            [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
            [Embed(EmbedderKind.Hashing, Dimensions = 256)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Bm25, TopK = 2)]
            public sealed partial class NotesMemory { }
            """);

        var (exitCode, output) = DotNetCli.Run(consumer, BuildTimeout, "run", "-c", "Release");

        Assert.True(exitCode == 0, output);
        Assert.Contains("architecture=notes count=3 top=1 hits=2", output);
        Assert.Contains("spec-valid=True", output);
    }

    [Fact]
    public void The_packaged_analyzers_stop_a_build_with_an_invalid_declaration()
    {
        var consumer = _package.CreateConsumer("BadConsumer", """
            using MemDsl.Abstractions;

            Console.WriteLine("unreachable");

            [MemoryArchitecture("bad")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Bm25, TopK = 5000)]
            public sealed partial class BadMemory { }
            """);

        var (exitCode, output) = DotNetCli.Run(consumer, BuildTimeout, "build", "-c", "Release");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MEMDSL0003", output);
        Assert.Contains("TopK = 5000 is out of range for RetrieveKind.Bm25; legal values: 1..1000", output);
        Assert.Contains("MEMDSL0004", output);
    }
}
