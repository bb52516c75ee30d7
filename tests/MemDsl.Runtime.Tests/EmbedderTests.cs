using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MemDsl.Runtime.Tests;

public sealed class EmbedderTests
{
    private static float[] Embed(HashingEmbedder embedder, string text)
    {
        var vector = new float[embedder.Dimensions];
        embedder.Embed(text, vector);
        return vector;
    }

    [Fact]
    public void Hashes_are_pinned_to_fnv1a_values_computed_independently()
    {
        // 64-bit FNV-1a over UTF-16 code units, computed in Python.
        Assert.Equal(11831194018420276491UL, HashingEmbedder.HashFeature("hello"));
        Assert.Equal(5717881983045765875UL, HashingEmbedder.HashFeature("world"));
        Assert.Equal(8618312879776256743UL, HashingEmbedder.HashFeature("hello world"));

        // hello -> 267 (bit 63 set: -1), world -> 755 (+1), "hello world" -> 743 (+1); normalized by sqrt(3).
        var vector = Embed(new HashingEmbedder(1024), "Hello, World");
        var expected = new float[1024];
        expected[267] = -1f / MathF.Sqrt(3);
        expected[755] = 1f / MathF.Sqrt(3);
        expected[743] = 1f / MathF.Sqrt(3);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], vector[i], 6);
        }
    }

    [Fact]
    public void Embeddings_are_deterministic_normalized_and_similar_for_similar_texts()
    {
        var embedder = new HashingEmbedder(256);
        var a = Embed(embedder, "the cat sat on the mat near the door");
        var b = Embed(embedder, "The cat sat on a mat near the door.");
        var c = Embed(embedder, "quarterly revenue grew strongly in europe");
        Assert.Equal(a, Embed(new HashingEmbedder(256), "the cat sat on the mat near the door"));
        Assert.Equal(1f, TensorPrimitives.Norm(a), 5);
        Assert.Equal(1f, TensorPrimitives.Norm(c), 5);
        Assert.True(TensorPrimitives.Dot(a, b) > 0.6f);
        Assert.True(TensorPrimitives.Dot(a, b) > TensorPrimitives.Dot(a, c) + 0.4f);
        Assert.All(Embed(embedder, " ,.! "), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Embed_checks_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbedder(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbedder(65537));
        var error = Assert.Throws<ArgumentException>(() => new HashingEmbedder(8).Embed("x", new float[7]));
        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public async Task Generator_interface_batches_embed_and_reports_metadata()
    {
        using var embedder = new HashingEmbedder(64);
        IEmbeddingGenerator<string, Embedding<float>> generator = embedder;
        var result = await generator.GenerateAsync(["alpha beta", "gamma"]);
        Assert.Equal(2, result.Count);
        Assert.Equal(Embed(embedder, "alpha beta"), result[0].Vector.ToArray());
        Assert.Equal(Embed(embedder, "gamma"), result[1].Vector.ToArray());
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("MemDsl.Hashing", metadata?.ProviderName);
        Assert.Equal(64, metadata?.DefaultModelDimensions);
        Assert.Same(embedder, generator.GetService<HashingEmbedder>());
        Assert.Null(generator.GetService<string>());
    }

    [Fact]
    public async Task External_embedder_normalizes_and_checks_the_dimension()
    {
        var external = new ExternalEmbedder(new FixedGenerator([3f, 4f]), 2);
        var vector = await external.EmbedAsync("x", CancellationToken.None);
        Assert.Equal([0.6f, 0.8f], vector);

        var wrong = new ExternalEmbedder(new FixedGenerator([1f, 2f, 3f]), 2);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.EmbedAsync("x", CancellationToken.None).AsTask());
        Assert.Contains("3", error.Message);
        Assert.Contains("expected 2", error.Message);
    }

    internal sealed class FixedGenerator(float[] vector) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var _ in values)
            {
                result.Add(new Embedding<float>((float[])vector.Clone()));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
