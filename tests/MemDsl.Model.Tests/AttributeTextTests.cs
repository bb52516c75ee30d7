using MemDsl.Model;

namespace MemDsl.Model.Tests;

public sealed class AttributeTextTests
{
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_valid_specs_round_trip_through_csharp_text(int seed)
    {
        var spec = SpecSampler.Sample(new Random(seed), "arch-" + seed);
        Assert.True(spec.Validate().IsValid, spec.Validate().ToString());

        var text = AttributeText.Render(spec);
        var parsed = AttributeText.Parse(text);

        Assert.Equal(spec, parsed);
        Assert.Equal(spec.GetHashCode(), parsed.GetHashCode());
        Assert.Equal(text, AttributeText.Render(parsed));
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Fact]
    public void Invalid_values_round_trip_too_so_search_and_fixes_can_show_them()
    {
        var spec = new ArchitectureSpec(
            "odd \"name\"\n",
            new StageSpec(StageSlot.Retrieve, SpecValue.UnnamedSymbol(42), EquatableArray.Create(new ParameterValue("TopK", SpecValue.Integer(-3)))),
            new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(1.5f))));

        Assert.Equal(spec, AttributeText.Parse(AttributeText.Render(spec)));
    }

    [Fact]
    public void Renders_the_declaration_a_user_would_write()
    {
        var spec = new ArchitectureSpec(
            "exp-rag",
            EquatableArray.Create(
                new StageSpec(StageSlot.Encode, "Turn", new ParameterValue("Prefix", SpecValue.Named("SpeakerAndDate"))),
                new StageSpec(StageSlot.Embed, "MiniLM"),
                new StageSpec(StageSlot.Store, "VectorAndText"),
                new StageSpec(StageSlot.Retrieve, "Hybrid", new ParameterValue("TopK", SpecValue.Integer(8)), new ParameterValue("Alpha", SpecValue.Float(0.6f))),
                new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(0.95f)))),
            EquatableArray.Create(new SearchRangeSpec("TopK", 2, 32)),
            EquatableArray<CustomMethodSpec>.Empty,
            TypeShape.Detached);

        Assert.Equal(
            """
            [MemoryArchitecture("exp-rag")]
            [Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.6f)]
            [Manage(ManageKind.Dedupe, Threshold = 0.95f)]
            [Search(nameof(RetrieveAttribute.TopK), 2, 32)]

            """.Replace("\r\n", "\n"),
            AttributeText.Render(spec));
    }

    [Fact]
    public void Parses_the_forms_users_and_models_write()
    {
        var spec = AttributeText.Parse(
            """
            // proposed by the search
            [MemDsl.Abstractions.MemoryArchitectureAttribute("x"), global::MemDsl.Abstractions.Encode(EncodeKind.Window, Size = 4)]
            [Embed(MemDsl.Abstractions.EmbedderKind.Hashing, Dimensions = 1_024)] /* inline */
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine, TopK = 12)]
            [Search("TopK", 2.0, 32d)]
            """);

        Assert.Equal("x", spec.Name);
        Assert.Equal(4, spec.Encode.GetInt32("Size"));
        Assert.Equal(1024, spec.EmbeddingDimensions);
        Assert.Equal(12, spec.Retrieve.GetInt32("TopK"));
        Assert.Equal(new SearchRangeSpec("TopK", 2, 32), Assert.Single(spec.SearchRanges));
        Assert.True(spec.Validate().IsValid);
    }

    [Theory]
    [InlineData("[Encode(EncodeKind.Turn)]", "no [MemoryArchitecture", 25)]
    [InlineData("[MemoryArchitecture(\"x\")] [Retrieve(RetrieveKind.Cosine, TopK = 1.5f)]", "TopK takes an integer", 57)]
    [InlineData("[MemoryArchitecture(\"x\")] [Retrieve(StoreKind.Vector)]", "Expected a RetrieveKind member", 36)]
    [InlineData("[MemoryArchitecture(\"x\")] [Retrieve(RetrieveKind.Cosine, Depth = 3)]", "has no parameter 'Depth'", 57)]
    [InlineData("[MemoryArchitecture(\"x\")] [Remember(RetrieveKind.Cosine)]", "Unknown attribute 'Remember'", 27)]
    [InlineData("[MemoryArchitecture(\"x\"", "Expected ')'", 23)]
    [InlineData("[MemoryArchitecture(\"x)]", "Unterminated string", 20)]
    public void Malformed_text_names_the_problem_and_the_offset(string text, string message, int position)
    {
        var error = Assert.Throws<AttributeTextException>(() => AttributeText.Parse(text));
        Assert.Contains(message, error.Message);
        Assert.Equal(position, error.Position);
    }
}
