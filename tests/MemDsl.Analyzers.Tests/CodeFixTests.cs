using MemDsl.CodeFixes;
using static MemDsl.Analyzers.Tests.Verification;

namespace MemDsl.Analyzers.Tests;

/// <summary>Each fix applied to a real diagnostic, compared with the exact source it must produce.</summary>
public sealed class CodeFixTests
{
    private const string Stages = """
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine)]
        """;

    [Fact]
    public Task Make_partial_adds_partial_after_the_other_modifiers() => VerifyCodeFixAsync<MakePartialCodeFix>(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed class {|MEMDSL0001:M|} // keep me
        {
        }
        """,
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        public sealed partial class M // keep me
        {
        }
        """);

    [Fact]
    public Task Make_partial_on_a_class_without_modifiers_keeps_its_indentation() => VerifyCodeFixAsync<MakePartialCodeFix>(
        Usings + $$"""
        namespace App
        {
            [MemoryArchitecture("x")]
            [Encode(EncodeKind.Turn), Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine)]
            class {|MEMDSL0001:M|} { }
        }
        """,
        Usings + $$"""
        namespace App
        {
            [MemoryArchitecture("x")]
            [Encode(EncodeKind.Turn), Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine)]
            partial class M { }
        }
        """);

    [Fact]
    public Task Make_partial_fixes_the_containing_type() => VerifyCodeFixAsync<MakePartialCodeFix>(
        Usings + $$"""
        public static class {|MEMDSL0001:Outer|}
        {
            [MemoryArchitecture("x")]
            {{Stages}}
            public sealed partial class M { }
        }
        """,
        Usings + $$"""
        public static partial class Outer
        {
            [MemoryArchitecture("x")]
            {{Stages}}
            public sealed partial class M { }
        }
        """,
        title: "Make 'Outer' partial");

    [Fact]
    public Task Make_partial_fixes_the_class_and_every_containing_type() => VerifyCodeFixAsync<MakePartialCodeFix>(
        Usings + $$"""
        internal class {|MEMDSL0001:Outer|}<T>
        {
            public class {|MEMDSL0001:Middle|}
            {
                [MemoryArchitecture("x")]
                {{Stages}}
                public sealed class {|MEMDSL0001:M|} { }
            }
        }
        """,
        Usings + $$"""
        internal partial class Outer<T>
        {
            public partial class Middle
            {
                [MemoryArchitecture("x")]
                {{Stages}}
                public sealed partial class M { }
            }
        }
        """,
        iterations: 1);

    [Theory]
    [InlineData("Retrieve(RetrieveKind.Cosine, {|MEMDSL0003:TopK = 2000|})", "Retrieve(RetrieveKind.Cosine, TopK = 1000)", "Use TopK = 1000")]
    [InlineData("Retrieve(RetrieveKind.Cosine, {|MEMDSL0003:TopK = 0|})", "Retrieve(RetrieveKind.Cosine, TopK = 1)", "Use TopK = 1")]
    [InlineData("Retrieve(RetrieveKind.Cosine, {|MEMDSL0003:TopK = -5|} /* too few */)", "Retrieve(RetrieveKind.Cosine, TopK = 1 /* too few */)", "Use TopK = 1")]
    [InlineData("Retrieve(RetrieveKind.Hybrid, {|MEMDSL0003:Alpha = 1.5f|})", "Retrieve(RetrieveKind.Hybrid, Alpha = 1f)", "Use Alpha = 1f")]
    [InlineData("Retrieve(RetrieveKind.Hybrid, {|MEMDSL0003:Alpha = -0.25f|})", "Retrieve(RetrieveKind.Hybrid, Alpha = 0f)", "Use Alpha = 0f")]
    [InlineData("Retrieve(RetrieveKind.Cosine), Manage(ManageKind.Dedupe, {|MEMDSL0003:Threshold = 0.2f|})", "Retrieve(RetrieveKind.Cosine), Manage(ManageKind.Dedupe, Threshold = 0.5f)", "Use Threshold = 0.5f")]
    [InlineData("Retrieve(RetrieveKind.Cosine), Manage(ManageKind.Capacity, {|MEMDSL0003:Max = 0|})", "Retrieve(RetrieveKind.Cosine), Manage(ManageKind.Capacity, Max = 1)", "Use Max = 1")]
    [InlineData("Retrieve(RetrieveKind.Cosine), Context(ContextKind.Ranked, {|MEMDSL0003:Neighbours = 9|})", "Retrieve(RetrieveKind.Cosine), Context(ContextKind.Ranked, Neighbours = 5)", "Use Neighbours = 5")]
    public Task Clamp_replaces_the_value_with_the_nearest_legal_one(string attribute, string fixedAttribute, string title) => VerifyCodeFixAsync<ClampValueCodeFix>(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [{{attribute}}]
        public sealed partial class M { }
        """,
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [{{fixedAttribute}}]
        public sealed partial class M { }
        """,
        title: title);

    [Fact]
    public Task Clamp_fixes_all_out_of_range_values_at_once()
    {
        return VerifyCodeFixAsync<ClampValueCodeFix>(
            Usings + """
            [MemoryArchitecture("x")]
            [Encode(EncodeKind.Window, {|MEMDSL0003:Size = 1|})]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, {|MEMDSL0003:TopK = 2000|}, {|MEMDSL0003:Alpha = 2f|})]
            public sealed partial class M { }
            """,
            Usings + """
            [MemoryArchitecture("x")]
            [Encode(EncodeKind.Window, Size = 2)]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 1000, Alpha = 1f)]
            public sealed partial class M { }
            """,
            iterations: 1);
    }

    [Fact]
    public Task Clamp_is_not_offered_for_an_enum_value() => VerifyCodeFixAsync<ClampValueCodeFix>(
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Manage(ManageKind.Capacity, {|MEMDSL0003:Policy = (EvictionPolicy)9|})]
        public sealed partial class M { }
        """,
        Usings + $$"""
        [MemoryArchitecture("x")]
        {{Stages}}
        [Manage(ManageKind.Capacity, {|MEMDSL0003:Policy = (EvictionPolicy)9|})]
        public sealed partial class M { }
        """);

    [Theory]
    [InlineData("Bm25")]
    [InlineData("Hybrid")]
    public Task Switch_store_replaces_the_store_kind(string retriever) => VerifyCodeFixAsync<SwitchStoreCodeFix>(
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve({|MEMDSL0004:RetrieveKind.{{retriever}}|}, TopK = 5)]
        public sealed partial class M { }
        """,
        Usings + $$"""
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.{{retriever}}, TopK = 5)]
        public sealed partial class M { }
        """,
        title: "Use [Store(StoreKind.VectorAndText)]");

    [Fact]
    public Task Switch_store_keeps_the_users_qualification_and_finds_the_store_in_another_part() => VerifyCodeFixAsync<SwitchStoreCodeFix>(
        """
        [MemDsl.Abstractions.MemoryArchitecture("x")]
        [MemDsl.Abstractions.Retrieve({|MEMDSL0004:MemDsl.Abstractions.RetrieveKind.Bm25|})]
        public sealed partial class M { }

        [MemDsl.Abstractions.Encode(MemDsl.Abstractions.EncodeKind.Turn)]
        [MemDsl.Abstractions.Embed(MemDsl.Abstractions.EmbedderKind.MiniLM)]
        [MemDsl.Abstractions.Store( global::MemDsl.Abstractions.StoreKind.Vector /* the store */ )]
        public sealed partial class M { }
        """,
        """
        [MemDsl.Abstractions.MemoryArchitecture("x")]
        [MemDsl.Abstractions.Retrieve(MemDsl.Abstractions.RetrieveKind.Bm25)]
        public sealed partial class M { }

        [MemDsl.Abstractions.Encode(MemDsl.Abstractions.EncodeKind.Turn)]
        [MemDsl.Abstractions.Embed(MemDsl.Abstractions.EmbedderKind.MiniLM)]
        [MemDsl.Abstractions.Store( global::MemDsl.Abstractions.StoreKind.VectorAndText /* the store */ )]
        public sealed partial class M { }
        """);

    [Fact]
    public Task Switch_store_keeps_a_using_static_name() => VerifyCodeFixAsync<SwitchStoreCodeFix>(
        Usings + """
        using static MemDsl.Abstractions.StoreKind;

        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(Vector)]
        [Retrieve({|MEMDSL0004:RetrieveKind.Hybrid|})]
        public sealed partial class M { }
        """,
        Usings + """
        using static MemDsl.Abstractions.StoreKind;

        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid)]
        public sealed partial class M { }
        """);
}
