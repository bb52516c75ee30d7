using Microsoft.CodeAnalysis.Testing;
using static MemDsl.Analyzers.Tests.Verification;

namespace MemDsl.Analyzers.Tests;

/// <summary>MEMDSL0011: user members that would collide with the generated pipeline, at the member's identifier.</summary>
public sealed class ReservedMemberNameTests
{
    private const string Token = "global::System.Threading.CancellationToken";

    private const string MiniLm = """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine)]
        """;

    [Theory]
    [InlineData("public int {|#0:Count|} => 0;", "Count", "property Count")]
    [InlineData("public string {|#0:Spec|}() => string.Empty;", "Spec()", "property Spec")]
    [InlineData("public static int {|#0:ArchitectureName|};", "ArchitectureName", "property ArchitectureName")]
    [InlineData("public void {|#0:Dispose|}() { }", "Dispose()", "method Dispose()")]
    [InlineData("public event System.Action? {|#0:WriteAsync|};", "WriteAsync", "method WriteAsync(global::MemDsl.Abstractions.Turn, " + Token + ")")]
    [InlineData("public System.Threading.Tasks.ValueTask<int> {|#0:ManageAsync|}(System.Threading.CancellationToken token) => default;", "ManageAsync(" + Token + ")", "method ManageAsync(" + Token + ")")]
    [InlineData("private int {|#0:__memdsl_store|} = 1;", "__memdsl_store", "private members named __memdsl_*")]
    [InlineData("public class {|#0:QueryAsync|} { }", "QueryAsync", "method QueryAsync(global::MemDsl.Abstractions.MemoryQuery, " + Token + ")")]
    public Task A_member_named_like_a_generated_one_is_reported_at_its_identifier(string member, string display, string generated) => VerifyAnalyzerAsync(
        Usings + $$"""
        {{MiniLm}}
        public sealed partial class M
        {
            {{member}}
        }
        """,
        Diagnostic("MEMDSL0011").WithLocation(0).WithArguments(display, "M", generated));

    [Fact]
    public Task A_field_in_a_multi_variable_declaration_is_reported_at_its_declarator() => VerifyAnalyzerAsync(
        Usings + $$"""
        {{MiniLm}}
        public sealed partial class M
        {
            private int a = 1, {|#0:Count|} = 2;
            public int A => a;
        }
        """,
        Diagnostic("MEMDSL0011").WithLocation(0).WithArguments("Count", "M", "property Count"));

    [Fact]
    public Task A_constructor_with_the_generated_parameters_is_reported() => VerifyAnalyzerAsync(
        Usings + """
        [MemoryArchitecture("x")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine)]
        public sealed partial class M
        {
            public {|#0:M|}() { }
            public M(int capacity) { }
        }
        """,
        Diagnostic("MEMDSL0011").WithLocation(0).WithArguments("M()", "M", "constructor M()"));

    [Fact]
    public Task Overloads_other_constructors_and_old_private_helper_names_report_nothing() => VerifyAnalyzerAsync(Usings + $$"""
        {{MiniLm}}
        public sealed partial class M
        {
            private int _store = 1;
            private int _writes;
            public M() { _writes = _store; }
            private int Rank() => _writes;
            public int Commit() => Rank();
            public void Dispose(bool disposing) { }
            public void Dispose<T>() { }
            public int this[int index] => index;
        }
        """);

    [Fact]
    public async Task Members_in_generated_files_are_not_reported()
    {
        // What the analyzers see in a build: the user's declaration plus the generator's output (.g.cs).
        var test = new Verification.AnalyzerTest
        {
            TestState =
            {
                Sources =
                {
                    ("M.cs", Usings + MiniLm + "\npublic sealed partial class M { }\n"),
                    ("MemDsl.Generators/MemDsl.Generators.MemDslGenerator/M.g.cs", "partial class M { public int Count => 0; public void Dispose() { } private int __memdsl_store = 0; public int Store => __memdsl_store; }\n"),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }
}
