using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using MemDsl.Abstractions;
using MemDsl.Evaluation;
using MemDsl.Evolution;
using MemDsl.Model;
using MemDsl.Runtime;

namespace MemDsl.Evolution.Tests;

/// <summary>
/// Compiled candidates: the spec rendered to C#, built with the real generator and compiler in-process,
/// run from a collectible context. They must score exactly as the interpreted runtime does.
/// Durable specs are not covered: they need a database file per run and both build paths refuse them.
/// </summary>
public sealed class CompiledCandidateTests
{
    private static readonly CandidateCompiler Compiler = new();

    private const string WindowHybridDedupe = "[MemoryArchitecture(\"window-hybrid-dedupe\")]\n[Encode(EncodeKind.Window, Size = 3)]\n[Embed(EmbedderKind.Hashing, Dimensions = 512)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.4f)]\n[Manage(ManageKind.Dedupe, Threshold = 0.9f)]";

    /// <summary>Turn, window and session encoders; cosine, BM25 and hybrid retrieval; dedupe and capacity managers.</summary>
    public static TheoryData<string> Specs { get; } = new()
    {
        "[MemoryArchitecture(\"turn-cosine\")]\n[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]\n[Embed(EmbedderKind.Hashing, Dimensions = 256)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Cosine, TopK = 10)]",
        WindowHybridDedupe,
        "[MemoryArchitecture(\"session-bm25-lru\")]\n[Encode(EncodeKind.Session, Prefix = PrefixKind.SpeakerAndDate)]\n[Embed(EmbedderKind.Hashing, Dimensions = 128)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Bm25, TopK = 5)]\n[Manage(ManageKind.Capacity, Max = 40, Policy = EvictionPolicy.Lru)]",
        "[MemoryArchitecture(\"turn-hybrid-fifo-dedupe\")]\n[Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]\n[Embed(EmbedderKind.Hashing, Dimensions = 384)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.7f)]\n[Manage(ManageKind.Capacity, Max = 120, Policy = EvictionPolicy.Fifo)]\n[Manage(ManageKind.Dedupe, Threshold = 0.95f)]\n[Search(nameof(RetrieveAttribute.TopK), 1, 16)]",
        "[MemoryArchitecture(\"minilm-stand-in\")]\n[Encode(EncodeKind.Window, Size = 2, Prefix = PrefixKind.Speaker)]\n[Embed(EmbedderKind.MiniLM)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Cosine, TopK = 10)]",
    };

    private static BenchmarkDataset FactUpdates { get; } = SyntheticStreams.FactUpdates();

    private static BenchmarkDataset LoCoMoConversation { get; } = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { MaxConversations = 1 }).Dataset;

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Compiled_and_interpreted_candidates_score_identically(string text)
    {
        var spec = AttributeText.Parse(text);
        using var compiled = Compiler.Compile(spec, "compiled");
        var interpreted = DesignFactory.FromSpec(spec, "interpreted");
        Assert.Equal(interpreted.Embedder, compiled.Embedder);
        Assert.Equal(spec, compiled.Spec);

        foreach (var dataset in new[] { FactUpdates, LoCoMoConversation })
        {
            var fromSpec = await new BenchmarkRunner().RunOneAsync(interpreted, dataset);
            var fromCode = await new BenchmarkRunner().RunOneAsync(compiled, dataset);
            Assert.True(fromSpec.QueriesScored > 0, dataset.Name);
            AssertSameScores(fromSpec, fromCode);
        }
    }

    [Fact]
    public async Task A_minilm_candidate_gets_the_embedder_the_interpreted_design_gets()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"minilm\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.MiniLM)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 10)]");
        var counting = new CountingEmbedder(new HashingEmbedder(MemoryCatalog.MiniLMDimensions));
        var options = new BenchmarkOptions { EmbeddingGenerator = counting, EmbeddingGeneratorName = "counting" };
        using var compiled = new CandidateCompiler(options).Compile(spec);
        var interpreted = DesignFactory.FromSpec(spec, "interpreted", options);
        Assert.Equal("counting", compiled.Embedder);

        var fromCode = await new BenchmarkRunner().RunOneAsync(compiled, FactUpdates);
        var calls = counting.Calls;
        Assert.True(calls > 0, "the compiled pipeline did not embed through the given generator");
        var fromSpec = await new BenchmarkRunner().RunOneAsync(interpreted, FactUpdates);
        Assert.Equal(calls * 2, counting.Calls);
        AssertSameScores(fromSpec, fromCode);
    }

    [Fact]
    public async Task A_minilm_candidate_on_the_real_model_ranks_exactly_like_the_interpreted_one()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"minilm-real\")]\n[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]\n[Embed(EmbedderKind.MiniLM)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 5, Alpha = 0.7f)]");
        using var model = new MemDsl.Onnx.MiniLMEmbedder(new MemDsl.Onnx.MiniLMEmbedderOptions { Device = MemDsl.Onnx.Device.Cpu });
        var options = new BenchmarkOptions { EmbeddingGenerator = model, EmbeddingGeneratorName = "minilm" };
        using var compiled = new CandidateCompiler(options).Compile(spec);
        var interpreted = DesignFactory.FromSpec(spec, "interpreted", options);
        Assert.Equal("minilm", compiled.Embedder);

        var fromCode = compiled.CreatePipeline();
        var fromSpec = interpreted.CreatePipeline();
        var stream = LoCoMoConversation.Streams[0];
        var writes = 0;
        var queries = 0;
        foreach (var item in stream.Events)
        {
            if (item is WriteEvent write && writes < 40)
            {
                await fromCode.WriteAsync(write.Turn);
                await fromSpec.WriteAsync(write.Turn);
                writes++;
            }
            else if (item is QueryEvent query && writes == 40 && queries < 6)
            {
                var expected = await fromSpec.QueryAsync(new MemoryQuery(query.Query.Text, query.Query.AsOf));
                var actual = await fromCode.QueryAsync(new MemoryQuery(query.Query.Text, query.Query.AsOf));
                Assert.Equal(5, expected.Count);
                Assert.Equal(expected.Select(h => (h.Record.Id, h.Record.Text, h.Score)), actual.Select(h => (h.Record.Id, h.Record.Text, h.Score)));
                queries++;
            }
        }

        Assert.Equal(6, queries);
        (fromCode as IDisposable)?.Dispose();
        (fromSpec as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Custom_method_bodies_run_as_written_when_their_source_is_carried()
    {
        const string Methods = """
                [EncodeWith]
                private static string Encode(in Turn turn) => turn.Speaker.ToUpperInvariant() + " says " + turn.Text;

                [ScoreWith]
                private static float Score(in MemoryHit hit, in QueryContext query) => hit.Score * query.Recency(hit);
            """;
        var spec = AttributeText.Parse("[MemoryArchitecture(\"custom\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 256)]\n[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 10)]") with
        {
            CustomMethods = EquatableArray.Create(
                new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in"))),
                new CustomMethodSpec("ScoreWith", "Score", true, false, "float", EquatableArray.Create(new MethodParameterShape(KnownNames.MemoryHitType, "in"), new MethodParameterShape(KnownNames.QueryContextType, "in")))),
        };

        using var compiled = Compiler.Compile(spec, "custom", Methods);
        var pipeline = compiled.CreatePipeline();
        await pipeline.WriteAsync(new Turn("s1:1", "maya", "I adopted a greyhound.", DateTimeOffset.UnixEpoch, "s1"));
        var hit = Assert.Single(await pipeline.QueryAsync("greyhound"));
        Assert.Equal("MAYA says I adopted a greyhound.", hit.Record.Text);
        (pipeline as IDisposable)?.Dispose();

        // The same methods handed to the interpreted runtime as delegates score the same.
        var mirror = new BenchmarkDesign("custom", "interpreted", compiled.Embedder, () => InterpretedPipeline.Create(spec, new InterpretedPipelineOptions
        {
            EncodeWith = turn => turn.Speaker.ToUpperInvariant() + " says " + turn.Text,
            ScoreWith = static (in MemoryHit hit, in QueryContext query) => hit.Score * query.Recency(hit),
        }), spec);
        AssertSameScores(await new BenchmarkRunner().RunOneAsync(mirror, FactUpdates), await new BenchmarkRunner().RunOneAsync(compiled, FactUpdates));
    }

    [Fact]
    public void Custom_methods_without_their_source_or_with_other_methods_are_refused()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"custom\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 64)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Cosine)]");
        var withMethod = spec with
        {
            CustomMethods = EquatableArray.Create(new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in")))),
        };

        var missing = Assert.Throws<DesignLoadException>(() => Compiler.Compile(withMethod, "c1"));
        Assert.Contains("[EncodeWith] Encode", missing.Message, StringComparison.Ordinal);
        Assert.Contains("no method source", missing.Message, StringComparison.Ordinal);

        // Source declaring a method the spec does not: the compiled design would not be the candidate.
        var extra = Assert.Throws<DesignLoadException>(() => Compiler.Compile(spec, "c2", "[EncodeWith] private static string Encode(in Turn turn) => turn.Text;"));
        Assert.Contains("declares [EncodeWith] Encode, but the architecture 'custom' declares no custom methods", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiler_errors_in_method_source_are_listed()
    {
        var spec = AttributeText.Parse("[MemoryArchitecture(\"broken\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 64)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Cosine)]") with
        {
            CustomMethods = EquatableArray.Create(new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in")))),
        };

        var error = Assert.Throws<DesignLoadException>(() => Compiler.Compile(spec, "broken.cs", "[EncodeWith] private static string Encode(in Turn turn) => turn.NoSuchMember;"));

        Assert.Equal("broken.cs", error.Source);
        Assert.Contains("does not compile", error.Message, StringComparison.Ordinal);
        var problem = Assert.Single(error.Problems);
        Assert.Contains("CS1061", problem, StringComparison.Ordinal);
        Assert.Contains("NoSuchMember", problem, StringComparison.Ordinal);
        Assert.Contains("CS1061", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_and_durable_specs_are_refused_before_or_after_compiling()
    {
        var invalid = AttributeText.Parse("[MemoryArchitecture(\"bad\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 64)]\n[Store(StoreKind.Vector)]\n[Retrieve(RetrieveKind.Bm25)]");
        var error = Assert.Throws<DesignLoadException>(() => Compiler.Compile(invalid, "bad"));
        Assert.NotEmpty(error.Problems);

        var durable = AttributeText.Parse("[MemoryArchitecture(\"durable\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 64)]\n[Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]\n[Retrieve(RetrieveKind.Cosine)]");
        var refused = Assert.Throws<DesignLoadException>(() => Compiler.Compile(durable, "durable"));
        Assert.Contains("durable store", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_compiled_design_unloads_its_assembly()
    {
        var (context, pipelineType) = await CompileRunAndDispose();

        for (var i = 0; i < 20 && (context.IsAlive || pipelineType.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "the candidate's load context is still reachable after the design was disposed");
        Assert.False(pipelineType.IsAlive, "the generated pipeline type is still reachable after the design was disposed");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference Context, WeakReference Type)> CompileRunAndDispose()
    {
        var spec = AttributeText.Parse(WindowHybridDedupe);
        var design = Compiler.Compile(spec, "unload");
        var result = await new BenchmarkRunner().RunOneAsync(design, FactUpdates);
        Assert.True(result.QueriesScored > 0);

        var pipeline = design.CreatePipeline();
        var type = pipeline.GetType();
        var context = AssemblyLoadContext.GetLoadContext(type.Assembly)!;
        Assert.True(context.IsCollectible);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        // MemDsl comes from the host, so the generated class implements the host's interface.
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(IMemoryPipeline).Assembly));
        Assert.Equal(CandidateCompiler.CandidateNamespace + "." + CandidateCompiler.CandidateClassName, type.FullName);
        (pipeline as IDisposable)?.Dispose();

        design.Dispose();
        Assert.Throws<ObjectDisposedException>(() => design.CreatePipeline());
        return (new WeakReference(context), new WeakReference(type));
    }

    [Fact]
    public async Task A_compiled_search_builds_the_same_archive_as_an_interpreted_one()
    {
        var options = new EvolutionOptions { Seed = 11, Budget = 6 };
        var interpreted = await new EvolutionarySearch(FactUpdates, "fact-updates", options).RunAsync();
        var compiled = await new EvolutionarySearch(FactUpdates, "fact-updates", options with { Build = CandidateBuild.Compiled }).RunAsync();

        Assert.Equal(ArchiveSignature.Of(interpreted), ArchiveSignature.Of(compiled));
        Assert.DoesNotContain(compiled.Entries, e => e.Failed);
    }

    [Fact]
    public async Task A_candidate_that_cannot_be_built_is_archived_as_failed_and_the_compiled_search_goes_on()
    {
        var durable = AttributeText.Parse("[MemoryArchitecture(\"durable\")]\n[Encode(EncodeKind.Turn)]\n[Embed(EmbedderKind.Hashing, Dimensions = 64)]\n[Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]\n[Retrieve(RetrieveKind.Cosine)]");
        var options = new EvolutionOptions { Seed = 4, Budget = 4, Build = CandidateBuild.Compiled, StartingSpecs = [durable, AttributeText.Parse(WindowHybridDedupe)] };

        var archive = await new EvolutionarySearch(FactUpdates, "fact-updates", options).RunAsync();

        Assert.Equal(4, archive.Count);
        Assert.True(archive.Entries[0].Failed);
        Assert.Null(archive.Entries[0].Quality);
        Assert.StartsWith("DesignLoadException: evolve: a durable store", archive.Entries[0].Failure, StringComparison.Ordinal);
        // Only durable candidates fail (a mutation may also turn persistence on); the rest were compiled and scored.
        Assert.All(archive.Entries.Where(e => e.Failed), e => Assert.Contains("Persistence = PersistenceKind.Sqlite", e.SpecText, StringComparison.Ordinal));
        Assert.Contains(archive.Entries, e => e.Id > 1 && !e.Failed);
    }

    /// <summary>Every metric and count equal, not approximately: the same records ranked the same way.</summary>
    private static void AssertSameScores(RunResult expected, RunResult actual)
    {
        Assert.Equal(expected.Writes, actual.Writes);
        Assert.Equal(expected.StoredRecords, actual.StoredRecords);
        Assert.Equal(expected.QueriesScored, actual.QueriesScored);
        Assert.Equal(expected.QueriesWithoutGold, actual.QueriesWithoutGold);
        AssertSameSummary(expected.Overall, actual.Overall);
        Assert.Equal(expected.ByCategory.Keys, actual.ByCategory.Keys);
        foreach (var (category, summary) in expected.ByCategory)
        {
            AssertSameSummary(summary, actual.ByCategory[category]);
        }

        Assert.Equal(expected.Costs.MeanContextTokens, actual.Costs.MeanContextTokens);
    }

    private static void AssertSameSummary(MetricSummary expected, MetricSummary actual)
    {
        Assert.Equal(expected.Queries, actual.Queries);
        Assert.Equal(expected.Recall, actual.Recall);
        Assert.Equal(expected.Hit, actual.Hit);
        Assert.Equal(expected.Ndcg, actual.Ndcg);
        Assert.Equal(expected.Mrr, actual.Mrr);
    }

    /// <summary>Counts the batches a real embedder is asked for, to show which generator a pipeline uses.</summary>
    private sealed class CountingEmbedder(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> inner)
        : Microsoft.Extensions.AI.DelegatingEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>(inner)
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return base.GenerateAsync(values, options, cancellationToken);
        }
    }
}
