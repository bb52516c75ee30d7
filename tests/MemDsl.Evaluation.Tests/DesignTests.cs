using MemDsl.Tests;

namespace MemDsl.Evaluation.Tests;

public sealed class DesignTests
{
    [Fact]
    public void A_source_file_of_a_project_is_read_as_its_one_declaration()
    {
        var file = Path.Combine(RepositoryLayout.Root, "samples", "SeedSystems", "MemRLMemory.cs");
        var design = DesignFactory.FromFile(file);
        Assert.Equal("memrl", design.Name);
        Assert.Equal("Utility", design.Spec!.Retrieve.KindName);
        Assert.Equal(40, design.Spec.Retrieve.GetInt32("Candidates"));
        Assert.EndsWith("(MemRLMemory)", design.Source);

        var folder = Directory.CreateTempSubdirectory("memdsl-design-");
        try
        {
            var two = Path.Combine(folder.FullName, "Two.cs");
            File.WriteAllText(two, File.ReadAllText(file) + "\n" + File.ReadAllText(file).Replace("MemRLMemory", "OtherMemory").Replace("\"memrl\"", "\"other\""));
            var error = Assert.Throws<DesignLoadException>(() => DesignFactory.FromFile(two));
            Assert.Contains("2 [MemoryArchitecture] classes (MemRLMemory, OtherMemory)", error.Message);

            var none = Path.Combine(folder.FullName, "None.cs");
            File.WriteAllText(none, "namespace X; public sealed class Plain { }");
            Assert.Contains("holds no [MemoryArchitecture] class", Assert.Throws<DesignLoadException>(() => DesignFactory.FromFile(none)).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Baselines_parse_validate_and_declare_what_their_names_say()
    {
        Assert.Equal("Bm25", BuiltInDesigns.Baseline("bm25").Spec!.Retrieve.KindName);
        Assert.Equal("Cosine", BuiltInDesigns.Baseline("cosine").Spec!.Retrieve.KindName);
        Assert.Equal("Hybrid", BuiltInDesigns.Baseline("hybrid").Spec!.Retrieve.KindName);
        Assert.Equal("hashing-512", BuiltInDesigns.Baseline("cosine").Embedder);
        Assert.Throws<ArgumentException>(() => BuiltInDesigns.Baseline("nope"));
    }

    [Fact]
    public void The_quick_start_sample_is_read_from_its_source()
    {
        var designs = SampleDeclarations.Load(null, out var skipped);

        var quickStart = Assert.Single(designs, d => d.Name == "quick-start");
        Assert.Contains("QuickStartMemory.cs", quickStart.Source, StringComparison.Ordinal);
        Assert.Equal(3, quickStart.Spec!.Retrieve.GetInt32("TopK"));
        Assert.Equal(2, quickStart.Spec.Stages.Count(s => s.KindName is "Dedupe" or "Hybrid"));
        Assert.Empty(skipped);
        Assert.Equal(0, quickStart.CreatePipeline().Count);
    }

    [Fact]
    public void The_extractor_ignores_comments_strings_and_other_attributes()
    {
        const string Source = """
            // [MemoryArchitecture("in-a-comment")]
            namespace X;
            /// <summary>Doc.</summary>
            [Obsolete("old")]
            [MemoryArchitecture("real")]
            [Encode(EncodeKind.Turn)] // trailing comment
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.Vector), Retrieve(RetrieveKind.Cosine, TopK = 4)]
            public sealed partial class RealMemory
            {
                private const string Text = "[MemoryArchitecture(\"in-a-string\")]";
                private int[] _values = [1, 2];
            }
            """;

        var declaration = Assert.Single(DeclarationExtractor.Extract(Source));

        Assert.Equal("RealMemory", declaration.TypeName);
        Assert.False(declaration.HasCustomMethods);
        Assert.DoesNotContain("Obsolete", declaration.AttributeText, StringComparison.Ordinal);
        var design = DesignFactory.FromAttributeText(declaration.AttributeText, "test");
        Assert.Equal("real", design.Name);
        Assert.Equal(4, design.Spec!.Retrieve.GetInt32("TopK"));
    }

    [Fact]
    public void The_extractor_flags_custom_methods()
    {
        const string Source = """
            [MemoryArchitecture("custom")]
            [Encode(EncodeKind.Turn)]
            public partial class Custom
            {
                [EncodeWith]
                private static string Line(in Turn turn) => turn.Text;
            }
            """;

        Assert.True(Assert.Single(DeclarationExtractor.Extract(Source)).HasCustomMethods);
    }

    [Fact]
    public void A_parse_error_names_the_source_line_and_column()
    {
        var exception = Assert.Throws<DesignLoadException>(() => DesignFactory.FromAttributeText("[MemoryArchitecture(\"x\")]\n[Encode(EncodeKind.Turn", "my.spec"));

        Assert.Equal("my.spec", exception.Source);
        Assert.Contains("line 2, column", exception.Message, StringComparison.Ordinal);
        Assert.Contains("offset", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_spec_lists_every_validation_error()
    {
        const string Text = """
            [MemoryArchitecture("broken")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Bm25, TopK = 5000)]
            """;

        var exception = Assert.Throws<DesignLoadException>(() => DesignFactory.FromAttributeText(Text, "broken.spec"));

        Assert.True(exception.Problems.Count >= 2, string.Join("\n", exception.Problems));
        Assert.Contains("invalid", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MiniLM_design_without_an_embedder_runs_on_a_hashing_stand_in_and_says_so()
    {
        const string Text = """
            [MemoryArchitecture("minilm")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine)]
            """;

        var design = DesignFactory.FromAttributeText(Text, "test");

        Assert.Equal("hashing-384 (MiniLM stand-in)", design.Embedder);
        Assert.NotNull(design.CreatePipeline());
    }
}
