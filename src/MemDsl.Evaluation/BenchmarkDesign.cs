namespace MemDsl.Evaluation;

/// <summary>
/// A memory design to bench: a name, where it came from, how its embeddings are made, and a factory
/// for a fresh <see cref="IMemoryPipeline"/> per stream. Generated and interpreted pipelines are
/// measured the same way, through the interface. Disposing a design releases what its pipelines were
/// built from (a compiled candidate's collectible assembly); pipelines can no longer be created.
/// </summary>
public sealed class BenchmarkDesign : IDisposable
{
    private Func<IMemoryPipeline>? _create;
    private IDisposable? _owner;

    /// <param name="name">The design's name in reports.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="embedder">The embedder actually used.</param>
    /// <param name="create">Makes a fresh pipeline per stream.</param>
    /// <param name="spec">The declaration, when known.</param>
    /// <param name="owner">Disposed with the design: what <paramref name="create"/> depends on, e.g. the load context of a compiled candidate.</param>
    public BenchmarkDesign(string name, string source, string embedder, Func<IMemoryPipeline> create, ArchitectureSpec? spec = null, IDisposable? owner = null)
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
        _owner = owner;
    }

    public string Name { get; }

    /// <summary>"baseline", "sample QuickStart/QuickStartMemory.cs", "spec my.cs-attributes", ...</summary>
    public string Source { get; }

    /// <summary>The embedder actually used, e.g. "hashing-512".</summary>
    public string Embedder { get; }

    public ArchitectureSpec? Spec { get; }

    /// <exception cref="ObjectDisposedException">The design was disposed.</exception>
    public IMemoryPipeline CreatePipeline()
    {
        var create = _create;
        ObjectDisposedException.ThrowIf(create is null, this);
        return create();
    }

    /// <summary>
    /// Drops the pipeline factory (it may hold types of a collectible assembly) and disposes the owner.
    /// Pipelines already created must be released by their users too before a collectible assembly can unload.
    /// </summary>
    public void Dispose()
    {
        _create = null;
        Interlocked.Exchange(ref _owner, null)?.Dispose();
    }
}
