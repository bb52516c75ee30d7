using MemDsl.Onnx;
using Microsoft.Extensions.AI;

namespace MemDsl.Cli;

/// <summary>
/// One design's view of the shared <see cref="DiskCachingEmbeddingGenerator"/>: counts the cache hits and
/// misses of the calls made through it, so the output can say what each design cost. The runner runs one
/// design at a time, so the shared cache's counters move only for the design that is calling.
/// </summary>
internal sealed class CacheCountingEmbeddingGenerator(DiskCachingEmbeddingGenerator inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var hits = inner.Cache.Hits;
        var misses = inner.Cache.Misses;
        var result = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        Hits += inner.Cache.Hits - hits;
        Misses += inner.Cache.Misses - misses;
        return result;
    }

    // The shared generator outlives every design; BenchCommand disposes it.
    protected override void Dispose(bool disposing)
    {
    }
}
