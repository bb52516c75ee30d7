namespace MemDsl.Evaluation;

/// <summary>
/// A memory design to bench: a name, where it came from, how its embeddings are made, and a factory
/// for a fresh <see cref="IMemoryPipeline"/> per stream. Generated and interpreted pipelines are
/// measured the same way, through the interface.
/// </summary>
public sealed class BenchmarkDesign
{
    private readonly Func<IMemoryPipeline> _create;

    public BenchmarkDesign(string name, string source, string embedder, Func<IMemoryPipeline> create, ArchitectureSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(embedder);
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        Source = source;
        Embedder = embedder;
        _create = create;
        Spec = spec;
    }

    public string Name { get; }

    /// <summary>"baseline", "sample QuickStart/QuickStartMemory.cs", "spec my.cs-attributes", ...</summary>
    public string Source { get; }

    /// <summary>The embedder actually used, e.g. "hashing-512".</summary>
    public string Embedder { get; }

    public ArchitectureSpec? Spec { get; }

    public IMemoryPipeline CreatePipeline() => _create();
}
