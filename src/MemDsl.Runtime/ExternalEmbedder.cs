using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MemDsl.Runtime;

/// <summary>
/// Adapts an external <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (e.g. MiniLM from DI):
/// checks the dimension and returns L2-normalized copies, so stored dot products are cosines.
/// </summary>
public sealed class ExternalEmbedder
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

    /// <summary>Wraps <paramref name="generator"/>, which must produce <paramref name="dimensions"/>-long vectors.</summary>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="dimensions">Expected vector length, at least 1.</param>
    public ExternalEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be at least 1.");
        }

        _generator = generator;
        Dimensions = dimensions;
    }

    /// <summary>Expected vector length.</summary>
    public int Dimensions { get; }

    /// <summary>The wrapped generator.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator => _generator;

    /// <summary>Embeds one text; the result is a new, L2-normalized array (a zero vector stays zero).</summary>
    /// <exception cref="InvalidOperationException">The generator returned no vector or a vector of another dimension.</exception>
    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var embeddings = await _generator.GenerateAsync([text], null, cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != 1)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for one text (expected 1).");
        }

        var source = embeddings[0].Vector.Span;
        if (source.Length != Dimensions)
        {
            throw new InvalidOperationException($"The embedding generator returned a vector of dimension {source.Length}; expected {Dimensions}.");
        }

        var copy = source.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0f && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }
}
