using MemDsl.Model;

namespace MemDsl.Model.Tests;

public sealed class SpecValidatorTests
{
    private static ArchitectureSpec Parse(string stages) => AttributeText.Parse("[MemoryArchitecture(\"t\")]\n" + stages);

    private const string Valid = """
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid)]
        """;

    [Fact]
    public void A_complete_declaration_has_no_diagnostics()
    {
        Assert.Empty(Parse(Valid).Validate().Diagnostics);
    }

    [Fact]
    public void Each_missing_required_stage_is_reported_once_with_an_example()
    {
        var result = Parse("[Manage(ManageKind.None)]").Validate();

        var missing = result.Diagnostics.Where(d => d.Id == "MEMDSL0002").Select(d => d.Message).ToList();
        Assert.Equal(
            new[]
            {
                "Memory architecture 't' declares no [Encode] stage; add one, e.g. [Encode(EncodeKind.Turn)]",
                "Memory architecture 't' declares no [Embed] stage; add one, e.g. [Embed(EmbedderKind.MiniLM)]",
                "Memory architecture 't' declares no [Store] stage; add one, e.g. [Store(StoreKind.Vector)]",
                "Memory architecture 't' declares no [Retrieve] stage; add one, e.g. [Retrieve(RetrieveKind.Cosine)]",
            },
            missing);
    }

    [Theory]
    [InlineData("[Retrieve(RetrieveKind.Hybrid, TopK = 0)]", "TopK = 0 is out of range for RetrieveKind.Hybrid; legal values: 1..1000", "1")]
    [InlineData("[Retrieve(RetrieveKind.Hybrid, TopK = 2000)]", "TopK = 2000 is out of range for RetrieveKind.Hybrid; legal values: 1..1000", "1000")]
    [InlineData("[Retrieve(RetrieveKind.Hybrid, Alpha = 1.5f)]", "Alpha = 1.5f is out of range for RetrieveKind.Hybrid; legal values: 0..1", "1f")]
    public void Out_of_range_values_name_the_value_the_range_and_the_clamped_fix(string retrieve, string message, string clamped)
    {
        var spec = Parse(Valid.Replace("[Retrieve(RetrieveKind.Hybrid)]", retrieve));

        var diagnostic = Assert.Single(spec.Validate().Diagnostics);
        Assert.Equal("MEMDSL0003", diagnostic.Id);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(new SpecLocation(SpecLocationKind.Parameter, 3, diagnostic.Location.Parameter), diagnostic.Location);
        Assert.Equal(clamped, diagnostic.Properties[FixProperties.ClampedValue]);
    }

    [Theory]
    [InlineData("Bm25", "indexed text")]
    [InlineData("Hybrid", "indexed text")]
    public void Text_retrievers_over_a_vector_only_store_suggest_the_store_that_fits(string retriever, string missing)
    {
        var spec = Parse(Valid.Replace("StoreKind.VectorAndText", "StoreKind.Vector").Replace("RetrieveKind.Hybrid", "RetrieveKind." + retriever));

        var diagnostic = Assert.Single(spec.Validate().Diagnostics);
        Assert.Equal("MEMDSL0004", diagnostic.Id);
        Assert.Equal($"RetrieveKind.{retriever} needs {missing}, which [Store(StoreKind.Vector)] does not provide; use StoreKind.VectorAndText", diagnostic.Message);
        Assert.Equal(SpecLocation.StageKind(3), diagnostic.Location);
        Assert.Equal("2", diagnostic.Properties[FixProperties.StoreStageIndex]);
        Assert.Equal("StoreKind.VectorAndText", diagnostic.Properties[FixProperties.ReplacementStore]);
    }

    [Fact]
    public void Managers_may_repeat_with_different_kinds_but_not_the_same_kind()
    {
        var ok = Parse(Valid + "\n[Manage(ManageKind.Dedupe)]\n[Manage(ManageKind.Capacity, Max = 10)]");
        Assert.Empty(ok.Validate().Diagnostics);

        var twice = Parse(Valid + "\n[Manage(ManageKind.Dedupe)]\n[Manage(ManageKind.Dedupe, Threshold = 0.9f)]");
        var diagnostic = Assert.Single(twice.Validate().Diagnostics);
        Assert.Equal("MEMDSL0005", diagnostic.Id);
        Assert.Equal(SpecLocation.Stage(5), diagnostic.Location);
    }

    [Fact]
    public void A_second_store_is_a_duplicate()
    {
        var diagnostic = Assert.Single(Parse(Valid + "\n[Store(StoreKind.Vector)]").Validate().Diagnostics);
        Assert.Equal("MEMDSL0005", diagnostic.Id);
        Assert.Equal("The [Store] stage is declared more than once; keep one", diagnostic.Message);
    }

    [Fact]
    public void The_context_stage_is_optional_single_and_range_checked()
    {
        Assert.Empty(Parse(Valid + "\n[Context(ContextKind.Chronological, Neighbours = 5, TokenBudget = 100000)]").Validate().Diagnostics);
        Assert.Empty(Parse(Valid + "\n[Context(ContextKind.Ranked, Neighbours = 0, TokenBudget = 0)]").Validate().Diagnostics);

        var tooMany = Assert.Single(Parse(Valid + "\n[Context(ContextKind.Chronological, Neighbours = 6)]").Validate().Diagnostics);
        Assert.Equal("MEMDSL0003", tooMany.Id);
        Assert.Equal("Neighbours = 6 is out of range for ContextKind.Chronological; legal values: 0..5", tooMany.Message);
        Assert.Equal(new SpecLocation(SpecLocationKind.Parameter, 4, "Neighbours"), tooMany.Location);
        Assert.Equal("5", tooMany.Properties[FixProperties.ClampedValue]);

        var budget = Assert.Single(Parse(Valid + "\n[Context(ContextKind.Ranked, TokenBudget = -1)]").Validate().Diagnostics);
        Assert.Equal("TokenBudget = -1 is out of range for ContextKind.Ranked; legal values: 0..100000", budget.Message);

        var twice = Assert.Single(Parse(Valid + "\n[Context(ContextKind.Ranked)]\n[Context(ContextKind.Chronological)]").Validate().Diagnostics);
        Assert.Equal("MEMDSL0005", twice.Id);
        Assert.Equal("The [Context] stage is declared more than once; keep one", twice.Message);
        Assert.Equal(SpecLocation.Stage(5), twice.Location);
    }

    [Fact]
    public void Unknown_kinds_list_the_legal_ones()
    {
        var diagnostic = Assert.Single(Parse(Valid.Replace("RetrieveKind.Hybrid", "(RetrieveKind)42")).Validate().Diagnostics);
        Assert.Equal("MEMDSL0008", diagnostic.Id);
        Assert.Equal("(RetrieveKind)42 is not a known RetrieveKind; legal kinds: Cosine | Bm25 | Hybrid | Utility | Generative | Temporal | Mmr | Hierarchical | Graph | Notes | Refine", diagnostic.Message);
    }

    [Fact]
    public void A_parameter_of_another_kind_is_a_warning_naming_its_owner()
    {
        var diagnostic = Assert.Single(Parse(Valid.Replace("RetrieveKind.Hybrid", "RetrieveKind.Cosine, Alpha = 0.3f")).Validate().Diagnostics);
        Assert.Equal("MEMDSL1001", diagnostic.Id);
        Assert.False(diagnostic.IsError);
        Assert.Equal("Alpha is ignored by RetrieveKind.Cosine; it applies to RetrieveKind.Hybrid, RetrieveKind.Notes", diagnostic.Message);
    }

    [Theory]
    [InlineData("[Search(\"Depth\", 1, 2)]", "no stage has a parameter named 'Depth'")]
    [InlineData("[Search(\"TopK\", 8, 8)]", "min must be less than max")]
    [InlineData("[Search(\"TopK\", 0, 8)]", "it must lie inside the legal range 1..1000")]
    [InlineData("[Search(\"Policy\", 0, 1)]", "'Policy' is not numeric")]
    [InlineData("[Search(\"Size\", 2, 8)]", "no declared stage uses 'Size'")]
    public void Search_ranges_must_name_a_declared_numeric_parameter_inside_its_range(string search, string problem)
    {
        var diagnostic = Assert.Single(Parse(Valid + "\n" + search).Validate().Diagnostics);
        Assert.Equal("MEMDSL0007", diagnostic.Id);
        Assert.EndsWith(problem, diagnostic.Message);
    }

    [Fact]
    public void Shape_problems_are_reported_for_the_class_and_each_non_partial_container()
    {
        var shape = new TypeShape("N", "Memory", EquatableArray.Create(new ContainingTypeShape("class", "Outer<T>", false)), IsPartial: false, IsStatic: true, IsGeneric: true, IsClass: true);
        var spec = Parse(Valid) with { Shape = shape };

        var ids = spec.Validate().Diagnostics.Select(d => (d.Id, d.Location)).ToList();
        Assert.Equal(
            new[]
            {
                ("MEMDSL0009", SpecLocation.Type()),
                ("MEMDSL0009", SpecLocation.Type()),
                ("MEMDSL0001", SpecLocation.Type()),
                ("MEMDSL0001", SpecLocation.ContainingType(0)),
            },
            ids);
    }

    [Fact]
    public void Custom_methods_need_the_catalog_signature()
    {
        var turn = new MethodParameterShape(KnownNames.TurnType, "in");
        var good = new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(turn));
        var byRef = good with { MethodName = "ByRef", Parameters = EquatableArray.Create(turn with { RefKind = "ref" }) };
        var instance = good with { MethodName = "Instance", IsStatic = false };
        var spec = Parse(Valid) with { CustomMethods = EquatableArray.Create(good) };
        Assert.Empty(spec.Validate().Diagnostics);

        var bad = spec with { CustomMethods = EquatableArray.Create(byRef, instance) };
        var messages = bad.Validate().Diagnostics.Select(d => d.Id + " " + d.Message).ToList();
        Assert.Equal(
            new[]
            {
                "MEMDSL0006 [EncodeWith] method 'ByRef' must have the signature 'static string Method(in Turn turn)'",
                "MEMDSL0005 The [EncodeWith] stage is declared more than once; keep one",
                "MEMDSL0006 [EncodeWith] method 'Instance' must have the signature 'static string Method(in Turn turn)'",
            },
            messages);
    }

    [Fact]
    public void User_members_that_collide_with_generated_ones_are_reserved_names()
    {
        const string Token = "global::System.Threading.CancellationToken";
        var none = EquatableArray<string>.Empty;
        var members = EquatableArray.Create(
            new MemberShape("property", "Count", none),
            new MemberShape(MemberShape.Method, "Spec", none),
            new MemberShape(MemberShape.Method, "ManageAsync", EquatableArray.Create(Token)),
            new MemberShape("field", "__memdsl_store", none),
            new MemberShape(MemberShape.Constructor, "Memory", none),
            new MemberShape(MemberShape.Method, "ManageAsync", EquatableArray.Create("int")),
            new MemberShape(MemberShape.Method, "Dispose", none, TypeParameterCount: 1),
            new MemberShape(MemberShape.Constructor, "Memory", EquatableArray.Create("int")));
        var spec = Parse(Valid);
        var result = (spec with { Shape = spec.Shape with { Members = members } }).Validate();

        Assert.Equal(
            new[]
            {
                "MEMDSL0011 0 'Count' in 'Memory' clashes with the generated property Count; rename it",
                "MEMDSL0011 1 'Spec()' in 'Memory' clashes with the generated property Spec; rename it",
                $"MEMDSL0011 2 'ManageAsync({Token})' in 'Memory' clashes with the generated method ManageAsync({Token}); rename it",
                "MEMDSL0011 3 '__memdsl_store' in 'Memory' clashes with the generated private members named __memdsl_*; rename it",
                "MEMDSL0011 4 'Memory()' in 'Memory' clashes with the generated constructor Memory(); rename it",
            },
            result.Diagnostics.Select(d => d.Id + " " + d.Location.Index + " " + d.Message));
        Assert.All(result.Diagnostics, d => Assert.Equal(SpecLocationKind.Member, d.Location.Kind));
    }

    [Fact]
    public void The_generated_constructor_depends_on_the_embedder_and_persistence()
    {
        var parameterless = EquatableArray.Create(new MemberShape(MemberShape.Constructor, "Memory", EquatableArray<string>.Empty));
        var storageOnly = EquatableArray.Create(new MemberShape(MemberShape.Constructor, "Memory", EquatableArray.Create(GeneratedMembers.StorageOptionsType)));
        var hashing = Parse(Valid);
        var durable = Parse(Valid.Replace("[Store(StoreKind.VectorAndText)]", "[Store(StoreKind.VectorAndText, Persistence = PersistenceKind.Sqlite)]", StringComparison.Ordinal));
        var miniLm = Parse(Valid.Replace("EmbedderKind.Hashing", "EmbedderKind.MiniLM", StringComparison.Ordinal));

        Assert.False((hashing with { Shape = hashing.Shape with { Members = parameterless } }).Validate().IsValid);
        Assert.True((durable with { Shape = durable.Shape with { Members = parameterless } }).Validate().IsValid);
        Assert.False((durable with { Shape = durable.Shape with { Members = storageOnly } }).Validate().IsValid);
        Assert.True((miniLm with { Shape = miniLm.Shape with { Members = parameterless } }).Validate().IsValid);
        Assert.Equal([GeneratedMembers.EmbeddingGeneratorType, GeneratedMembers.StorageOptionsType], GeneratedMembers.ConstructorParameters(
            Parse(Valid.Replace("EmbedderKind.Hashing", "EmbedderKind.MiniLM", StringComparison.Ordinal).Replace("[Store(StoreKind.VectorAndText)]", "[Store(StoreKind.VectorAndText, Persistence = PersistenceKind.Sqlite)]", StringComparison.Ordinal))));
    }

    [Fact]
    public void Sampled_specs_are_always_valid()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var spec = SpecSampler.Sample(new Random(seed));
            Assert.True(spec.Validate().IsValid, $"seed {seed}: {spec.Validate()}\n{spec.ToAttributeText()}");
        }
    }

    [Fact]
    public void Specs_compare_by_value()
    {
        var a = Parse(Valid);
        var b = Parse(Valid);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.WithStage(3, a.Retrieve.With("TopK", SpecValue.Integer(9))));
    }
}
