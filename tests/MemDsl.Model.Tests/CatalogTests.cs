using System.Reflection;
using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Model.Tests;

/// <summary>The catalog (model) and the attributes users write (abstractions) must describe the same language.</summary>
public sealed class CatalogTests
{
    private static readonly Assembly Abstractions = typeof(EncodeAttribute).Assembly;

    [Fact]
    public void Every_stage_enum_lists_exactly_the_catalog_kinds_in_order()
    {
        foreach (var stage in MemoryCatalog.Stages)
        {
            var enumType = Abstractions.GetType(KnownNames.AbstractionsNamespace + "." + stage.KindEnumName, throwOnError: true)!;
            Assert.Equal(stage.KindNames(), Enum.GetNames(enumType));
        }
    }

    [Fact]
    public void Every_stage_attribute_exposes_each_catalog_parameter_with_its_type()
    {
        foreach (var stage in MemoryCatalog.Stages)
        {
            var attribute = Abstractions.GetType(stage.AttributeMetadataName, throwOnError: true)!;
            var kindParameter = Assert.Single(Assert.Single(attribute.GetConstructors()).GetParameters());
            Assert.Equal(stage.KindEnumName, kindParameter.ParameterType.Name);

            var settable = attribute.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(stage.AllParameters().Select(p => p.Name).Order(StringComparer.Ordinal), settable);

            foreach (var parameter in stage.AllParameters())
            {
                var property = attribute.GetProperty(parameter.Name)!;
                var expected = parameter.Type switch
                {
                    ParameterType.Integer => typeof(int),
                    ParameterType.Float => typeof(float),
                    _ => Abstractions.GetType(KnownNames.AbstractionsNamespace + "." + parameter.EnumTypeName, throwOnError: true)!,
                };
                Assert.Equal(expected, property.PropertyType);
                if (parameter.Type == ParameterType.Symbol)
                {
                    Assert.Equal(parameter.Members, Enum.GetNames(expected));
                }
            }
        }
    }

    [Fact]
    public void Parameter_names_are_unique_across_stages_so_search_ranges_can_name_them_alone()
    {
        var names = MemoryCatalog.Stages.SelectMany(s => s.AllParameters()).Select(p => p.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_default_is_legal()
    {
        foreach (var kind in MemoryCatalog.Stages.SelectMany(s => s.Kinds))
        {
            foreach (var parameter in kind.Parameters)
            {
                Assert.True(parameter.IsInRange(parameter.Default), $"{kind}.{parameter.Name} default {parameter.Default} is outside {parameter.DescribeRange()}");
            }
        }
    }

    [Fact]
    public void Custom_stage_attributes_exist_and_target_methods()
    {
        foreach (var custom in MemoryCatalog.CustomStages)
        {
            var attribute = Abstractions.GetType(custom.AttributeMetadataName, throwOnError: true)!;
            var usage = attribute.GetCustomAttribute<AttributeUsageAttribute>()!;
            Assert.Equal(AttributeTargets.Method, usage.ValidOn);
        }
    }

    [Fact]
    public void Diagnostic_ids_are_unique_and_follow_the_error_and_warning_ranges()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var info in DiagnosticCatalog.All)
        {
            Assert.Matches("^MEMDSL[01][0-9]{3}$", info.Id);
            Assert.Equal(info.Severity == DiagnosticSeverityLevel.Error ? '0' : '1', info.Id[6]);
        }
    }
}
