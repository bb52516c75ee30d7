using System.Reflection;

namespace MemDsl.Evaluation;

/// <summary>
/// The declarations of the repository's samples (<c>samples/**/*.cs</c>, embedded in this assembly
/// at build time and read with <see cref="DeclarationExtractor"/>), so the benchmark always runs the
/// samples as declared.
/// </summary>
public static class SampleDeclarations
{
    private const string Prefix = "MemDsl.Evaluation.Samples.";

    /// <summary>Every sample declaration as a design; those with custom methods are listed in <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<BenchmarkDesign> Load(BenchmarkOptions? options, out IReadOnlyList<string> skipped)
    {
        var designs = new List<BenchmarkDesign>();
        var notes = new List<string>();
        var assembly = typeof(SampleDeclarations).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var file = "samples/" + name[Prefix.Length..];
            foreach (var declaration in DeclarationExtractor.Extract(Read(assembly, name)))
            {
                var source = $"sample {file} ({declaration.TypeName})";
                if (declaration.HasCustomMethods)
                {
                    notes.Add($"{source}: declares custom methods, which the interpreted runtime needs as delegates; not benched");
                    continue;
                }

                designs.Add(DesignFactory.FromAttributeText(declaration.AttributeText, source, options));
            }
        }

        skipped = notes;
        return designs;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
