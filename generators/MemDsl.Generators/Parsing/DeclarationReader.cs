using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MemDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemDsl.Generators.Parsing;

/// <summary>
/// Turns a class carrying <c>[MemoryArchitecture]</c> into an <see cref="ArchitectureSpec"/>.
/// Shared as source by the generator and the analyzers, so both read declarations identically.
/// Never throws on malformed input: what cannot be bound marks the spec incomplete.
/// </summary>
internal static class DeclarationReader
{
    public static DeclarationSource? Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        AttributeData? architecture = null;
        var incomplete = false;
        var stages = new List<StageSpec>();
        var stageAttributes = ImmutableArray.CreateBuilder<AttributeData>();
        var ranges = new List<SearchRangeSpec>();
        var searchAttributes = ImmutableArray.CreateBuilder<AttributeData>();

        foreach (var attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = AbstractionsName(attribute.AttributeClass);
            if (name is null)
            {
                continue;
            }

            if (name == "MemoryArchitectureAttribute")
            {
                architecture ??= attribute;
                incomplete |= !IsBound(attribute);
                continue;
            }

            if (name == "SearchAttribute")
            {
                if (TryReadSearch(attribute, out var range))
                {
                    ranges.Add(range);
                    searchAttributes.Add(attribute);
                }
                else
                {
                    incomplete = true;
                }

                continue;
            }

            var stage = MemoryCatalog.FindByAttributeName(name);
            if (stage is null)
            {
                continue;
            }

            if (TryReadStage(stage, attribute, out var spec))
            {
                stages.Add(spec);
                stageAttributes.Add(attribute);
            }
            else
            {
                incomplete = true;
            }
        }

        if (architecture is null)
        {
            return null;
        }

        var methods = ReadCustomMethods(type, cancellationToken, out var methodSymbols);
        var members = ReadMembers(type, cancellationToken, out var memberSymbols);
        var architectureName = architecture.ConstructorArguments.Length == 1 && architecture.ConstructorArguments[0].Value is string text ? text : string.Empty;
        var spec2 = new ArchitectureSpec(
            architectureName,
            stages.ToEquatableArray(),
            ranges.ToEquatableArray(),
            methods.ToEquatableArray(),
            ReadShape(type) with { Members = members.ToEquatableArray() },
            incomplete);
        return new DeclarationSource(spec2, type, architecture, stageAttributes.ToImmutable(), searchAttributes.ToImmutable(), methodSymbols, memberSymbols);
    }

    /// <summary>The simple name of an attribute class declared in MemDsl.Abstractions, else null.</summary>
    public static string? AbstractionsName(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null || attributeClass.TypeKind == TypeKind.Error)
        {
            return null;
        }

        return attributeClass.ContainingNamespace?.ToDisplayString() == KnownNames.AbstractionsNamespace ? attributeClass.Name : null;
    }

    private static bool IsBound(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is null)
        {
            return false;
        }

        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Error)
            {
                return false;
            }
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadStage(StageDescriptor stage, AttributeData attribute, out StageSpec spec)
    {
        spec = null!;
        if (!IsBound(attribute) || attribute.ConstructorArguments.Length != 1 || !TryReadValue(attribute.ConstructorArguments[0], out var kind) || kind.Type != ParameterType.Symbol)
        {
            return false;
        }

        var parameters = new List<ParameterValue>();
        foreach (var named in attribute.NamedArguments)
        {
            if (!TryReadValue(named.Value, out var value))
            {
                return false;
            }

            parameters.Add(new ParameterValue(named.Key, value));
        }

        spec = new StageSpec(stage.Slot, kind, parameters.ToEquatableArray());
        return true;
    }

    private static bool TryReadSearch(AttributeData attribute, out SearchRangeSpec range)
    {
        range = null!;
        if (!IsBound(attribute) || attribute.ConstructorArguments.Length != 3
            || attribute.ConstructorArguments[0].Value is not string parameter
            || !TryReadDouble(attribute.ConstructorArguments[1], out var min)
            || !TryReadDouble(attribute.ConstructorArguments[2], out var max))
        {
            return false;
        }

        range = new SearchRangeSpec(parameter, min, max);
        return true;
    }

    private static bool TryReadDouble(TypedConstant constant, out double value)
    {
        switch (constant.Value)
        {
            case double d: value = d; return true;
            case float f: value = f; return true;
            case int i: value = i; return true;
            default: value = 0; return false;
        }
    }

    private static bool TryReadValue(TypedConstant constant, out SpecValue value)
    {
        value = default;
        if (constant.Kind == TypedConstantKind.Enum && constant.Type is INamedTypeSymbol enumType && constant.Value is int number)
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && field.ConstantValue is int memberValue && memberValue == number)
                {
                    value = SpecValue.Named(field.Name);
                    return true;
                }
            }

            value = SpecValue.UnnamedSymbol(number);
            return true;
        }

        switch (constant.Value)
        {
            case int i:
                value = SpecValue.Integer(i);
                return true;
            case float f:
                value = SpecValue.Float(f);
                return true;
            default:
                return false;
        }
    }

    private static List<CustomMethodSpec> ReadCustomMethods(INamedTypeSymbol type, CancellationToken cancellationToken, out ImmutableArray<IMethodSymbol> symbols)
    {
        var methods = new List<CustomMethodSpec>();
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol method)
            {
                continue;
            }

            foreach (var attribute in method.GetAttributes())
            {
                var name = AbstractionsName(attribute.AttributeClass);
                if (name is null || MemoryCatalog.FindCustomStage(name) is not { } descriptor)
                {
                    continue;
                }

                var parameters = new List<MethodParameterShape>();
                foreach (var parameter in method.Parameters)
                {
                    parameters.Add(new MethodParameterShape(parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), RefKindText(parameter.RefKind)));
                }

                methods.Add(new CustomMethodSpec(
                    descriptor.AttributeName,
                    method.Name,
                    method.IsStatic,
                    method.IsGenericMethod,
                    method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    parameters.ToEquatableArray()));
                builder.Add(method);
            }
        }

        symbols = builder.ToImmutable();
        return methods;
    }

    /// <summary>
    /// The user's members that may collide with generated ones: those with a reserved name and all
    /// explicit instance constructors. Members declared only in generated files (the pipeline
    /// itself, when analyzers see the generator's output) and implicit ones are skipped.
    /// </summary>
    private static List<MemberShape> ReadMembers(INamedTypeSymbol type, CancellationToken cancellationToken, out ImmutableArray<ISymbol> symbols)
    {
        var members = new List<MemberShape>();
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || !IsInUserSource(member))
            {
                continue;
            }

            MemberShape? shape = member switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => new MemberShape(MemberShape.Constructor, type.Name, ParameterTypes(constructor.Parameters)),
                IMethodSymbol { MethodKind: MethodKind.Ordinary } method when GeneratedMembers.IsReservedName(method.Name) => new MemberShape(MemberShape.Method, method.Name, ParameterTypes(method.Parameters), method.TypeParameters.Length),
                IPropertySymbol { IsIndexer: false } property when GeneratedMembers.IsReservedName(property.Name) => new MemberShape("property", property.Name, EquatableArray<string>.Empty),
                IFieldSymbol field when GeneratedMembers.IsReservedName(field.Name) => new MemberShape("field", field.Name, EquatableArray<string>.Empty),
                IEventSymbol @event when GeneratedMembers.IsReservedName(@event.Name) => new MemberShape("event", @event.Name, EquatableArray<string>.Empty),
                INamedTypeSymbol nested when GeneratedMembers.IsReservedName(nested.Name) => new MemberShape("type", nested.Name, EquatableArray<string>.Empty),
                _ => null,
            };
            if (shape is not null)
            {
                members.Add(shape);
                builder.Add(member);
            }
        }

        symbols = builder.ToImmutable();
        return members;
    }

    private static EquatableArray<string> ParameterTypes(ImmutableArray<IParameterSymbol> parameters)
    {
        var types = new List<string>();
        foreach (var parameter in parameters)
        {
            types.Add(parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        return types.ToEquatableArray();
    }

    /// <summary>
    /// True when the member has a declaration outside generated files. Generated files are told by
    /// the <c>.g.cs</c> suffix every source generator here (and most others) gives its hint names;
    /// the analyzers see the pipeline's own members in such a file and must not report them.
    /// </summary>
    private static bool IsInUserSource(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (!reference.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.None => string.Empty,
        RefKind.In => "in",
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        _ => "ref readonly",
    };

    private static TypeShape ReadShape(INamedTypeSymbol type)
    {
        var containing = new List<ContainingTypeShape>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeShape(Keyword(outer), NameWithTypeParameters(outer), IsPartial(outer)));
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return new TypeShape(
            ns,
            type.Name,
            containing.ToEquatableArray(),
            IsPartial(type),
            type.IsStatic,
            type.TypeParameters.Length > 0,
            type.TypeKind == TypeKind.Class && !type.IsRecord,
            Visibility(type));
    }

    private static TypeVisibility Visibility(INamedTypeSymbol type)
    {
        var result = TypeVisibility.Public;
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            switch (named.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    result = TypeVisibility.Internal;
                    break;
                default:
                    return TypeVisibility.Private;
            }
        }

        return result;
    }

    private static string Keyword(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Struct when type.IsRecord => "record struct",
        TypeKind.Struct => "struct",
        TypeKind.Interface => "interface",
        _ when type.IsRecord => "record",
        _ => "class",
    };

    private static string NameWithTypeParameters(INamedTypeSymbol type)
    {
        if (type.TypeParameters.Length == 0)
        {
            return type.Name;
        }

        var names = new string[type.TypeParameters.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = type.TypeParameters[i].Name;
        }

        return type.Name + "<" + string.Join(", ", names) + ">";
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        if (type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }
}
