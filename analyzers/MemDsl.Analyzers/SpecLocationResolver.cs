using System.Collections.Generic;
using System.Threading;
using MemDsl.Generators.Parsing;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Analyzers;

/// <summary>
/// Maps a <see cref="SpecLocation"/> (a position in the declaration model) onto the source it came
/// from, as precisely as the syntax allows: the wrong argument rather than the whole attribute.
/// </summary>
internal static class SpecLocationResolver
{
    public static Location Resolve(DeclarationSource source, SpecDiagnostic diagnostic, CancellationToken cancellationToken)
    {
        var location = diagnostic.Location;
        var preferNonPartial = diagnostic.Id == DiagnosticCatalog.NotPartial.Id;
        return location.Kind switch
        {
            SpecLocationKind.Type when location.Index >= 0 => TypeIdentifier(ContainingType(source.Type, location.Index), preferNonPartial, cancellationToken),
            SpecLocationKind.Type => TypeIdentifier(source.Type, preferNonPartial, cancellationToken),
            SpecLocationKind.ArchitectureAttribute => AttributeLocation(source.ArchitectureAttribute, source.Type, cancellationToken),
            SpecLocationKind.Stage => AttributeLocation(At(source.StageAttributes, location.Index), source.Type, cancellationToken),
            SpecLocationKind.StageKind => KindArgument(At(source.StageAttributes, location.Index), source.Type, cancellationToken),
            SpecLocationKind.Parameter => NamedArgument(At(source.StageAttributes, location.Index), location.Parameter, source.Type, cancellationToken),
            SpecLocationKind.SearchRange => AttributeLocation(At(source.SearchAttributes, location.Index), source.Type, cancellationToken),
            SpecLocationKind.CustomMethod => MethodIdentifier(location.Index >= 0 && location.Index < source.CustomMethods.Length ? source.CustomMethods[location.Index] : null, source.Type, cancellationToken),
            SpecLocationKind.Member => MemberIdentifier(location.Index >= 0 && location.Index < source.Members.Length ? source.Members[location.Index] : null, source.Type, cancellationToken),
            _ => TypeIdentifier(source.Type, preferNonPartial, cancellationToken),
        };
    }

    /// <summary>The attribute's syntax (<c>Store(StoreKind.Vector)</c>), or null when it has none in source.</summary>
    public static AttributeSyntax? AttributeSyntaxOf(AttributeData? attribute, CancellationToken cancellationToken) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

    /// <summary>The first positional argument of an attribute: a stage attribute's kind.</summary>
    public static AttributeArgumentSyntax? FirstPositionalArgument(AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is null)
        {
            return null;
        }

        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is null)
            {
                return argument;
            }
        }

        return null;
    }

    private static AttributeData? At(System.Collections.Immutable.ImmutableArray<AttributeData> attributes, int index) =>
        index >= 0 && index < attributes.Length ? attributes[index] : null;

    /// <summary>Containing types are indexed outermost first, as <see cref="TypeShape.ContainingTypes"/> lists them.</summary>
    private static INamedTypeSymbol ContainingType(INamedTypeSymbol type, int index)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            chain.Insert(0, outer);
        }

        return index < chain.Count ? chain[index] : type;
    }

    private static Location TypeIdentifier(INamedTypeSymbol type, bool preferNonPartial, CancellationToken cancellationToken)
    {
        TypeDeclarationSyntax? first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            first ??= declaration;
            if (preferNonPartial && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                // Point at the declaration that lacks 'partial', not at one that already has it.
                return declaration.Identifier.GetLocation();
            }
        }

        if (first is not null)
        {
            return first.Identifier.GetLocation();
        }

        return type.Locations.Length > 0 ? type.Locations[0] : Location.None;
    }

    private static Location AttributeLocation(AttributeData? attribute, INamedTypeSymbol type, CancellationToken cancellationToken) =>
        AttributeSyntaxOf(attribute, cancellationToken)?.GetLocation() ?? TypeIdentifier(type, false, cancellationToken);

    private static Location KindArgument(AttributeData? attribute, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var syntax = AttributeSyntaxOf(attribute, cancellationToken);
        if (syntax is null)
        {
            return TypeIdentifier(type, false, cancellationToken);
        }

        return FirstPositionalArgument(syntax)?.GetLocation() ?? syntax.GetLocation();
    }

    private static Location NamedArgument(AttributeData? attribute, string? parameter, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var syntax = AttributeSyntaxOf(attribute, cancellationToken);
        if (syntax is null)
        {
            return TypeIdentifier(type, false, cancellationToken);
        }

        if (syntax.ArgumentList is not null && parameter is not null)
        {
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals is { } name && name.Name.Identifier.ValueText == parameter)
                {
                    return argument.GetLocation();
                }
            }
        }

        return syntax.GetLocation();
    }

    /// <summary>The member's identifier in the user's source (a field's declarator, a constructor's name), not in a generated file.</summary>
    private static Location MemberIdentifier(ISymbol? member, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (member is not null)
        {
            foreach (var location in member.Locations)
            {
                if (location.IsInSource && !location.SourceTree!.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase))
                {
                    return location;
                }
            }
        }

        return TypeIdentifier(type, false, cancellationToken);
    }

    private static Location MethodIdentifier(IMethodSymbol? method, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (method is not null)
        {
            foreach (var location in method.Locations)
            {
                if (location.IsInSource)
                {
                    return location;
                }
            }
        }

        return TypeIdentifier(type, false, cancellationToken);
    }
}
