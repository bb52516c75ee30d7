using System.Reflection;
using System.Text;
using MemDsl.Model;
using Microsoft.CodeAnalysis;

namespace MemDsl.Generators.Tests;

/// <summary>Generated sources against checked-in baselines; <c>MEMDSL_UPDATE_BASELINES=1</c> rewrites them.</summary>
public sealed class SnapshotTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("MEMDSL_UPDATE_BASELINES") == "1";

    [Theory]
    [MemberData(nameof(SnapshotCase.Names), MemberType = typeof(SnapshotCase))]
    public void Generated_sources_match_the_baselines(string name)
    {
        var snapshot = SnapshotCase.Get(name);
        var (result, _) = GeneratorHarness.Run(snapshot.CreateCompilation());
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedSources);

        var directory = Path.Combine(GeneratorHarness.RepoRoot, "tests", "MemDsl.Generators.Tests", "Baselines", name);
        var generated = result.GeneratedSources.Where(s => snapshot.Owns(s.HintName)).ToDictionary(s => s.HintName + ".txt", s => s.SourceText.ToString(), StringComparer.Ordinal);
        Assert.NotEmpty(generated);
        if (Update)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var (file, text) in generated)
            {
                File.WriteAllText(Path.Combine(directory, file), text, new UTF8Encoding(false));
            }
        }

        var baselines = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.cs.txt").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : new List<string?>();
        Assert.Equal(baselines, generated.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList<string?>());
        foreach (var (file, text) in generated)
        {
            var expected = File.ReadAllText(Path.Combine(directory, file));
            var diff = LineDiff(expected, text);
            Assert.True(diff is null, $"{name}/{file} differs from its baseline (set MEMDSL_UPDATE_BASELINES=1 to accept):{Environment.NewLine}{diff}");
        }
    }

    [Theory]
    [MemberData(nameof(SnapshotCase.Names), MemberType = typeof(SnapshotCase))]
    public void Generated_sources_compile_without_warnings(string name)
    {
        var (result, output) = GeneratorHarness.Run(SnapshotCase.Get(name).CreateCompilation());
        Assert.NotEmpty(result.GeneratedSources);
        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(SnapshotCase.Names), MemberType = typeof(SnapshotCase))]
    public void Generated_Spec_property_equals_the_declaration_read_from_source(string name)
    {
        var (_, output) = GeneratorHarness.Run(SnapshotCase.Get(name).CreateCompilation());
        var classes = GeneratorHarness.MemoryClasses(output);
        Assert.NotEmpty(classes);
        var (assembly, context) = GeneratorHarness.Load(output);
        try
        {
            foreach (var metadataName in classes)
            {
                var expected = GeneratorHarness.ReadSpec(output, metadataName);
                var type = GeneratorHarness.GetClosedType(assembly, metadataName);
                var property = type.GetProperty("Spec", BindingFlags.Public | BindingFlags.Static)
                    ?? throw new InvalidOperationException(metadataName + " has no static Spec");
                var actual = (ArchitectureSpec)property.GetValue(null)!;
                Assert.Equal(expected, actual);
                var instance = CreateForName(type);
                Assert.Equal(expected.Name, (string)type.GetProperty("ArchitectureName")!.GetValue(instance)!);
                (instance as IDisposable)?.Dispose();
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static object CreateForName(Type type)
    {
        var parameterless = type.GetConstructor(Type.EmptyTypes);
        if (parameterless is not null)
        {
            return parameterless.Invoke(null);
        }

        // The widest constructor: an embedder for MiniLM, a file for durable stores.
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(MemDsl.Runtime.MemoryStorageOptions)
            ? new MemDsl.Runtime.MemoryStorageOptions { Path = Path.Combine(Path.GetTempPath(), "memdsl-snapshot-" + Guid.NewGuid().ToString("N") + ".db") }
            : (object)new MemDsl.Runtime.HashingEmbedder(384)).ToArray();
        return constructor.Invoke(arguments);
    }

    /// <summary>A readable line diff (first differences with line numbers), or null when equal ignoring line-end style.</summary>
    internal static string? LineDiff(string expected, string actual)
    {
        var left = expected.Replace("\r\n", "\n").Split('\n');
        var right = actual.Replace("\r\n", "\n").Split('\n');
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(left.Length, right.Length) && shown < 20; i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l == r)
            {
                continue;
            }

            shown++;
            builder.Append("line ").Append(i + 1).AppendLine(":");
            builder.Append("  - ").AppendLine(l ?? "<end of baseline>");
            builder.Append("  + ").AppendLine(r ?? "<end of output>");
        }

        return shown == 0 ? null : builder.ToString();
    }
}
