using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using MemDsl.Model;
using Microsoft.CodeAnalysis;

namespace MemDsl.Generators.Tests;

/// <summary>The pipeline model is a value: equal across compilations and free of compiler objects.</summary>
public sealed class ModelHygieneTests
{
    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SemanticModel), typeof(Location), typeof(SyntaxTree) };

    [Theory]
    [MemberData(nameof(SnapshotCase.Names), MemberType = typeof(SnapshotCase))]
    public void Two_compilations_of_the_same_source_give_equal_but_distinct_specs(string name)
    {
        var snapshot = SnapshotCase.Get(name);
        var first = GeneratorHarness.CreateCompilation(snapshot.Sources.ToArray());
        var second = GeneratorHarness.CreateCompilation(snapshot.Sources.ToArray());
        foreach (var metadataName in GeneratorHarness.MemoryClasses(first))
        {
            var a = GeneratorHarness.ReadSpec(first, metadataName);
            var b = GeneratorHarness.ReadSpec(second, metadataName);
            Assert.NotSame(a, b);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Theory]
    [MemberData(nameof(SnapshotCase.Names), MemberType = typeof(SnapshotCase))]
    public void Tracked_step_outputs_hold_no_compiler_objects(string name)
    {
        var compilation = SnapshotCase.Get(name).CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        var values = result.TrackedSteps
            .Where(s => s.Key.StartsWith("MemDsl.", StringComparison.Ordinal))
            .SelectMany(s => s.Value)
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .ToList();
        Assert.NotEmpty(values);
        Assert.Contains(values, v => v is ArchitectureSpec);
        foreach (var value in values)
        {
            var found = FindForbidden(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "spec");
            Assert.True(found is null, "compiler object in the model at " + found);
        }
    }

    [Fact]
    public void The_walker_finds_a_symbol_hidden_in_a_graph()
    {
        // The hygiene test is only meaningful if the walk can fail.
        var compilation = GeneratorHarness.CreateCompilation("class C { }");
        var graph = new { Inner = new object[] { 1, new { Symbol = compilation.GetTypeByMetadataName("C") } } };
        Assert.NotNull(FindForbidden(graph, new HashSet<object>(ReferenceEqualityComparer.Instance), "graph"));
    }

    /// <summary>Walks fields (properties are backed by them) recursively, including array elements; returns the path to a forbidden object.</summary>
    private static string? FindForbidden(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is Type)
        {
            return null;
        }

        if (Forbidden.Any(t => t.IsInstanceOfType(value)))
        {
            return path + " (" + value.GetType().FullName + ")";
        }

        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return null;
        }

        if (value is IEnumerable sequence and not string)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                if (FindForbidden(item, seen, path + "[" + index++ + "]") is { } found)
                {
                    return found;
                }
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (FindForbidden(field.GetValue(value), seen, path + "." + field.Name) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
