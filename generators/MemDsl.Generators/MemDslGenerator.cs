using System;
using System.Threading;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Generators;

/// <summary>
/// Emits an <c>IMemoryPipeline</c> implementation for every <c>partial</c> class marked
/// <c>[MemoryArchitecture]</c>. Parser (<see cref="DeclarationReader"/>) → equatable
/// <see cref="ArchitectureSpec"/> → emitter (Scriban templates). Invalid declarations emit nothing:
/// the analyzers report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class MemDslGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.MemoryArchitectureAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (context, cancellationToken) => Read(context, cancellationToken))
            .WithTrackingName(MemDslStepNames.Declarations);

        var specs = declarations
            .Where(static spec => spec is not null && IsEmittable(spec))
            .Select(static (spec, _) => spec!)
            .WithTrackingName(MemDslStepNames.EmittableSpecs);

        context.RegisterSourceOutput(specs, static (context, spec) => Emit(context, spec));
    }

    /// <summary>
    /// The transform: the reader's spec, and nothing else of the compilation. A class whose own
    /// declaration has syntax errors is marked incomplete, so nothing is emitted until it parses.
    /// </summary>
    private static ArchitectureSpec? Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || DeclarationReader.Read(type, cancellationToken)?.Spec is not { } spec)
        {
            return null;
        }

        return HasSyntaxErrors(context.TargetNode) ? spec with { IsIncomplete = true } : spec;
    }

    private static bool HasSyntaxErrors(SyntaxNode node)
    {
        if (!node.ContainsDiagnostics)
        {
            return false;
        }

        foreach (var diagnostic in node.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only complete, valid declarations are emitted; the analyzers explain the rest.</summary>
    internal static bool IsEmittable(ArchitectureSpec spec)
    {
        if (spec.IsIncomplete)
        {
            return false;
        }

        try
        {
            return spec.Validate().IsValid;
        }
        catch (Exception)
        {
            // A validator bug must not break the user's build; the analyzers surface the declaration.
            return false;
        }
    }
}
