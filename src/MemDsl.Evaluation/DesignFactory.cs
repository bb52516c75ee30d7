using MemDsl.Runtime;

namespace MemDsl.Evaluation;

/// <summary>Builds <see cref="BenchmarkDesign"/>s from specs, attribute text and spec files.</summary>
public static class DesignFactory
{
    /// <summary>A design that runs <paramref name="spec"/> with the interpreted runtime.</summary>
    public static BenchmarkDesign FromSpec(ArchitectureSpec spec, string source, BenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        options ??= new BenchmarkOptions();
        ThrowIfInvalid(spec, source);
        if (spec.CustomMethods.Count > 0)
        {
            throw new DesignLoadException(source, $"the architecture '{spec.Name}' declares custom methods ([EncodeWith]/[ScoreWith]); bench it from its compiled assembly instead");
        }

        string embedder;
        var pipelineOptions = new InterpretedPipelineOptions();
        if (spec.Embed.KindName == "MiniLM")
        {
            if (options.EmbeddingGenerator is { } generator)
            {
                embedder = options.EmbeddingGeneratorName;
                pipelineOptions = new InterpretedPipelineOptions { EmbeddingGenerator = generator };
            }
            else
            {
                embedder = $"hashing-{MemoryCatalog.MiniLMDimensions} (MiniLM stand-in)";
                pipelineOptions = new InterpretedPipelineOptions { EmbeddingGenerator = new HashingEmbedder(MemoryCatalog.MiniLMDimensions) };
            }
        }
        else
        {
            embedder = "hashing-" + spec.EmbeddingDimensions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new BenchmarkDesign(spec.Name, source, embedder, () => InterpretedPipeline.Create(spec, pipelineOptions), spec);
    }

    /// <summary>Checks <paramref name="spec"/> with the shared validator, as every way of building a design must.</summary>
    /// <exception cref="DesignLoadException">The spec has errors; <see cref="DesignLoadException.Problems"/> lists each.</exception>
    public static void ThrowIfInvalid(ArchitectureSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var validation = spec.Validate();
        if (validation.HasErrors)
        {
            var problems = new List<string>();
            foreach (var diagnostic in validation.Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    problems.Add(diagnostic.ToString());
                }
            }

            throw new DesignLoadException(source, $"the architecture '{spec.Name}' is invalid", problems);
        }
    }

    /// <summary>Parses attribute text (as <see cref="AttributeText.Parse"/> reads it) into a design.</summary>
    public static BenchmarkDesign FromAttributeText(string text, string source, BenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArchitectureSpec spec;
        try
        {
            spec = AttributeText.Parse(text);
        }
        catch (AttributeTextException exception)
        {
            throw new DesignLoadException(source, $"{LineAndColumn(text, exception.Position)}: {exception.Message}", innerException: exception);
        }

        return FromSpec(spec, source, options);
    }

    /// <summary>
    /// Reads a spec file: attribute lists such as <c>[MemoryArchitecture("x")] [Encode(...)] ...</c>, or a C#
    /// source file of a project (<c>.cs</c>) holding exactly one <c>[MemoryArchitecture]</c> class, whose
    /// declaration is read as written (so <c>memdsl evolve --spec</c> can start from a class in a project).
    /// </summary>
    public static BenchmarkDesign FromFile(string path, BenchmarkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DesignLoadException(path, "cannot be read: " + exception.Message, innerException: exception);
        }

        if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            var declarations = DeclarationExtractor.Extract(text);
            if (declarations.Count != 1)
            {
                throw new DesignLoadException(path, declarations.Count == 0
                    ? "holds no [MemoryArchitecture] class"
                    : $"holds {declarations.Count} [MemoryArchitecture] classes ({string.Join(", ", declarations.Select(d => d.TypeName))}); give a file with one");
            }

            if (declarations[0].HasCustomMethods)
            {
                throw new DesignLoadException(path, $"'{declarations[0].TypeName}' declares [EncodeWith]/[ScoreWith] methods, which only a compiled build can run; bench its assembly with --assembly");
            }

            return FromAttributeText(declarations[0].AttributeText, $"{path} ({declarations[0].TypeName})", options);
        }

        return FromAttributeText(text, path, options);
    }

    private static string LineAndColumn(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"line {line}, column {column}";
    }
}
