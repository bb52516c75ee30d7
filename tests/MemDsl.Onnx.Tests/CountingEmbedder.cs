using Microsoft.Extensions.AI;

namespace MemDsl.Onnx.Tests;

/// <summary>A cheap deterministic embedder that counts the texts it was asked to embed.</summary>
internal sealed class CountingEmbedder(int dimensions = 8) : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _embedded;

    public int Embedded => Volatile.Read(ref _embedded);

    public static float[] VectorOf(string text, int dimensions)
    {
        var vector = new float[dimensions];
        var hash = (uint)StringComparer.Ordinal.GetHashCode(text);
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = ((text.Length * 31) + i + (hash % 997)) / 1000f;
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            Interlocked.Increment(ref _embedded);
            result.Add(new Embedding<float>(VectorOf(value, dimensions)));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
