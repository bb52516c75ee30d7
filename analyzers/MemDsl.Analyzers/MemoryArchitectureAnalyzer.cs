using System.Collections.Generic;
using System.Collections.Immutable;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemDsl.Analyzers;

/// <summary>
/// Reports <see cref="SpecValidator"/>'s results for every class carrying <c>[MemoryArchitecture]</c>.
/// The rules live in the model; this analyzer only reads the declaration (with the generator's own
/// <see cref="DeclarationReader"/>) and maps each model location back onto source.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MemoryArchitectureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var architectureAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.MemoryArchitectureAttribute);
            if (architectureAttribute is null)
            {
                return; // MemDsl is not referenced: nothing to check.
            }

            start.RegisterSymbolAction(context => AnalyzeType(context, architectureAttribute), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol architectureAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!HasAttribute(type, architectureAttribute))
        {
            return;
        }

        var source = DeclarationReader.Read(type, context.CancellationToken);
        if (source is null || source.Spec.IsIncomplete)
        {
            // An attribute that does not bind is a compiler error already; a spec built around it
            // would only add noise (a "missing stage" for a stage the user did write).
            return;
        }

        foreach (var diagnostic in source.Spec.Validate().Diagnostics)
        {
            var location = SpecLocationResolver.Resolve(source, diagnostic, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Get(diagnostic.Info),
                location,
                ToImmutable(diagnostic.Properties),
                ToMessageArguments(diagnostic.Arguments)));
        }
    }

    private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol attributeType)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableDictionary<string, string?> ToImmutable(IReadOnlyDictionary<string, string?> properties)
    {
        if (properties.Count == 0)
        {
            return ImmutableDictionary<string, string?>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        foreach (var pair in properties)
        {
            builder.Add(pair.Key, pair.Value);
        }

        return builder.ToImmutable();
    }

    private static object[] ToMessageArguments(IReadOnlyList<string> arguments)
    {
        var result = new object[arguments.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = arguments[i];
        }

        return result;
    }
}
