using MemDsl.Evolution;
using MemDsl.Model;

namespace MemDsl.Evolution.Tests;

public sealed class DeclarationRewriterTests
{
    private const string QuickStart = """
        using MemDsl.Abstractions;

        namespace QuickStart;

        /// <summary>
        /// The smallest useful memory.
        /// </summary>
        [MemoryArchitecture("quick-start")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 3, Alpha = 0.4f)]
        [Manage(ManageKind.Dedupe, Threshold = 0.97f)]
        [Search(nameof(RetrieveAttribute.TopK), 1, 16)]
        public sealed partial class QuickStartMemory
        {
            // body comment
            [EncodeWith] private static string Custom(string text) => text;
        }

        """;

    private static ArchitectureSpec Spec(string attributeText) => AttributeText.Parse(attributeText);

    private static ArchitectureSpec Changed(ArchitectureSpec spec) => AttributeText.Parse(AttributeText.Render(spec).Replace("TopK = 3", "TopK = 7", StringComparison.Ordinal));

    private static void AssertDeclares(ArchitectureSpec expected, string source, string? className = null)
    {
        var read = DeclarationRewriter.Read(source, className);
        Assert.Equal(AttributeText.Render(expected), AttributeText.Render(read));
        Assert.Equal(expected.Stages, read.Stages);
        Assert.Equal(expected.SearchRanges, read.SearchRanges);
        Assert.Empty(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetDiagnostics());
    }

    [Fact]
    public void Applying_the_declared_spec_is_byte_identical()
    {
        var spec = DeclarationRewriter.Read(QuickStart);

        Assert.Equal(QuickStart, DeclarationRewriter.Apply(QuickStart, spec));
        Assert.Equal(QuickStart, DeclarationRewriter.Apply(QuickStart, AttributeText.Parse(AttributeText.Render(spec))));
    }

    [Fact]
    public void Unchanged_attributes_keep_their_own_spelling()
    {
        var source = """
            [global::MemDsl.Abstractions.MemoryArchitecture( "spelled" )]
            [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions=128)]
            [Store(StoreKind.VectorAndText)]
            [RetrieveAttribute(RetrieveKind.Hybrid,TopK=3, Alpha = 0.40f)]
            partial class S { }
            """;
        var spec = DeclarationRewriter.Read(source);

        Assert.Equal(source, DeclarationRewriter.Apply(source, AttributeText.Parse(AttributeText.Render(spec))));

        var changed = DeclarationRewriter.Apply(source, Changed(spec));

        Assert.Equal(source.Replace("RetrieveKind.Hybrid,TopK=3, Alpha = 0.40f", "RetrieveKind.Hybrid, TopK = 7, Alpha = 0.4f", StringComparison.Ordinal), changed);
    }

    [Fact]
    public void Changing_one_parameter_changes_only_that_line()
    {
        var spec = Changed(DeclarationRewriter.Read(QuickStart));

        var result = DeclarationRewriter.Apply(QuickStart, spec);

        Assert.Equal(QuickStart.Replace("TopK = 3", "TopK = 7", StringComparison.Ordinal), result);
        AssertDeclares(spec, result);
    }

    [Fact]
    public void Added_and_removed_stages_keep_order_indentation_and_unrelated_code()
    {
        var spec = Spec("""
            [MemoryArchitecture("renamed")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 256)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 5, Alpha = 0.4f)]
            [Search(nameof(RetrieveAttribute.TopK), 1, 16)]
            [Search(nameof(EmbedAttribute.Dimensions), 64, 1024)]
            """);

        var result = DeclarationRewriter.Apply(QuickStart, spec);

        AssertDeclares(spec, result);
        Assert.DoesNotContain("Manage", result, StringComparison.Ordinal);
        Assert.Contains("/// The smallest useful memory.\n/// </summary>\n[MemoryArchitecture(\"renamed\")]\n", result, StringComparison.Ordinal);
        Assert.Contains("[Search(nameof(RetrieveAttribute.TopK), 1, 16)]\n[Search(nameof(EmbedAttribute.Dimensions), 64, 1024)]\npublic sealed partial class", result, StringComparison.Ordinal);
        Assert.EndsWith("public sealed partial class QuickStartMemory\n{\n    // body comment\n    [EncodeWith] private static string Custom(string text) => text;\n}\n", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_namespace_nested_class_tabs_crlf_comments_and_unrelated_attributes()
    {
        var source = string.Join("\r\n",
            "namespace Outer",
            "{",
            "\tpublic partial class Host",
            "\t{",
            "\t\t#region memory",
            "\t\t/// <summary>Doc.</summary>",
            "\t\t[Obsolete(\"old\")]",
            "\t\t[MemDsl.Abstractions.MemoryArchitectureAttribute(\"nested\")]",
            "\t\t// how turns are encoded",
            "\t\t[Encode(EncodeKind.Turn)]",
            "\t\t/* the embedder */",
            "\t\t[EmbedAttribute(EmbedderKind.Hashing, Dimensions = 128)]",
            "\t\t[Store(StoreKind.VectorAndText)] // trailing note",
            "\t\t// manager goes away",
            "\t\t[Manage(ManageKind.Dedupe, Threshold = 0.9f)]",
            "\t\t[Retrieve(RetrieveKind.Cosine, TopK = 4)]",
            "\t\t[System.Text.Json.Serialization.JsonSerializable(typeof(int))]",
            "\t\tpublic sealed partial class Inner",
            "\t\t{",
            "\t\t}",
            "\t\t#endregion",
            "\t}",
            "}",
            string.Empty);
        var spec = Spec("""
            [MemoryArchitecture("nested")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Cosine, TopK = 4)]
            [Manage(ManageKind.Dedupe, Threshold = 0.95f)]
            """);

        var result = DeclarationRewriter.Apply(source, spec);

        AssertDeclares(spec, result);
        Assert.DoesNotContain("\n", result.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\t\t// how turns are encoded\r\n\t\t[Encode(EncodeKind.Turn)]\r\n\t\t/* the embedder */\r\n\t\t[EmbedAttribute(EmbedderKind.Hashing, Dimensions = 64)]\r\n\t\t[Store(StoreKind.VectorAndText)] // trailing note\r\n\t\t[Retrieve(RetrieveKind.Cosine, TopK = 4)]\r\n\t\t[Manage(ManageKind.Dedupe, Threshold = 0.95f)]\r\n\t\t[System.Text.Json", result, StringComparison.Ordinal);
        Assert.DoesNotContain("manager goes away", result, StringComparison.Ordinal);
        Assert.Contains("\t\t#region memory\r\n\t\t/// <summary>Doc.</summary>\r\n\t\t[Obsolete(\"old\")]\r\n\t\t[MemDsl.Abstractions.MemoryArchitectureAttribute(\"nested\")]\r\n", result, StringComparison.Ordinal);
        Assert.Equal(source, DeclarationRewriter.Apply(source, DeclarationRewriter.Read(source)));
    }

    [Fact]
    public void Several_attribute_lists_on_one_line_and_mixed_lists()
    {
        var source = """
            namespace N
            {
                [Obsolete, MemoryArchitecture("one-line")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions = 32), Store(StoreKind.VectorAndText)]
                [Retrieve(RetrieveKind.Bm25, TopK = 2), Manage(ManageKind.Dedupe)]
                internal sealed partial class M { }
            }
            """;
        var spec = Spec("""
            [MemoryArchitecture("one-line")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 32)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Bm25, TopK = 9)]
            [Search(nameof(RetrieveAttribute.TopK), 1, 10)]
            """);

        var result = DeclarationRewriter.Apply(source, spec);

        AssertDeclares(spec, result);
        Assert.Contains("    [Obsolete, MemoryArchitecture(\"one-line\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing, Dimensions = 32), Store(StoreKind.VectorAndText)]\n    [Retrieve(RetrieveKind.Bm25, TopK = 9)]\n    [Search(nameof(RetrieveAttribute.TopK), 1, 10)]\n    internal sealed", result, StringComparison.Ordinal);
        Assert.Equal(source, DeclarationRewriter.Apply(source, DeclarationRewriter.Read(source)));
    }

    [Fact]
    public void A_shared_list_loses_several_attributes_and_keeps_its_other_members()
    {
        var source = """
            [MemoryArchitecture("shared")]
            [Encode(EncodeKind.Turn), Embed(EmbedderKind.Hashing), Store(StoreKind.VectorAndText), Retrieve(RetrieveKind.Cosine)]
            [Obsolete,Manage(ManageKind.Dedupe), Serializable, Manage(ManageKind.Dedupe, Threshold = 0.9f)]
            sealed partial class S { }
            """;
        var spec = Spec("""
            [MemoryArchitecture("shared")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Cosine)]
            """);

        var result = DeclarationRewriter.Apply(source, spec);

        AssertDeclares(spec, result);
        Assert.Contains("[Encode(EncodeKind.Turn), Embed(EmbedderKind.Hashing, Dimensions = 64), Store(StoreKind.VectorAndText), Retrieve(RetrieveKind.Cosine)]\n[Obsolete, Serializable]\nsealed", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_stages_are_written_in_the_spec_order()
    {
        var source = """
            [MemoryArchitecture("r")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.VectorAndText)]
            [Manage(ManageKind.Dedupe)]
            [Retrieve(RetrieveKind.Cosine)]
            sealed partial class R { }
            """;
        var spec = Spec("""
            [MemoryArchitecture("r")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Cosine)]
            [Manage(ManageKind.Dedupe)]
            """);

        var result = DeclarationRewriter.Apply(source, spec);

        AssertDeclares(spec, result);
        Assert.EndsWith("[Retrieve(RetrieveKind.Cosine)]\n[Manage(ManageKind.Dedupe)]\nsealed partial class R { }", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_selection_errors_name_the_file_and_the_classes()
    {
        var two = """
            namespace Two;
            [MemoryArchitecture("a")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Cosine)]
            partial class A { }
            [MemoryArchitecture("b")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.VectorAndText)] [Retrieve(RetrieveKind.Bm25)]
            partial class B { }
            """;
        var spec = Changed(DeclarationRewriter.Read(QuickStart));

        var none = Assert.Throws<DeclarationRewriterException>(() => DeclarationRewriter.Apply("class Plain { }", spec, path: "Plain.cs"));
        Assert.Contains("Plain.cs declares no class with a [MemoryArchitecture]", none.Message, StringComparison.Ordinal);
        var several = Assert.Throws<DeclarationRewriterException>(() => DeclarationRewriter.Apply(two, spec, path: "Two.cs"));
        Assert.Contains("Two.cs declares several memory architectures (Two.A, Two.B)", several.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<DeclarationRewriterException>(() => DeclarationRewriter.Apply(two, spec, "C", "Two.cs"));
        Assert.Contains("no memory architecture class 'C'; it declares Two.A, Two.B", missing.Message, StringComparison.Ordinal);

        var result = DeclarationRewriter.Apply(two, spec, "B");

        AssertDeclares(spec, result, "B");
        Assert.Equal(DeclarationRewriter.Read(two, "A"), DeclarationRewriter.Read(result, "Two.A"));
        Assert.StartsWith(two[..two.IndexOf("[MemoryArchitecture(\"b\")]", StringComparison.Ordinal)], result, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyToFile_rewrites_atomically_keeps_the_bom_and_backs_up_only_when_asked()
    {
        var folder = Path.Combine(Path.GetTempPath(), "memdsl-rewriter-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "Memory.cs");
            File.WriteAllText(path, QuickStart, new System.Text.UTF8Encoding(true));
            var original = File.ReadAllBytes(path);

            var same = DeclarationRewriter.ApplyToFile(path, DeclarationRewriter.Read(QuickStart), backup: true);
            Assert.False(same.Changed);
            Assert.Null(same.BackupPath);
            Assert.Equal(original, File.ReadAllBytes(path));

            var spec = Changed(DeclarationRewriter.Read(QuickStart));
            var changed = DeclarationRewriter.ApplyToFile(path, spec, backup: true);

            Assert.True(changed.Changed);
            Assert.Equal("QuickStartMemory", changed.ClassName);
            Assert.Equal(original, File.ReadAllBytes(path + ".bak"));
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            AssertDeclares(spec, File.ReadAllText(path));
            Assert.Equal<string>(["Memory.cs", "Memory.cs.bak"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToArray());

            File.Delete(path + ".bak");
            DeclarationRewriter.ApplyToFile(path, DeclarationRewriter.Read(QuickStart));
            Assert.False(File.Exists(path + ".bak"));
            Assert.Equal(original, File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
