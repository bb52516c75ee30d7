using System.Globalization;
using System.Reflection;
using System.Text;
using MemDsl.Abstractions;
using MemDsl.Model;
using MemDsl.Runtime;
using Microsoft.CodeAnalysis;

namespace MemDsl.Generators.Tests;

/// <summary>
/// Property test: for random valid specs the generated pipeline and the interpreted pipeline give
/// the same hits, scores, neighbour flags, manage results and counts on the same stream of turns,
/// queries and feedback; about half the specs declare a context stage, a third an int8 store.
/// </summary>
public sealed class EquivalenceTests
{
    private const int SpecCount = 30;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AsOf = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Vocabulary =
    {
        "coffee", "tea", "Paris", "Berlin", "meeting", "monday", "project", "deadline", "dog", "cat",
        "likes", "hates", "moved", "to", "the", "new", "office", "birthday", "gift", "book",
    };

    private static readonly string[] Speakers = { "Alice", "Bob", "Carol" };
    private static readonly string[] Sessions = { "s1", "s2", "s3" };

    [Fact]
    public async Task Generated_pipelines_match_the_interpreted_pipeline_on_random_valid_specs()
    {
        var random = new Random(20250101);
        var specs = new List<ArchitectureSpec>();
        var source = new StringBuilder("using MemDsl.Abstractions;\n\nnamespace Equivalence;\n\n");
        for (var i = 0; i < SpecCount; i++)
        {
            var (spec, customMembers) = RandomSpec(random, i);
            Assert.True(spec.Validate().IsValid, spec.ToAttributeText());
            specs.Add(spec);
            source.Append(AttributeText.Render(spec)).Append("public sealed partial class Memory").Append(i).Append("\n{\n").Append(customMembers).Append("}\n\n");
        }

        var (result, output) = GenerateCleanly(GeneratorHarness.CreateCompilation(source.ToString()));
        Assert.Equal(SpecCount, result.GeneratedSources.Length);

        var (assembly, context) = GeneratorHarness.Load(output);
        var neighbours = 0;
        try
        {
            for (var i = 0; i < SpecCount; i++)
            {
                var generated = (IMemoryPipeline)Activator.CreateInstance(assembly.GetType("Equivalence.Memory" + i, throwOnError: true)!)!;
                var interpreted = InterpretedPipeline.Create(specs[i], new InterpretedPipelineOptions
                {
                    EncodeWith = specs[i].FindCustomMethod("EncodeWith") is null ? null : CustomEncode,
                    ScoreWith = specs[i].FindCustomMethod("ScoreWith") is null ? null : CustomScore,
                });
                neighbours += await AssertSameBehaviour(specs[i], generated, interpreted, new Random(1000 + i));
            }
        }
        finally
        {
            context.Unload();
        }

        // The context stage's paths really ran: both kinds, neighbour expansion, a budget.
        Assert.Contains(specs, s => s.Context?.KindName == "Ranked");
        Assert.Contains(specs, s => s.Context?.KindName == "Chronological");
        Assert.Contains(specs, s => s.Context?.GetInt32("TokenBudget") > 0);
        Assert.True(neighbours > 0, "no query returned a neighbour");
        Assert.Contains(specs, s => s.Retrieve.KindName == "Hierarchical");
        Assert.Contains(specs, s => s.Retrieve.KindName == "Graph");
        Assert.Contains(specs, s => s.Retrieve.KindName == "Notes");
        Assert.Contains(specs, s => s.Store.GetSymbol("Quantization") == "Int8" && s.Retrieve.KindName == "Cosine");
    }

    [Fact]
    public async Task Generated_distilling_pipelines_match_the_interpreted_pipeline()
    {
        // The distilling encoder is a write check before the managers: every path (skipped small talk,
        // displacement, managers after it, windows, neighbours of distilled items) on both sides.
        string[] declarations =
        [
            "[MemoryArchitecture(\"d0\")] [Encode(EncodeKind.Distill, Items = 2, Prefix = PrefixKind.Speaker)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Utility, TopK = 5, Candidates = 8)] [Manage(ManageKind.Utility, MinUses = 1, PruneBelow = 0.4f)] [Manage(ManageKind.Dedupe, Threshold = 0.9f)]",
            "[MemoryArchitecture(\"d1\")] [Encode(EncodeKind.Distill, Items = 1, Unit = ExperienceUnit.Window, Span = 3)] [Embed(EmbedderKind.Hashing, Dimensions = 32)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Hybrid, TopK = 4)] [Manage(ManageKind.Update, Similarity = 0.5f)]",
            "[MemoryArchitecture(\"d2\")] [Encode(EncodeKind.Distill, Items = 3, Prefix = PrefixKind.SpeakerAndDate)] [Embed(EmbedderKind.Hashing, Dimensions = 128)] [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine, TopK = 6)] [Manage(ManageKind.Capacity, Max = 5)] [Context(ContextKind.Chronological, Neighbours = 1)]",
            "[MemoryArchitecture(\"d3\")] [Encode(EncodeKind.Distill, Items = 4)] [Embed(EmbedderKind.Hashing, Dimensions = 32)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Refine, TopK = 5, Candidates = 10, RelativeCut = 0.3f, Redundancy = 0.8f, PruneAfter = 2)]",
        ];
        var specs = declarations.Select(AttributeText.Parse).ToArray();
        var source = new StringBuilder("using MemDsl.Abstractions;\n\nnamespace Equivalence;\n\n");
        for (var i = 0; i < specs.Length; i++)
        {
            Assert.True(specs[i].Validate().IsValid, declarations[i]);
            source.Append(declarations[i]).Append("\npublic sealed partial class Distill").Append(i).Append("\n{\n}\n\n");
        }

        var (_, output) = GenerateCleanly(GeneratorHarness.CreateCompilation(source.ToString()));

        var (assembly, context) = GeneratorHarness.Load(output);
        try
        {
            for (var i = 0; i < specs.Length; i++)
            {
                var generated = (IMemoryPipeline)Activator.CreateInstance(assembly.GetType("Equivalence.Distill" + i, throwOnError: true)!)!;
                using var interpreted = InterpretedPipeline.Create(specs[i]);
                await AssertSameBehaviour(specs[i], generated, interpreted, new Random(2000 + i));

                // Distillation kept fewer records than turns were written (small talk and displaced items);
                // d0's utility manager may prune every item that feedback did not reward, the others keep some.
                var least = specs[i].Managers.Any(m => m.KindName == "Utility") ? 0 : 1;
                Assert.True(interpreted.Count >= least && interpreted.Count <= 59, $"{declarations[i]} kept {interpreted.Count} records");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task Every_seed_system_sample_behaves_as_its_interpreted_pipeline()
    {
        // The samples project compiled with the generator, as its build does; each class's generated Spec
        // is what the interpreted pipeline runs. MiniLM samples get a 384-d hashing embedder in both: this
        // test is about generated and interpreted behaviour being the same, not about embedding quality.
        var project = SnapshotCase.All().First(c => c.Name.StartsWith("Samples.SeedSystems.", StringComparison.Ordinal));
        var (_, output) = GenerateCleanly(project.CreateCompilation());

        var (assembly, context) = GeneratorHarness.Load(output);
        var checkedSamples = new List<string>();
        try
        {
            var types = assembly.GetTypes()
                .Where(t => typeof(IMemoryPipeline).IsAssignableFrom(t) && t.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static) is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal);
            foreach (var type in types)
            {
                var spec = (ArchitectureSpec)type.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var miniLM = spec.Embed.KindName == "MiniLM";
                using var embedder = new HashingEmbedder(384);
                var generated = (IMemoryPipeline)(miniLM ? Activator.CreateInstance(type, embedder) : Activator.CreateInstance(type))!;
                using var interpreted = InterpretedPipeline.Create(spec, new InterpretedPipelineOptions { EmbeddingGenerator = miniLM ? embedder : null });
                try
                {
                    await AssertSameBehaviour(spec, generated, interpreted, new Random(3000 + checkedSamples.Count));
                }
                finally
                {
                    (generated as IDisposable)?.Dispose();
                }

                checkedSamples.Add(spec.Name);
            }
        }
        finally
        {
            context.Unload();
        }

        // Every file of samples/SeedSystems declares one memory.
        var files = Directory.GetFiles(Path.Combine(GeneratorHarness.RepoRoot, "samples", "SeedSystems"), "*Memory.cs");
        Assert.Equal(files.Length, checkedSamples.Count);
    }

    // Mirrors of the [EncodeWith]/[ScoreWith] methods rendered into the classes below.
    private static string CustomEncode(Turn turn) => turn.Speaker + " | " + turn.Text;

    private static float CustomScore(in MemoryHit hit, in QueryContext query) => hit.Score * query.Recency(hit);

    private const string CustomEncodeSource = "    [EncodeWith]\n    private static string Encode(in Turn turn) => turn.Speaker + \" | \" + turn.Text;\n";
    private const string CustomScoreSource = "    [ScoreWith]\n    private static float Score(in MemoryHit hit, in QueryContext query) => hit.Score * query.Recency(hit);\n";

    // Runs the generator and requires that it neither threw nor left an error or warning in the output compilation.
    private static (GeneratorRunResult Result, Compilation Output) GenerateCleanly(Compilation compilation)
    {
        var (result, output) = GeneratorHarness.Run(compilation);
        Assert.Null(result.Exception);
        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
        return (result, output);
    }

    /// <summary>Asserts the two behave the same; returns how many neighbour hits the queries returned.</summary>
    private static async Task<int> AssertSameBehaviour(ArchitectureSpec spec, IMemoryPipeline generated, IMemoryPipeline interpreted, Random random)
    {
        var label = spec.ToAttributeText();
        var neighbours = 0;
        Assert.Equal(interpreted.ArchitectureName, generated.ArchitectureName);
        var texts = new List<string>();
        for (var t = 0; t < 60; t++)
        {
            // Every fourth turn repeats an earlier text so dedupe and BM25 have overlaps to find.
            var text = t % 4 == 3 && texts.Count > 0 ? texts[random.Next(texts.Count)] : RandomText(random, 3, 8);
            texts.Add(text);
            var turn = new Turn(
                "t" + t.ToString(CultureInfo.InvariantCulture),
                Speakers[random.Next(Speakers.Length)],
                text,
                Start.AddHours(random.Next(0, 24 * 40)),
                Sessions[random.Next(Sessions.Length)]);
            await generated.WriteAsync(turn);
            await interpreted.WriteAsync(turn);
            if (t % 10 == 9)
            {
                neighbours += await AssertSameHitsAndGiveFeedback(label, generated, interpreted, new MemoryQuery(RandomText(random, 1, 4), AsOf.AddHours(t)), random);
            }
        }

        Assert.Equal(interpreted.Count, generated.Count);
        for (var q = 0; q < 5; q++)
        {
            neighbours += await AssertSameHitsAndGiveFeedback(label, generated, interpreted, new MemoryQuery(RandomText(random, 1, 4), AsOf.AddDays(q)), random);
        }

        Assert.Equal(await interpreted.ManageAsync(), await generated.ManageAsync());
        Assert.Equal(interpreted.Count, generated.Count);
        await AssertSameHits(label, generated, interpreted, new MemoryQuery(RandomText(random, 2, 5), AsOf));
        return neighbours;
    }

    /// <summary>Same hits, then the same random rewards on them to both pipelines; returns the number of neighbour hits.</summary>
    private static async Task<int> AssertSameHitsAndGiveFeedback(string label, IMemoryPipeline generated, IMemoryPipeline interpreted, MemoryQuery query, Random random)
    {
        var (expected, actual) = await AssertSameHits(label, generated, interpreted, query);
        var neighbours = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            neighbours += expected[i].IsNeighbour ? 1 : 0;
            if (random.Next(2) == 0)
            {
                var reward = random.Next(-2, 3) / 2f;
                await interpreted.FeedbackAsync(query, expected[i], reward);
                await generated.FeedbackAsync(query, actual[i], reward);
            }
        }

        return neighbours;
    }

    private static async Task<(IReadOnlyList<MemoryHit> Expected, IReadOnlyList<MemoryHit> Actual)> AssertSameHits(string label, IMemoryPipeline generated, IMemoryPipeline interpreted, MemoryQuery query)
    {
        var expected = await interpreted.QueryAsync(query);
        var actual = await generated.QueryAsync(query);
        Assert.True(expected.Count == actual.Count, $"{label}\nquery '{query.Text}': {expected.Count} interpreted hits, {actual.Count} generated");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Record.Id == actual[i].Record.Id, $"{label}\nquery '{query.Text}' hit {i}: id {expected[i].Record.Id} vs {actual[i].Record.Id}");
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= 1e-6, $"{label}\nquery '{query.Text}' hit {i}: score {expected[i].Score} vs {actual[i].Score}");
            Assert.True(expected[i].IsNeighbour == actual[i].IsNeighbour, $"{label}\nquery '{query.Text}' hit {i}: neighbour {expected[i].IsNeighbour} vs {actual[i].IsNeighbour}");
        }

        return (expected, actual);
    }

    private static string RandomText(Random random, int min, int max)
    {
        var count = random.Next(min, max + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Vocabulary[random.Next(Vocabulary.Length)];
        }

        return string.Join(' ', words);
    }

    /// <summary>A random valid Hashing spec (the interpreted pipeline needs no model for it) and the custom methods it declares.</summary>
    private static (ArchitectureSpec Spec, string CustomMembers) RandomSpec(Random random, int index)
    {
        var prefixes = new[] { "None", "Speaker", "SpeakerAndDate" };
        var stages = new List<StageSpec>();
        var prefix = new ParameterValue("Prefix", SpecValue.Named(prefixes[random.Next(3)]));
        stages.Add(random.Next(3) switch
        {
            0 => new StageSpec(StageSlot.Encode, "Turn", prefix),
            1 => new StageSpec(StageSlot.Encode, "Window", new ParameterValue("Size", SpecValue.Integer(random.Next(2, 6))), prefix),
            _ => new StageSpec(StageSlot.Encode, "Session", prefix),
        });
        stages.Add(new StageSpec(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(new[] { 16, 32, 64, 128 }[random.Next(4)]))));
        var store = new[] { "Vector", "VectorAndText", "VectorAndText", "Tracked", "Tracked", "Hierarchical", "Graph", "Notes" }[random.Next(8)];
        // Every third spec over a store that can quantize keeps an int8 copy of its vectors (chosen by
        // index, so the random stream and with it every other spec stay as they were).
        stages.Add(store == "Notes"
            ? new StageSpec(StageSlot.Store, store, new ParameterValue("Links", SpecValue.Integer(random.Next(1, 4))))
            : index % 3 == 0 && store is "Vector" or "VectorAndText" or "Tracked"
                ? new StageSpec(StageSlot.Store, store, new ParameterValue("Quantization", SpecValue.Named("Int8")))
                : new StageSpec(StageSlot.Store, store));
        var topK = new ParameterValue("TopK", SpecValue.Integer(random.Next(1, 11)));
        var candidates = new ParameterValue("Candidates", SpecValue.Integer(random.Next(1, 30)));
        var retrievers = store switch
        {
            "Vector" => new[] { "Cosine", "Mmr" },
            "VectorAndText" => new[] { "Cosine", "Bm25", "Hybrid", "Mmr" },
            "Hierarchical" => new[] { "Cosine", "Bm25", "Temporal", "Hierarchical", "Hierarchical" },
            "Graph" => new[] { "Cosine", "Utility", "Graph", "Graph" },
            "Notes" => new[] { "Hybrid", "Notes", "Notes" },
            _ => new[] { "Cosine", "Bm25", "Hybrid", "Mmr", "Utility", "Generative", "Temporal" },
        };
        stages.Add(retrievers[random.Next(retrievers.Length)] switch
        {
            "Cosine" => new StageSpec(StageSlot.Retrieve, "Cosine", topK),
            "Bm25" => new StageSpec(StageSlot.Retrieve, "Bm25", topK),
            "Hybrid" => new StageSpec(StageSlot.Retrieve, "Hybrid", topK, new ParameterValue("Alpha", SpecValue.Float(random.Next(0, 101) / 100f))),
            "Mmr" => new StageSpec(StageSlot.Retrieve, "Mmr", topK, candidates, new ParameterValue("Lambda", SpecValue.Float(random.Next(0, 101) / 100f))),
            "Utility" => new StageSpec(StageSlot.Retrieve, "Utility", topK, candidates, new ParameterValue("UtilityWeight", SpecValue.Float(random.Next(0, 101) / 100f)), new ParameterValue("LearningRate", SpecValue.Float(random.Next(1, 101) / 100f))),
            "Generative" => new StageSpec(StageSlot.Retrieve, "Generative", topK, new ParameterValue("Decay", SpecValue.Float(random.Next(50, 101) / 100f)), new ParameterValue("ImportanceWeight", SpecValue.Float(random.Next(0, 101) / 100f))),
            "Hierarchical" => new StageSpec(StageSlot.Retrieve, "Hierarchical", topK, new ParameterValue("Chunks", SpecValue.Integer(random.Next(1, 4)))),
            "Graph" => new StageSpec(StageSlot.Retrieve, "Graph", topK, new ParameterValue("Seeds", SpecValue.Integer(random.Next(1, 4))), new ParameterValue("Hops", SpecValue.Integer(random.Next(1, 3))), new ParameterValue("Fanout", SpecValue.Integer(random.Next(1, 10)))),
            "Notes" => new StageSpec(StageSlot.Retrieve, "Notes", topK, new ParameterValue("Seeds", SpecValue.Integer(random.Next(1, 4))), new ParameterValue("Alpha", SpecValue.Float(random.Next(0, 101) / 100f))),
            _ => new StageSpec(StageSlot.Retrieve, "Temporal", topK),
        });

        var managers = new List<StageSpec>();
        if (random.Next(2) == 0)
        {
            managers.Add(new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(random.Next(50, 101) / 100f))));
        }

        if (random.Next(2) == 0)
        {
            managers.Add(new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(random.Next(3, 30))), new ParameterValue("Policy", SpecValue.Named(random.Next(2) == 0 ? "Fifo" : "Lru"))));
        }

        if (random.Next(4) == 0)
        {
            managers.Add(new StageSpec(StageSlot.Manage, "None"));
        }

        if ((store == "Tracked" || store == "Hierarchical" || store == "Graph" || store == "Notes") && random.Next(2) == 0)
        {
            managers.Add(new StageSpec(StageSlot.Manage, "Utility", new ParameterValue("PruneBelow", SpecValue.Float(random.Next(0, 60) / 100f)), new ParameterValue("MinUses", SpecValue.Integer(random.Next(1, 4)))));
        }

        if (random.Next(3) == 0)
        {
            managers.Add(new StageSpec(StageSlot.Manage, "Update", new ParameterValue("Similarity", SpecValue.Float(random.Next(30, 101) / 100f))));
        }

        // Random declaration order of the managers: ManageAsync sums them in that order.
        stages.AddRange(managers.OrderBy(_ => random.Next()));

        var members = new StringBuilder();
        var methods = new List<CustomMethodSpec>();
        if (random.Next(3) == 0)
        {
            members.Append(CustomEncodeSource);
            methods.Add(new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in"))));
        }

        if (random.Next(3) == 0)
        {
            members.Append(CustomScoreSource);
            methods.Add(new CustomMethodSpec("ScoreWith", "Score", true, false, "float", EquatableArray.Create(new MethodParameterShape(KnownNames.MemoryHitType, "in"), new MethodParameterShape(KnownNames.QueryContextType, "in"))));
        }

        // Drawn last so the other stages are the ones drawn before the context stage existed.
        if (random.Next(2) == 0)
        {
            var budget = random.Next(3) == 0 ? 0 : random.Next(5, 120);
            stages.Add(new StageSpec(
                StageSlot.Context,
                random.Next(2) == 0 ? "Ranked" : "Chronological",
                new ParameterValue("Neighbours", SpecValue.Integer(random.Next(0, 4))),
                new ParameterValue("TokenBudget", SpecValue.Integer(budget))));
        }

        var spec = new ArchitectureSpec("random-" + index.ToString(CultureInfo.InvariantCulture), stages.ToArray()) with { CustomMethods = methods.ToEquatableArray() };
        return (spec, members.ToString());
    }

    // Openings that RuleWriteRouter sends to core (first person with a preference or identity cue), to
    // semantic (an event word with a date and names) or to neither, so every store of a routed declaration fills.
    private static readonly string[] RoutedOpenings =
    {
        "I love", "my dog likes", "my name is", "Ana moved to Paris on Monday 3 May with Bob", "thanks see you", "I hate", "we",
    };

    [Fact]
    public async Task Generated_routed_and_tiered_pipelines_match_the_interpreted_pipeline()
    {
        string[] declarations =
        {
            "[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Routed, CoreQuota = 2, SemanticQuota = 3, CoreMax = 4)] [Retrieve(RetrieveKind.Cosine, TopK = 6)]",
            "[Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions = 32)] [Store(StoreKind.Routed, CoreQuota = 1, SemanticQuota = 1, CoreMax = 2)] [Retrieve(RetrieveKind.Bm25, TopK = 4)] [Manage(ManageKind.Dedupe, Threshold = 0.9f)]",
            "[Encode(EncodeKind.Window, Size = 3)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Routed)] [Retrieve(RetrieveKind.Hybrid, TopK = 5, Alpha = 0.4f)] [Manage(ManageKind.Capacity, Max = 12, Policy = EvictionPolicy.Lru)]",
            "[Encode(EncodeKind.Session)] [Embed(EmbedderKind.Hashing, Dimensions = 16)] [Store(StoreKind.Routed, CoreQuota = 0, SemanticQuota = 2)] [Retrieve(RetrieveKind.Mmr, TopK = 3, Candidates = 6, Lambda = 0.5f)]",
            "[Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Routed, CoreQuota = 3, SemanticQuota = 3, CoreMax = 3)] [Retrieve(RetrieveKind.Cosine, TopK = 8)] [Manage(ManageKind.Update, Similarity = 0.5f)] [Context(ContextKind.Chronological, Neighbours = 1, TokenBudget = 60)]",
            "[Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Tiered, CoreTokens = 24, RecallSize = 8)] [Retrieve(RetrieveKind.Cosine, TopK = 6)]",
            "[Encode(EncodeKind.Window, Size = 2)] [Embed(EmbedderKind.Hashing, Dimensions = 32)] [Store(StoreKind.Tiered, CoreTokens = 40, RecallSize = 3)] [Retrieve(RetrieveKind.Hybrid, TopK = 4, Alpha = 0.7f)] [Manage(ManageKind.Dedupe, Threshold = 0.9f)] [Manage(ManageKind.Capacity, Max = 20)]",
            "[Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions = 64)] [Store(StoreKind.Tiered, CoreTokens = 0, RecallSize = 1)] [Retrieve(RetrieveKind.Bm25, TopK = 5)] [Context(ContextKind.Ranked, Neighbours = 1)]",
        };
        // The openings really fill the core and the semantic store.
        Assert.Contains(RoutedOpenings, o => (RuleWriteRouter.Route(o + " coffee", "Alice") & WriteRoute.Core) != 0);
        Assert.Contains(RoutedOpenings, o => (RuleWriteRouter.Route(o + " coffee", "Alice") & WriteRoute.Semantic) != 0);
        var specs = new List<ArchitectureSpec>();
        var source = new StringBuilder("using MemDsl.Abstractions;\n\nnamespace RoutedEquivalence;\n\n");
        for (var i = 0; i < declarations.Length; i++)
        {
            var spec = AttributeText.Parse("[MemoryArchitecture(\"routed-" + i.ToString(CultureInfo.InvariantCulture) + "\")] " + declarations[i]);
            Assert.True(spec.Validate().IsValid, spec.ToAttributeText());
            specs.Add(spec);
            source.Append(AttributeText.Render(spec)).Append("public sealed partial class Memory").Append(i).Append(" { }\n\n");
        }

        var (_, output) = GenerateCleanly(GeneratorHarness.CreateCompilation(source.ToString()));
        var (assembly, context) = GeneratorHarness.Load(output);
        try
        {
            for (var i = 0; i < specs.Count; i++)
            {
                var generated = (IMemoryPipeline)Activator.CreateInstance(assembly.GetType("RoutedEquivalence.Memory" + i, throwOnError: true)!)!;
                using var interpreted = InterpretedPipeline.Create(specs[i]);
                var label = specs[i].ToAttributeText();
                var random = new Random(2000 + i);
                for (var t = 0; t < 60; t++)
                {
                    var text = RoutedOpenings[random.Next(RoutedOpenings.Length)] + " " + RandomText(random, 1, 5);
                    var turn = new Turn("t" + t.ToString(CultureInfo.InvariantCulture), Speakers[random.Next(Speakers.Length)], text, Start.AddHours(random.Next(0, 24 * 40)), Sessions[random.Next(Sessions.Length)]);
                    await generated.WriteAsync(turn);
                    await interpreted.WriteAsync(turn);
                    if (t % 10 == 9)
                    {
                        // Sleep-time manage between batches, so tiered stores move records and rewrite their core block.
                        Assert.Equal(await interpreted.ManageAsync(), await generated.ManageAsync());
                        await AssertSameHitsAndGiveFeedback(label, generated, interpreted, new MemoryQuery(RoutedOpenings[random.Next(RoutedOpenings.Length)] + " " + RandomText(random, 1, 3), AsOf.AddHours(t)), random);
                    }
                }

                Assert.Equal(interpreted.Count, generated.Count);
                Assert.Equal(await interpreted.ManageAsync(), await generated.ManageAsync());
                await AssertSameHits(label, generated, interpreted, new MemoryQuery("I love my dog " + RandomText(random, 1, 3), AsOf));
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
