using Microsoft.Extensions.AI;

namespace MemDsl.Onnx;

/// <summary>
/// Wraps an embedding generator with an <see cref="EmbeddingCache"/>: texts found in the cache are not
/// embedded; the others are embedded once per call (duplicates within a call included), appended to the
/// cache and returned in input order. Before embedding, the cache is refreshed, so texts another process
/// cached meanwhile are not embedded again. Owns the cache (disposes it) and the inner generator.
/// </summary>
public sealed class DiskCachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string _modelId;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="innerGenerator">The generator whose vectors are cached; its output must be what the cache's embedder id and model hash describe.</param>
    /// <param name="cache">The cache.</param>
    public DiskCachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, EmbeddingCache cache)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(cache);
        Cache = cache;
        _modelId = innerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? string.Empty;
    }

    /// <summary>The cache.</summary>
    public EmbeddingCache Cache { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = new float[Cache.Dimensions];
            if (Cache.TryGetUncounted(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(values)), vector))
            {
                vectors[i] = vector;
            }
            else
            {
                missing.Add(i);
            }
        }

        var misses = 0;
        if (missing.Count > 0)
        {
            Cache.Refresh();
            var firstByText = new Dictionary<string, int>(StringComparer.Ordinal);
            var toEmbed = new List<string>();
            foreach (var i in missing)
            {
                var vector = new float[Cache.Dimensions];
                if (Cache.TryGetUncounted(texts[i], vector))
                {
                    vectors[i] = vector;
                }
                else if (firstByText.TryAdd(texts[i], toEmbed.Count))
                {
                    toEmbed.Add(texts[i]);
                }
            }

            misses = toEmbed.Count;
            if (toEmbed.Count > 0)
            {
                var embedded = await base.GenerateAsync(toEmbed, options, cancellationToken).ConfigureAwait(false);
                if (embedded.Count != toEmbed.Count)
                {
                    throw new InvalidOperationException($"The inner generator returned {embedded.Count} embeddings for {toEmbed.Count} texts.");
                }

                var fresh = new ReadOnlyMemory<float>[toEmbed.Count];
                for (var j = 0; j < fresh.Length; j++)
                {
                    fresh[j] = embedded[j].Vector;
                }

                Cache.AddRange(toEmbed, fresh);
                foreach (var i in missing)
                {
                    if (vectors[i] is null)
                    {
                        vectors[i] = fresh[firstByText[texts[i]]].ToArray();
                    }
                }
            }
        }

        Cache.CountLookups(texts.Count - misses, misses);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _modelId });
        }

        return result;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Cache.Dispose();
        }

        base.Dispose(disposing);
    }
}
