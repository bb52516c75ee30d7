using Microsoft.CodeAnalysis.Testing;
using static MemDsl.Analyzers.Tests.Verification;

namespace MemDsl.Analyzers.Tests;

/// <summary>
/// One case per rule of the model's validator, each asserting the exact span and message
/// arguments, plus declarations that must stay silent.
/// </summary>
public sealed class MemoryArchitectureAnalyzerTests
{
    // A complete, valid stage list to which each test adds its one mistake.
    private const string Stages = """
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine)]
        """;

    [Fact]
    public Task Valid_declarations_of_every_kind_report_nothing() => VerifyAnalyzerAsync(Usings + """
        [MemoryArchitecture("turn-cosine")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 8)]
        [Manage(ManageKind.None)]
        [Search(nameof(RetrieveAttribute.TopK), 2, 32)]
        public sealed partial class TurnCosine { }

        [MemoryArchitecture("window-bm25")]
        [Encode(EncodeKind.Window, Size = 4, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Bm25, TopK = 1000)]
        [Manage(ManageKind.Capacity, Max = 500, Policy = EvictionPolicy.Lru)]
        [Search("Size", 2, 64)]
        [Search("Max", 1, 10000)]
        internal partial class WindowBm25 { }

        [MemoryArchitecture("session-hybrid")]
        [Encode(EncodeKind.Session)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 1, Alpha = 0.6f)]
        [Manage(ManageKind.Dedupe, Threshold = 0.5f)]
        [Search("Alpha", 0, 1)]
        [Search("Threshold", 0.9, 1)]
        public partial class SessionHybrid
        {
            [EncodeWith] static string Encode(Turn turn) => turn.Text;
            [ScoreWith] static float Boost(in MemoryHit hit, in QueryContext query) => hit.Score;
        }

        public static partial class Outer<T>
        {
            public partial class Middle
            {
                [MemoryArchitecture("nested")]
                [Encode(EncodeKind.Turn)]
                [Embed(EmbedderKind.MiniLM)]
                [Store(StoreKind.Vector)]
                [Retrieve(RetrieveKind.Cosine)]
                [Manage(ManageKind.Dedupe)]
                private sealed partial class Nested
                {
                    [EncodeWith] private static string Encode(in Turn turn) => turn.Speaker;
                }
            }
        }
        """);

    [Fact]
    public Task Manage_declared_twice_with_different_kinds_reports_nothing() => VerifyAnalyzerAsync(Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Manage(ManageKind.Dedupe, Threshold = 0.9f)]
        [Manage(ManageKind.Capacity, Max = 100)]
        public sealed partial class M { }
        """);

    [Fact]
    public Task Class_without_memory_architecture_reports_nothing() => VerifyAnalyzerAsync(Usings + """
        [Retrieve(RetrieveKind.Bm25, TopK = 2000)]
        [Store(StoreKind.Vector)]
        [Store(StoreKind.Vector)]
        public static class NotAMemory<T>
        {
            [EncodeWith] static int Encode(ref Turn turn) => 0;
        }
        """);

    [Fact]
    public Task Compilation_without_MemDsl_reports_nothing()
    {
        // Not even the attribute type exists: the analyzer must bail out at compilation start.
        return VerifyAnalyzerAsync("""
            [System.Obsolete]
            public class Plain { }
            """);
    }

    [Fact]
    public Task Unbound_kind_is_left_to_the_compiler() => VerifyAnalyzerAsync(Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.{|CS0117:Nope|}, TopK = 2000)]
        public sealed class NotPartialEither { }
        """);

    [Fact]
    public Task Unbound_argument_count_is_left_to_the_compiler() => VerifyAnalyzerAsync(Usings + """
        [{|CS7036:MemoryArchitecture|}]
        [Encode(EncodeKind.Turn)]
        [Store(StoreKind.Vector, {|CS0246:Missing|} = 3)]
        public static class Broken { }
        """);

    [Fact]
    public Task Class_not_partial() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed class {|#0:M|} { }
        """,
        Diagnostic("MEMDSL0001").WithLocation(0).WithArguments("M"));

    [Fact]
    public Task Containing_type_not_partial() => VerifyAnalyzerAsync(
        Usings + $$"""
        public class {|#0:Outer|}<T>
        {
            public partial class Middle
            {
                [MemoryArchitecture("x")]
                {{Stages}}
                public sealed partial class M { }
            }
        }
        """,
        Diagnostic("MEMDSL0001").WithLocation(0).WithArguments("Outer<T>"));

    [Fact]
    public Task Containing_type_shared_by_two_memory_classes_is_reported_once() => VerifyAnalyzerAsync(
        Usings + $$"""
        public static class {|#0:Outer|}
        {
            [MemoryArchitecture("a")]
            {{Stages}}
            public sealed partial class A { }

            [MemoryArchitecture("b")]
            {{Stages}}
            public sealed partial class B { }
        }
        """,
        Diagnostic("MEMDSL0001").WithLocation(0).WithArguments("Outer"));

    [Fact]
    public Task Not_partial_points_at_the_declaration_that_lacks_it() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M { }

        public sealed class {|#0:M|} { }
        """,
        // The compiler objects too (CS0260); MemDsl's diagnostic lands on the same, non-partial declaration.
        DiagnosticResult.CompilerError("CS0260").WithLocation(0).WithArguments("M"),
        Diagnostic("MEMDSL0001").WithLocation(0).WithArguments("M"));

    [Fact]
    public Task Static_class() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public static partial class {|#0:M|} { }
        """,
        Diagnostic("MEMDSL0009").WithLocation(0).WithArguments("M", "a static class cannot implement IMemoryPipeline"));

    [Fact]
    public Task Generic_memory_class() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class {|#0:M|}<T> { }
        """,
        Diagnostic("MEMDSL0009").WithLocation(0).WithArguments("M", "generic memory classes are not supported (a generic containing type is)"));

    [Theory]
    [InlineData("Encode", "EncodeKind", "Turn")]
    [InlineData("Embed", "EmbedderKind", "MiniLM")]
    [InlineData("Store", "StoreKind", "Vector")]
    [InlineData("Retrieve", "RetrieveKind", "Cosine")]
    public Task Missing_required_stage(string stage, string kindEnum, string firstKind)
    {
        var stages = string.Join("\n", Stages.Split('\n').Where(line => !line.StartsWith("[" + stage + "(", StringComparison.Ordinal)));
        Assert.Equal(3, stages.Split('\n').Length); // exactly the one stage was removed
        return VerifyAnalyzerAsync(
            Usings + $$"""
            [{|#0:MemoryArchitecture("x")|}]
            {{stages}}
            public sealed partial class M { }
            """,
            Diagnostic("MEMDSL0002").WithLocation(0).WithArguments("x", stage, kindEnum, firstKind));
    }

    [Theory]
    [InlineData("Retrieve(RetrieveKind.Cosine, {|#0:TopK = 0|})", "TopK", "0", "RetrieveKind", "Cosine", "1..1000")]
    [InlineData("Retrieve(RetrieveKind.Cosine, {|#0:TopK = 2000|})", "TopK", "2000", "RetrieveKind", "Cosine", "1..1000")]
    [InlineData("Retrieve(RetrieveKind.Hybrid, {|#0:Alpha = 1.5f|})", "Alpha", "1.5f", "RetrieveKind", "Hybrid", "0..1")]
    [InlineData("Manage(ManageKind.Dedupe, {|#0:Threshold = 0.2f|})", "Threshold", "0.2f", "ManageKind", "Dedupe", "0.5..1")]
    [InlineData("Encode(EncodeKind.Window, {|#0:Size = 1|})", "Size", "1", "EncodeKind", "Window", "2..64")]
    [InlineData("Embed(EmbedderKind.Hashing, {|#0:Dimensions = 8|})", "Dimensions", "8", "EmbedderKind", "Hashing", "16..4096")]
    [InlineData("Manage(ManageKind.Capacity, {|#0:Max = 0|})", "Max", "0", "ManageKind", "Capacity", "1..10000000")]
    [InlineData("Encode(EncodeKind.Turn, {|#0:Prefix = (PrefixKind)7|})", "Prefix", "(PrefixKind)7", "EncodeKind", "Turn", "None | Speaker | SpeakerAndDate")]
    [InlineData("Context(ContextKind.Chronological, {|#0:Neighbours = 6|})", "Neighbours", "6", "ContextKind", "Chronological", "0..5")]
    [InlineData("Context(ContextKind.Ranked, {|#0:Neighbours = -1|})", "Neighbours", "-1", "ContextKind", "Ranked", "0..5")]
    [InlineData("Context(ContextKind.Ranked, {|#0:TokenBudget = 200000|})", "TokenBudget", "200000", "ContextKind", "Ranked", "0..100000")]
    public Task Parameter_out_of_range(string attribute, string parameter, string value, string kindEnum, string kind, string range)
    {
        // The faulty attribute replaces the valid one of its stage (Manage is added).
        var stage = attribute.Substring(0, attribute.IndexOf('(', StringComparison.Ordinal));
        var stages = string.Join("\n", Stages.Split('\n').Where(line => !line.StartsWith("[" + stage + "(", StringComparison.Ordinal)));
        var store = attribute.Contains("Hybrid", StringComparison.Ordinal) ? stages.Replace("StoreKind.Vector", "StoreKind.VectorAndText", StringComparison.Ordinal) : stages;
        return VerifyAnalyzerAsync(
            Usings + $$"""
            [MemoryArchitecture("x")]
            {{store}}
            [{{attribute}}]
            public sealed partial class M { }
            """,
            Diagnostic("MEMDSL0003").WithLocation(0).WithArguments(parameter, value, kindEnum, kind, range));
    }

    [Theory]
    [InlineData("Bm25")]
    [InlineData("Hybrid")]
    public Task Retriever_needing_text_over_a_vector_store(string retriever) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve({|#0:RetrieveKind.{{retriever}}|})]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0004").WithLocation(0).WithArguments("RetrieveKind", retriever, "indexed text", "StoreKind", "Vector", "VectorAndText"));

    [Theory]
    [InlineData("Vector", "Temporal", "a time index")]
    [InlineData("VectorAndText", "Temporal", "a time index")]
    [InlineData("Vector", "Utility", "per-record statistics (uses, utility, importance)")]
    [InlineData("VectorAndText", "Generative", "a time index and per-record statistics (uses, utility, importance)")]
    [InlineData("Routed", "Temporal", "a time index")] // stores of several stores do not track either
    [InlineData("Routed", "Utility", "per-record statistics (uses, utility, importance)")]
    [InlineData("Tiered", "Generative", "a time index and per-record statistics (uses, utility, importance)")]
    public Task Temporal_and_feedback_driven_retrievers_need_a_tracked_store(string store, string retriever, string missing) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.{{store}})]
        [Retrieve({|#0:RetrieveKind.{{retriever}}|})]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0004").WithLocation(0).WithArguments("RetrieveKind", retriever, missing, "StoreKind", store, "Tracked"));

    // Each structure-reading retriever over stores without its structure; the fix is the store of the same name.
    [Theory]
    [InlineData("Vector", "Hierarchical", "Chunks = 2", "session summaries")]
    [InlineData("Tracked", "Hierarchical", "Chunks = 2", "session summaries")]
    [InlineData("VectorAndText", "Graph", "Seeds = 3, Hops = 2", "an entity graph")]
    [InlineData("Hierarchical", "Graph", "Seeds = 3, Hops = 2", "an entity graph")]
    [InlineData("Tracked", "Notes", "Seeds = 3, Alpha = 0.6f", "linked notes")]
    [InlineData("Graph", "Notes", "Seeds = 3, Alpha = 0.6f", "linked notes")]
    public Task Structure_reading_retrievers_need_the_store_that_keeps_their_structure(string store, string retriever, string parameters, string missing) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.{{store}})]
        [Retrieve({|#0:RetrieveKind.{{retriever}}|}, {{parameters}})]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0004").WithLocation(0).WithArguments("RetrieveKind", retriever, missing, "StoreKind", store, retriever));

    [Fact]
    public Task Utility_pruning_needs_a_store_that_counts_uses() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid)]
        [Manage({|#0:ManageKind.Utility|}, PruneBelow = 0.3f)]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0004").WithLocation(0).WithArguments("ManageKind", "Utility", "per-record statistics (uses, utility, importance)", "StoreKind", "VectorAndText", "Tracked"));

    [Fact]
    public Task Seed_system_declarations_over_a_tracked_store_report_nothing() => VerifyAnalyzerAsync(Usings + """
        [MemoryArchitecture("memrl")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Tracked)]
        [Retrieve(RetrieveKind.Utility, TopK = 10, Candidates = 40, UtilityWeight = 0.3f, LearningRate = 0.5f)]
        [Manage(ManageKind.Utility, PruneBelow = 0.2f, MinUses = 3)]
        [Manage(ManageKind.Update, Similarity = 0.7f)]
        public sealed partial class MemRL { }

        [MemoryArchitecture("generative")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.Tracked)]
        [Retrieve(RetrieveKind.Generative, Decay = 0.99f, RecencyWeight = 0.5f, ImportanceWeight = 0.25f, RelevanceWeight = 1f)]
        public sealed partial class Generative { }

        [MemoryArchitecture("mmr")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Mmr, Candidates = 20, Lambda = 0.5f)]
        public sealed partial class Mmr { }
        """);

    [Fact]
    public Task Persistence_on_a_tracked_store_is_flagged_as_ignored() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Tracked, {|#0:Persistence = PersistenceKind.Sqlite|})]
        [Retrieve(RetrieveKind.Temporal)]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL1001").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithArguments("Persistence", "StoreKind", "Tracked", "StoreKind.Vector, StoreKind.VectorAndText"));

    [Fact]
    public Task Duplicate_store() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [{|#0:Store(StoreKind.VectorAndText)|}]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0005").WithLocation(0).WithArguments("The [Store] stage"));

    [Fact]
    public Task Duplicate_context_stage_even_of_another_kind() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Context(ContextKind.Ranked, Neighbours = 1)]
        [{|#0:Context(ContextKind.Chronological)|}]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0005").WithLocation(0).WithArguments("The [Context] stage"));

    [Fact]
    public Task A_context_stage_with_legal_values_reports_nothing() => VerifyAnalyzerAsync(Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Context(ContextKind.Chronological, Neighbours = 5, TokenBudget = 100000)]
        [Search(nameof(ContextAttribute.Neighbours), 0, 3)]
        public sealed partial class M { }
        """);

    [Fact]
    public Task Duplicate_manager_of_the_same_kind() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Manage(ManageKind.Dedupe)]
        [{|#0:Manage(ManageKind.Dedupe, Threshold = 0.9f)|}]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0005").WithLocation(0).WithArguments("[Manage(ManageKind.Dedupe)]"));

    [Fact]
    public Task Duplicate_custom_encoder() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M
        {
            [EncodeWith] static string First(in Turn turn) => turn.Text;
            [EncodeWith] static string {|#0:Second|}(in Turn turn) => turn.Speaker;
        }
        """,
        Diagnostic("MEMDSL0005").WithLocation(0).WithArguments("The [EncodeWith] stage"));

    [Theory]
    [InlineData("string {|#0:Encode|}(in Turn turn) => turn.Text;")]
    [InlineData("static int {|#0:Encode|}(in Turn turn) => 0;")]
    [InlineData("static string {|#0:Encode|}(in MemoryHit hit) => string.Empty;")]
    [InlineData("static string {|#0:Encode|}(ref Turn turn) => turn.Text;")]
    [InlineData("static string {|#0:Encode|}(in Turn turn, int extra) => turn.Text;")]
    [InlineData("static string {|#0:Encode|}<T>(in Turn turn) => turn.Text;")]
    public Task Custom_encoder_with_the_wrong_signature(string method) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M
        {
            [EncodeWith] {{method}}
        }
        """,
        Diagnostic("MEMDSL0006").WithLocation(0).WithArguments("EncodeWith", "Encode", "static string Method(in Turn turn)"));

    [Fact]
    public Task Custom_scorer_with_the_wrong_signature() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M
        {
            [ScoreWith] static double {|#0:Boost|}(in MemoryHit hit, in QueryContext query) => hit.Score;
        }
        """,
        Diagnostic("MEMDSL0006").WithLocation(0).WithArguments("ScoreWith", "Boost", "static float Method(in MemoryHit hit, in QueryContext query)"));

    [Theory]
    [InlineData("static string Encode(Turn turn) => turn.Text;")]
    [InlineData("static string Encode(in Turn turn) => turn.Text;")]
    [InlineData("private static string Encode(in global::MemDsl.Abstractions.Turn turn) => turn.Text;")]
    public Task Custom_encoder_with_a_right_signature_reports_nothing(string method) => VerifyAnalyzerAsync(Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M
        {
            [EncodeWith] {{method}}
        }
        """);

    [Theory]
    [InlineData("""Search("Nope", 1, 10)""", "Nope", "1", "10", "no stage has a parameter named 'Nope'")]
    [InlineData("""Search("TopK", 10, 5)""", "TopK", "10", "5", "min must be less than max")]
    [InlineData("""Search("TopK", 4, 4)""", "TopK", "4", "4", "min must be less than max")]
    [InlineData("""Search("TopK", 1, 5000)""", "TopK", "1", "5000", "it must lie inside the legal range 1..1000")]
    [InlineData("""Search("Threshold", 0.25, 1)""", "Threshold", "0.25", "1", "it must lie inside the legal range 0.5..1")]
    [InlineData("""Search("Policy", 0, 1)""", "Policy", "0", "1", "'Policy' is not numeric")]
    [InlineData("""Search("Alpha", 0, 1)""", "Alpha", "0", "1", "no declared stage uses 'Alpha'")]
    public Task Invalid_search_range(string attribute, string parameter, string min, string max, string problem) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Manage(ManageKind.Dedupe)]
        [Manage(ManageKind.Capacity)]
        [{|#0:{{attribute}}|}]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0007").WithLocation(0).WithArguments(parameter, min, max, problem));

    [Fact]
    public Task Second_search_range_for_the_same_parameter() => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Search("TopK", 1, 10)]
        [{|#0:Search("TopK", 2, 20)|}]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0007").WithLocation(0).WithArguments("TopK", "2", "20", "the parameter already has a search range"));

    [Fact]
    public Task Unknown_kind() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve({|#0:(RetrieveKind)42|}, TopK = 5)]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0008").WithLocation(0).WithArguments("(RetrieveKind)42", "RetrieveKind", "Cosine | Bm25 | Hybrid | Utility | Generative | Temporal | Mmr | Hierarchical | Graph | Notes | Refine"));

    [Fact]
    public Task Empty_name() => VerifyAnalyzerAsync(
        Usings + $$"""
        [{|#0:MemoryArchitecture("")|}]
        {{Stages}}
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL0010").WithLocation(0).WithArguments("M"));

    [Fact]
    public Task Parameter_of_another_kind_is_a_warning() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 4, {|#0:Alpha = 0.5f|})]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL1001").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithArguments("Alpha", "RetrieveKind", "Cosine", "RetrieveKind.Hybrid, RetrieveKind.Notes"));

    [Fact]
    public Task Several_problems_are_each_reported_at_their_own_span() => VerifyAnalyzerAsync(
        Usings + """
        [{|#0:MemoryArchitecture("x")|}]
        [Encode(EncodeKind.Window, {|#1:Size = 100|})]
        [Store(StoreKind.Vector)]
        [Retrieve({|#2:RetrieveKind.Bm25|}, {|#3:TopK = 0|})]
        public class {|#4:M|} { }
        """,
        Diagnostic("MEMDSL0001").WithLocation(4).WithArguments("M"),
        Diagnostic("MEMDSL0003").WithLocation(1).WithArguments("Size", "100", "EncodeKind", "Window", "2..64"),
        Diagnostic("MEMDSL0003").WithLocation(3).WithArguments("TopK", "0", "RetrieveKind", "Bm25", "1..1000"),
        Diagnostic("MEMDSL0002").WithLocation(0).WithArguments("x", "Embed", "EmbedderKind", "MiniLM"),
        Diagnostic("MEMDSL0004").WithLocation(2).WithArguments("RetrieveKind", "Bm25", "indexed text", "StoreKind", "Vector", "VectorAndText"));

    [Theory]
    [InlineData("Routed", "CoreQuota = 1")]
    [InlineData("Tiered", "CoreTokens = 64")]
    public Task Persistence_on_a_store_of_several_stores_is_flagged_as_ignored(string store, string parameter) => VerifyAnalyzerAsync(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.{{store}}, {{parameter}}, {|#0:Persistence = PersistenceKind.Sqlite|})]
        [Retrieve(RetrieveKind.Hybrid)]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL1001").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithArguments("Persistence", "StoreKind", store, "StoreKind.Vector, StoreKind.VectorAndText"));

    [Fact]
    public Task A_store_parameter_of_another_store_kind_is_flagged() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Tiered, {|#0:CoreQuota = 2|})]
        [Retrieve(RetrieveKind.Cosine)]
        public sealed partial class M { }
        """,
        Diagnostic("MEMDSL1001").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithArguments("CoreQuota", "StoreKind", "Tiered", "StoreKind.Routed"));

    [Fact]
    public Task Mem_alpha_over_a_routed_store_reports_nothing() => VerifyAnalyzerAsync(Usings + """
        [MemoryArchitecture("mem-alpha")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Routed, CoreQuota = 2, SemanticQuota = 3, CoreMax = 64)]
        [Retrieve(RetrieveKind.Bm25, TopK = 10)]
        [Manage(ManageKind.Dedupe)]
        public sealed partial class MemAlpha { }

        [MemoryArchitecture("letta")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Tiered, CoreTokens = 96, RecallSize = 30)]
        [Retrieve(RetrieveKind.Mmr, TopK = 10)]
        [Manage(ManageKind.Capacity, Max = 500)]
        [Context(ContextKind.Chronological, Neighbours = 1)]
        public sealed partial class Letta { }
        """);
}
