using System.Collections.Immutable;
using MemDsl.Model;
using Microsoft.CodeAnalysis;

namespace MemDsl.Generators.Parsing;

/// <summary>
/// A declaration read from a compilation: the spec plus the attributes and methods it came from,
/// index-aligned with the spec's lists so analyzers can map a <see cref="SpecLocation"/> back to
/// source. The generator keeps only <see cref="Spec"/>; symbols never enter its pipeline.
/// </summary>
internal sealed class DeclarationSource
{
    public DeclarationSource(
        ArchitectureSpec spec,
        INamedTypeSymbol type,
        AttributeData architectureAttribute,
        ImmutableArray<AttributeData> stageAttributes,
        ImmutableArray<AttributeData> searchAttributes,
        ImmutableArray<IMethodSymbol> customMethods,
        ImmutableArray<ISymbol> members)
    {
        Members = members;
        Spec = spec;
        Type = type;
        ArchitectureAttribute = architectureAttribute;
        StageAttributes = stageAttributes;
        SearchAttributes = searchAttributes;
        CustomMethods = customMethods;
    }

    public ArchitectureSpec Spec { get; }

    public INamedTypeSymbol Type { get; }

    public AttributeData ArchitectureAttribute { get; }

    /// <summary>Aligned with <see cref="ArchitectureSpec.Stages"/>.</summary>
    public ImmutableArray<AttributeData> StageAttributes { get; }

    /// <summary>Aligned with <see cref="ArchitectureSpec.SearchRanges"/>.</summary>
    public ImmutableArray<AttributeData> SearchAttributes { get; }

    /// <summary>Aligned with <see cref="ArchitectureSpec.CustomMethods"/>.</summary>
    public ImmutableArray<IMethodSymbol> CustomMethods { get; }

    /// <summary>Aligned with <see cref="TypeShape.Members"/>.</summary>
    public ImmutableArray<ISymbol> Members { get; }
}
