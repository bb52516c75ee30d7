using System.Collections.Generic;
using System.Collections.Immutable;
using MemDsl.Model;
using Microsoft.CodeAnalysis;

namespace MemDsl.Analyzers;

/// <summary>
/// The Roslyn face of <see cref="DiagnosticCatalog"/>: one descriptor per catalog entry, built from
/// the entry itself so ids, titles, messages, severities and help links are never restated here.
/// </summary>
public static class DiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Build();

    /// <summary>Every descriptor, in catalog order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = BuildAll();

    /// <summary>The descriptor for a catalog id (e.g. <c>MEMDSL0003</c>).</summary>
    /// <exception cref="KeyNotFoundException">The id is not in <see cref="DiagnosticCatalog.All"/>.</exception>
    public static DiagnosticDescriptor Get(string id) =>
        ById.TryGetValue(id, out var descriptor) ? descriptor : throw new KeyNotFoundException("No MemDsl diagnostic has the id '" + id + "'.");

    /// <summary>The descriptor for a catalog entry.</summary>
    public static DiagnosticDescriptor Get(DiagnosticInfo info) => Get(info.Id);

    private static Dictionary<string, DiagnosticDescriptor> Build()
    {
        var result = new Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
        foreach (var info in DiagnosticCatalog.All)
        {
            result.Add(info.Id, Create(info));
        }

        return result;
    }

    private static ImmutableArray<DiagnosticDescriptor> BuildAll()
    {
        var builder = ImmutableArray.CreateBuilder<DiagnosticDescriptor>(DiagnosticCatalog.All.Count);
        foreach (var info in DiagnosticCatalog.All)
        {
            builder.Add(ById[info.Id]);
        }

        return builder.MoveToImmutable();
    }

    // The ids are data from the model catalog; release tracking lists each of them in
    // AnalyzerReleases.Unshipped.md, and a test checks the two agree.
#pragma warning disable RS1017 // DiagnosticId must be a non-null constant
    private static DiagnosticDescriptor Create(DiagnosticInfo info) => new(
        info.Id,
        info.Title,
        info.MessageFormat,
        DiagnosticInfo.Category,
        info.Severity == DiagnosticSeverityLevel.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: info.Description,
        helpLinkUri: info.HelpLink);
#pragma warning restore RS1017
}
