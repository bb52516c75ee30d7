using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MemDsl.Runtime;

/// <summary>
/// Deterministic feature-hashing embedder for tests and baselines (no model). Features are the
/// <see cref="TextTokenizer"/> tokens and adjacent-token bigrams (<c>"a b"</c>); each is hashed
/// with 64-bit FNV-1a over its UTF-16 code units, added with sign +1 or -1 (hash bit 63) at index
/// <c>hash % Dimensions</c>, and the sum is L2-normalized. Stable across runs and machines.
/// </summary>
public sealed class HashingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name reported in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "MemDsl.Hashing";

    internal const ulong FnvOffsetBasis = 14695981039346656037UL;
    internal const ulong FnvPrime = 1099511628211UL;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a hashing embedder.</summary>
    /// <param name="dimensions">Vector length, 1 to 65536.</param>
    public HashingEmbedder(int dimensions)
    {
        if (dimensions is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be between 1 and 65536.");
        }

        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, null, null, dimensions);
    }

    /// <summary>Vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Writes the normalized embedding of <paramref name="text"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Exactly <see cref="Dimensions"/> floats; overwritten.</param>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The destination must hold exactly {Dimensions} floats (it holds {destination.Length}).", nameof(destination));
        }

        destination.Clear();
        var dimensions = (ulong)Dimensions;
        var position = 0;
        var hasPrevious = false;
        ulong previous = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            var token = text.Slice(start, length);
            var unigram = HashLowered(FnvOffsetBasis, token);
            Add(destination, unigram, dimensions);
            if (hasPrevious)
            {
                // FNV-1a is sequential, so continuing the previous token's state over ' ' and this
                // token gives exactly the hash of the bigram string "previous token".
                var bigram = HashLowered(Step(previous, ' '), token);
                Add(destination, bigram, dimensions);
            }

            previous = unigram;
            hasPrevious = true;
        }

        var norm = TensorPrimitives.Norm(destination);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(destination, norm, destination);
        }
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="feature"/> (as given, not lower-cased).</summary>
    public static ulong HashFeature(ReadOnlySpan<char> feature)
    {
        var hash = FnvOffsetBasis;
        foreach (var c in feature)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vector = new float[Dimensions];
            Embed(value, vector);
            result.Add(new Embedding<float>(vector) { ModelId = ProviderName });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private static ulong Step(ulong hash, char c) => (hash ^ c) * FnvPrime;

    private static ulong HashLowered(ulong hash, ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            hash = Step(hash, char.ToLowerInvariant(c));
        }

        return hash;
    }

    private static void Add(Span<float> destination, ulong hash, ulong dimensions)
    {
        var index = (int)(hash % dimensions);
        destination[index] += (hash >> 63) == 0 ? 1f : -1f;
    }
}
