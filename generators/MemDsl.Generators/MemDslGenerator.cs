using System;
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
                static (context, cancellationToken) => context.TargetSymbol is INamedTypeSymbol type
                    ? DeclarationReader.Read(type, cancellationToken)?.Spec
                    : null)
            .WithTrackingName(MemDslStepNames.Declarations);

        var specs = declarations
            .Where(static spec => spec is not null && IsEmittable(spec))
            .Select(static (spec, _) => spec!)
            .WithTrackingName(MemDslStepNames.EmittableSpecs);

        context.RegisterSourceOutput(specs, static (context, spec) => Emit(context, spec));
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
