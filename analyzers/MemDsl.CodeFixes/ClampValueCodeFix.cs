using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.CodeFixes;

/// <summary>
/// MEMDSL0003: replaces an out-of-range parameter value with the nearest legal one. The value comes
/// from the model (<see cref="FixProperties.ClampedValue"/>); this fix never computes a range itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClampValueCodeFix)), Shared]
public sealed class ClampValueCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "MemDsl.ClampValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalog.OutOfRange.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.ClampedValue, out var clamped) || string.IsNullOrEmpty(clamped))
            {
                continue; // Not a number (an enum member out of range): no nearest value to offer.
            }

            var argument = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeArgumentSyntax>();
            if (argument?.NameEquals is null)
            {
                continue;
            }

            var value = SyntaxFactory.ParseExpression(clamped!);
            if (value.ContainsDiagnostics)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + argument.NameEquals.Name.Identifier.ValueText + " = " + clamped,
                    cancellationToken => ReplaceAsync(context.Document, argument, value, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, AttributeArgumentSyntax argument, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var expression = argument.Expression;
        return document.WithSyntaxRoot(root.ReplaceNode(expression, value.WithTriviaFrom(expression)));
    }
}
