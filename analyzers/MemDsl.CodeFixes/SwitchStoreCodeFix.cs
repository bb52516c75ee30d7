using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MemDsl.Analyzers;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.CodeFixes;

/// <summary>
/// MEMDSL0004: switches the <c>[Store]</c> kind to one that provides what the retriever or manager
/// needs. The diagnostic sits on that retriever or manager; the store to change is the stage the
/// model names (<see cref="FixProperties.StoreStageIndex"/>), found with the same declaration reader
/// the analyzer uses, and the replacement is the model's (<see cref="FixProperties.ReplacementStore"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwitchStoreCodeFix)), Shared]
public sealed class SwitchStoreCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "MemDsl.SwitchStore";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalog.Incompatible.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.ReplacementStore, out var replacement) || string.IsNullOrEmpty(replacement)
                || !diagnostic.Properties.TryGetValue(FixProperties.StoreStageIndex, out var indexText)
                || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var storeIndex))
            {
                continue;
            }

            var declaration = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null || semanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type)
            {
                continue;
            }

            var source = DeclarationReader.Read(type, context.CancellationToken);
            if (source is null || storeIndex >= source.StageAttributes.Length)
            {
                continue;
            }

            var store = SpecLocationResolver.AttributeSyntaxOf(source.StageAttributes[storeIndex], context.CancellationToken);
            var kind = store is null ? null : SpecLocationResolver.FirstPositionalArgument(store);
            var storeDocument = kind is null ? null : context.Document.Project.Solution.GetDocument(kind.SyntaxTree);
            if (kind is null || storeDocument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use [Store(" + replacement + ")]",
                    cancellationToken => ReplaceAsync(storeDocument, kind.Expression, replacement!, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> ReplaceAsync(Document document, ExpressionSyntax kind, string replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document.Project.Solution;
        }

        var newRoot = root.ReplaceNode(kind, Rewrite(kind, replacement).WithTriviaFrom(kind));
        return document.WithSyntaxRoot(newRoot).Project.Solution;
    }

    /// <summary>
    /// Keeps the user's qualification: <c>Abstractions.StoreKind.Vector</c> becomes
    /// <c>Abstractions.StoreKind.VectorAndText</c>, a <c>using static</c> <c>Vector</c> becomes
    /// <c>VectorAndText</c>; anything else (a cast) becomes the model's text.
    /// </summary>
    private static ExpressionSyntax Rewrite(ExpressionSyntax kind, string replacement)
    {
        var member = replacement.Substring(replacement.LastIndexOf('.') + 1);
        return kind switch
        {
            MemberAccessExpressionSyntax access when access.Name is IdentifierNameSyntax name =>
                access.WithName(SyntaxFactory.IdentifierName(member).WithTriviaFrom(name)),
            IdentifierNameSyntax identifier => SyntaxFactory.IdentifierName(member).WithTriviaFrom(identifier),
            _ => SyntaxFactory.ParseExpression(replacement),
        };
    }
}
