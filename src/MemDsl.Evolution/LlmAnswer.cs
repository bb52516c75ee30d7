using System.Text;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Evolution;

/// <summary>
/// Reads a chat model's answer into a candidate: the first fenced C# block (<c>```csharp</c>,
/// <c>```cs</c>, <c>```c#</c> or a bare <c>```</c>) must hold a memory declaration, either the bare
/// attribute lists or a <c>partial class</c> carrying them. The block is parsed with Roslyn (syntax
/// only, nothing is compiled or run), the MemDsl attributes with <see cref="AttributeText.Parse"/>,
/// and the result must pass <see cref="SpecValidator"/>.
/// </summary>
/// <remarks>
/// Code: a class with any member (a method body, an expression body, a field) is code. Without
/// <c>allowCode</c> such an answer is rejected. With it, every member must be a method marked
/// <c>[EncodeWith]</c> or <c>[ScoreWith]</c>; they become the spec's custom methods (validated
/// against the catalog's signatures) and their source text is kept as <see cref="Code"/>.
/// </remarks>
public sealed class LlmAnswer
{
    private static readonly HashSet<string> MemDslAttributes = AttributeNames();

    private LlmAnswer(ArchitectureSpec? spec, string? code, string? rejection)
    {
        Spec = spec;
        Code = code;
        Rejection = rejection;
    }

    /// <summary>The valid candidate; null when rejected.</summary>
    public ArchitectureSpec? Spec { get; }

    /// <summary>The custom methods' source, when the answer brought code and code is allowed.</summary>
    public string? Code { get; }

    /// <summary>Why the answer is not a legal candidate; null when it is.</summary>
    public string? Rejection { get; }

    public bool IsValid => Spec is not null;

    /// <summary>Reads <paramref name="answer"/>; the candidate gets the name <paramref name="name"/>.</summary>
    public static LlmAnswer Read(string? answer, string name, bool allowCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var block = FencedBlock(answer ?? string.Empty);
        if (block is null)
        {
            return Reject("the answer holds no ```csharp block");
        }

        var source = block.Contains("class ", StringComparison.Ordinal) ? block : block + "\npartial class Candidate { }\n";
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var root = tree.GetCompilationUnitRoot();
        var errors = root.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).ToList();
        if (errors.Count > 0)
        {
            return Reject("the C# block does not parse: " + string.Join("; ", errors.Select(e => $"{e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} (line {e.Location.GetLineSpan().StartLinePosition.Line + 1})")));
        }

        var classes = root.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => AttributeName(a) == "MemoryArchitecture"))
            .ToList();
        if (classes.Count != 1)
        {
            return Reject(classes.Count == 0
                ? "the C# block declares no [MemoryArchitecture(\"name\")]"
                : $"the C# block declares {classes.Count} memory architectures; answer with one");
        }

        var declaration = classes[0];
        var attributes = new StringBuilder();
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (MemDslAttributes.Contains(AttributeName(attribute)))
                {
                    attributes.Append('[').Append(attribute.ToString()).Append("]\n");
                }
            }
        }

        ArchitectureSpec spec;
        try
        {
            spec = AttributeText.Parse(attributes.ToString());
        }
        catch (AttributeTextException exception)
        {
            return Reject("the attributes do not parse: " + exception.Message);
        }

        string? code = null;
        if (declaration.Members.Count > 0)
        {
            if (!allowCode)
            {
                return Reject("the answer contains code (class members such as [EncodeWith]/[ScoreWith] methods with bodies); code is accepted only with --allow-code");
            }

            var methods = new List<CustomMethodSpec>();
            var text = new StringBuilder();
            foreach (var member in declaration.Members)
            {
                if (member is not MethodDeclarationSyntax method || CustomAttribute(method) is not { } stage)
                {
                    return Reject("only [EncodeWith] and [ScoreWith] methods may be added; found " + member.Kind());
                }

                methods.Add(new CustomMethodSpec(
                    stage,
                    method.Identifier.ValueText,
                    method.Modifiers.Any(SyntaxKind.StaticKeyword),
                    method.TypeParameterList is not null,
                    TypeName(method.ReturnType),
                    method.ParameterList.Parameters.Select(p => new MethodParameterShape(p.Type is null ? "?" : TypeName(p.Type), RefKind(p))).ToEquatableArray()));
                text.Append(method.ToFullString().Trim()).Append("\n\n");
            }

            spec = spec with { CustomMethods = methods.ToEquatableArray() };
            code = text.ToString().TrimEnd() + "\n";
        }

        spec = spec with { Name = name };
        var validation = SpecValidator.Validate(spec);
        if (validation.HasErrors)
        {
            return Reject("the declaration is invalid: " + string.Join("; ", validation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())));
        }

        foreach (var stage in spec.Stages)
        {
            foreach (var parameter in stage.Parameters)
            {
                var descriptor = MemoryCatalog.FindParameter(parameter.Name)?.Parameter;
                if (descriptor is { IsSearchable: false } && parameter.Value != descriptor.Default)
                {
                    // Persistence needs configuration (a file path) a search cannot give.
                    return Reject($"{parameter.Name} is not searchable; leave it at {descriptor.Default.ToCSharp(descriptor.EnumTypeName)}");
                }
            }
        }

        return new LlmAnswer(spec, code, null);
    }

    private static LlmAnswer Reject(string reason) => new(null, null, reason);

    /// <summary>The text of the first fenced block tagged csharp, cs, c# or untagged; null when there is none.</summary>
    private static string? FencedBlock(string answer)
    {
        var position = 0;
        while (true)
        {
            var open = answer.IndexOf("```", position, StringComparison.Ordinal);
            if (open < 0)
            {
                return null;
            }

            var lineEnd = answer.IndexOf('\n', open);
            if (lineEnd < 0)
            {
                return null;
            }

            var tag = answer[(open + 3)..lineEnd].Trim().ToLowerInvariant();
            var close = answer.IndexOf("```", lineEnd + 1, StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            if (tag is "csharp" or "cs" or "c#" or "")
            {
                return answer[(lineEnd + 1)..close];
            }

            position = close + 3;
        }
    }

    private static string AttributeName(AttributeSyntax attribute) => DeclarationRewriter.SimpleName(attribute);

    private static string? CustomAttribute(MethodDeclarationSyntax method)
    {
        foreach (var attribute in method.AttributeLists.SelectMany(l => l.Attributes))
        {
            if (MemoryCatalog.FindCustomStage(AttributeName(attribute)) is { } stage)
            {
                return stage.AttributeName;
            }
        }

        return null;
    }

    private static string RefKind(ParameterSyntax parameter) =>
        parameter.Modifiers.Any(SyntaxKind.InKeyword) ? "in"
        : parameter.Modifiers.Any(SyntaxKind.RefKeyword) ? "ref"
        : parameter.Modifiers.Any(SyntaxKind.OutKeyword) ? "out"
        : string.Empty;

    /// <summary>The catalog's spelling of a type written in the answer (the generator's parser sees the same after binding).</summary>
    private static string TypeName(TypeSyntax type)
    {
        var written = type.ToString().Replace("global::", string.Empty, StringComparison.Ordinal);
        var simple = written[(written.LastIndexOf('.') + 1)..];
        return simple switch
        {
            "string" or "String" => KnownNames.StringType,
            "float" or "Single" => KnownNames.FloatType,
            "Turn" => KnownNames.TurnType,
            "MemoryHit" => KnownNames.MemoryHitType,
            "QueryContext" => KnownNames.QueryContextType,
            _ => "global::" + written,
        };
    }

    /// <summary>The architecture and search attributes and every stage attribute of the catalog.</summary>
    private static HashSet<string> AttributeNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "MemoryArchitecture", "Search" };
        foreach (var stage in MemDsl.Model.MemoryCatalog.Stages)
        {
            names.Add(stage.AttributeName);
        }

        return names;
    }
}
