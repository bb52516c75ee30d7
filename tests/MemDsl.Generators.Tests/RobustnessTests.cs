namespace MemDsl.Generators.Tests;

/// <summary>Malformed or invalid declarations: the generator neither throws nor emits nor reports an internal error.</summary>
public sealed class RobustnessTests
{
    private const string Valid = """
        [MemoryArchitecture("robust")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 8)]
        """;

    public static TheoryData<string, string> Cases() => new()
    {
        { "syntax error in the class", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { public void Broken( { } }" },
        { "syntax error in an attribute", "using MemDsl.Abstractions;\n" + Valid.Replace("TopK = 8", "TopK = ", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "missing using", Valid + "public sealed partial class M { }" },
        { "unknown enum value", "using MemDsl.Abstractions;\n" + Valid.Replace("RetrieveKind.Hybrid", "(RetrieveKind)42", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "string for an enum", "using MemDsl.Abstractions;\n" + Valid.Replace("RetrieveKind.Hybrid", "\"cosine\"", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "string for an integer", "using MemDsl.Abstractions;\n" + Valid.Replace("TopK = 8", "TopK = \"x\"", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "out of range", "using MemDsl.Abstractions;\n" + Valid.Replace("TopK = 8", "TopK = 0", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "float out of range", "using MemDsl.Abstractions;\n" + Valid.Replace("TopK = 8", "TopK = 8, Alpha = 1.5f", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "missing stages", "using MemDsl.Abstractions;\n[MemoryArchitecture(\"x\")]\n[Encode(EncodeKind.Turn)]\npublic sealed partial class M { }" },
        { "no stages and no name", "using MemDsl.Abstractions;\n[MemoryArchitecture(\"\")]\npublic sealed partial class M { }" },
        { "not partial", "using MemDsl.Abstractions;\n" + Valid + "public sealed class M { }" },
        { "containing type not partial", "using MemDsl.Abstractions;\npublic class Outer {\n" + Valid + "public sealed partial class M { } }" },
        { "static class", "using MemDsl.Abstractions;\n" + Valid + "public static partial class M { }" },
        { "generic class", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M<T> { }" },
        { "incompatible store", "using MemDsl.Abstractions;\n" + Valid.Replace("StoreKind.VectorAndText", "StoreKind.Vector", StringComparison.Ordinal) + "public sealed partial class M { }" },
        { "wrong custom signature", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { [EncodeWith] static int E(Turn t) => 1; }" },
        { "duplicate stage", "using MemDsl.Abstractions;\n" + Valid + "[Encode(EncodeKind.Window)]\npublic sealed partial class M { }" },
        { "bad search range", "using MemDsl.Abstractions;\n" + Valid + "[Search(\"TopK\", 40, 2)]\npublic sealed partial class M { }" },
        { "unknown parameter name in search", "using MemDsl.Abstractions;\n" + Valid + "[Search(\"Nope\", 1, 2)]\npublic sealed partial class M { }" },
        { "property named like a generated one", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { public int Count => 0; }" },
        { "method with a generated signature", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { public void Dispose() { } }" },
        { "constructor with the generated parameters", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { public M() { } }" },
        { "member with the private prefix", "using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { private object? __memdsl_store; public object? S => __memdsl_store; }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_declarations_emit_nothing_without_exceptions_or_internal_errors(string description, string source)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        Assert.Null(result.Exception);
        Assert.True(result.GeneratedSources.IsEmpty, description + ": generated " + string.Join(", ", result.GeneratedSources.Select(s => s.HintName)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "MEMDSL9999");
    }

    [Fact]
    public async Task Old_private_helper_names_overloads_and_other_constructors_compile_with_the_generated_pipeline()
    {
        // Before the generated privates moved to __memdsl_*, each of these members broke the generated file (CS0102/CS0111).
        const string Members = """
            public sealed partial class M
            {
                private int _store = 1;
                private readonly int _writes = 2;
                private int _manage0;
                private readonly string _encoder = "e";
                public M(int start) : this() { _manage0 = start; }
                private int Rank() => _store + _writes + _manage0 + _encoder.Length;
                public int Commit() => Rank();
                public void Dispose(bool disposing) { _store = disposing ? 0 : Commit(); }
                public int Count(int extra) => extra;
            }
            """;
        var source = "using MemDsl.Abstractions;\n" + Valid + "[Manage(ManageKind.Dedupe)]\n" + Members.Replace("public int Count(int extra) => extra;", string.Empty, StringComparison.Ordinal);
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        Assert.Null(result.Exception);
        Assert.Single(result.GeneratedSources);
        Assert.True(GeneratorHarness.Problems(output).Count == 0, GeneratorHarness.Describe(GeneratorHarness.Problems(output)));

        var spec = GeneratorHarness.ReadSpec(output, "M");
        Assert.Equal(["M(int)", "Dispose(bool)"], spec.Shape.Members.Select(m => m.Display));
        var (assembly, context) = GeneratorHarness.Load(output);
        try
        {
            var type = assembly.GetType("M", throwOnError: true)!;
            Assert.Equal(spec, type.GetProperty("Spec")!.GetValue(null)); // the user constructor is part of the emitted Spec too
            var pipeline = (MemDsl.Abstractions.IMemoryPipeline)Activator.CreateInstance(type, 5)!;
            await pipeline.WriteAsync(new MemDsl.Abstractions.Turn("t1", "Ann", "the garden party is on friday", DateTimeOffset.UnixEpoch, "s"));
            Assert.Equal(1, pipeline.Count);
            Assert.Equal(9, (int)type.GetMethod("Commit")!.Invoke(pipeline, null)!); // the user's Commit, not the generated helper
            var hit = Assert.Single(await pipeline.QueryAsync(new MemDsl.Abstractions.MemoryQuery("garden party")));
            Assert.Equal("t1", Assert.Single(hit.Record.SourceTurnIds));
        }
        finally
        {
            context.Unload();
        }

        // A method named like a generated property is still a clash: diagnosed, nothing emitted.
        var (clash, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("using MemDsl.Abstractions;\n" + Valid + Members));
        Assert.Null(clash.Exception);
        Assert.Empty(clash.GeneratedSources);
    }

    [Fact]
    public void The_valid_baseline_of_these_cases_does_emit()
    {
        // Guards the cases above: without the breakage, the same declaration generates a pipeline.
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("using MemDsl.Abstractions;\n" + Valid + "public sealed partial class M { }"));
        Assert.Null(result.Exception);
        Assert.Single(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
