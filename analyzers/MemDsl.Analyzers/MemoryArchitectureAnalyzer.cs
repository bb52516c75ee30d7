using System;
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
        if (HasAttribute(type, architectureAttribute))
        {
            var source = Read(type, context.CancellationToken);
            foreach (var diagnostic in source is null ? NoDiagnostics : source.Spec.Validate().Diagnostics)
            {
                if (!IsAboutContainingType(diagnostic))
                {
                    Report(context, source!, diagnostic);
                }
            }
        }

        ReportAsContainingType(context, type, architectureAttribute);
    }

    /// <summary>
    /// A problem with a type that contains a memory class (it is not partial) is reported while
    /// analyzing that containing type, so the diagnostic is local to the symbol being analyzed and
    /// the IDE shows it (and offers its fix) in the containing type's document.
    /// </summary>
    private static void ReportAsContainingType(SymbolAnalysisContext context, INamedTypeSymbol container, INamedTypeSymbol architectureAttribute)
    {
        var nested = container.GetTypeMembers();
        if (nested.IsEmpty)
        {
            return;
        }

        // The container's index in a nested class's ContainingTypes (outermost first) is its own depth.
        var depth = 0;
        for (var outer = container.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            depth++;
        }

        HashSet<string>? reported = null;
        var pending = new Stack<INamedTypeSymbol>(nested);
        while (pending.Count > 0)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var candidate = pending.Pop();
            foreach (var inner in candidate.GetTypeMembers())
            {
                pending.Push(inner);
            }

            if (!HasAttribute(candidate, architectureAttribute) || Read(candidate, context.CancellationToken) is not { } source)
            {
                continue;
            }

            foreach (var diagnostic in source.Spec.Validate().Diagnostics)
            {
                // Several memory classes in one container would each name it: report it once.
                if (IsAboutContainingType(diagnostic) && diagnostic.Location.Index == depth && (reported ??= new HashSet<string>(StringComparer.Ordinal)).Add(diagnostic.ToString()))
                {
                    Report(context, source, diagnostic);
                }
            }
        }
    }

    private static readonly IReadOnlyList<SpecDiagnostic> NoDiagnostics = new SpecDiagnostic[0];

    /// <summary>The declaration, or null when there is nothing to report on.</summary>
    private static DeclarationSource? Read(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        var source = DeclarationReader.Read(type, cancellationToken);

        // An attribute that does not bind is a compiler error already; a spec built around it
        // would only add noise (a "missing stage" for a stage the user did write).
        return source is null || source.Spec.IsIncomplete ? null : source;
    }

    private static bool IsAboutContainingType(SpecDiagnostic diagnostic) =>
        diagnostic.Location.Kind == SpecLocationKind.Type && diagnostic.Location.Index >= 0;

    private static void Report(SymbolAnalysisContext context, DeclarationSource source, SpecDiagnostic diagnostic)
    {
        var location = SpecLocationResolver.Resolve(source, diagnostic, context.CancellationToken);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.Get(diagnostic.Info),
            location,
            ToImmutable(diagnostic.Properties),
            ToMessageArguments(diagnostic.Arguments)));
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
