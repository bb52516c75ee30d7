using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MemDsl.Onnx.Tests;

[Collection(ModelCollection.Name)]
public sealed class EmbeddingEquivalenceTests(ModelFixture model)
{
    [Fact]
    public async Task Vectors_match_the_package_encode_on_varied_sentences()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var sentences = Sentences.Generate(300, seed: 11);
        Assert.Contains(sentences, s => s.Length == 0);

        // The package pads a whole call to its longest text; give it small calls so the test stays fast.
        var expected = new List<float[]>();
        foreach (var chunk in sentences.Chunk(8))
        {
            expected.AddRange(model.Reference.Encode(chunk));
        }

        var actual = await model.Ours.GenerateAsync(sentences);
        Assert.Equal(sentences.Count, actual.Count);
        var worst = 1.0;
        var worstText = string.Empty;
        for (var i = 0; i < sentences.Count; i++)
        {
            var vector = actual[i].Vector.Span;
            Assert.Equal(MiniLMEmbedder.Dimensions, vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-4f);
            var cosine = TensorPrimitives.CosineSimilarity(vector, expected[i]);
            if (cosine < worst)
            {
                worst = cosine;
                worstText = sentences[i];
            }
        }

        Assert.True(worst >= 0.9999, $"Worst cosine {worst} for \"{worstText}\".");
        Assert.Equal(MiniLMEmbedder.ModelId, actual[0].ModelId);
        Assert.True(actual.Usage?.InputTokenCount > sentences.Count);
    }

    [Fact]
    public async Task Results_come_back_in_input_order_whatever_the_batching()
    {
        var sentences = Sentences.Generate(40, seed: 3, includeLong: false);
        var whole = await model.Ours.GenerateAsync(sentences);
        using var oneByOne = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu, MaxBatchSize = 1, IntraOpThreads = 1 });
        var single = await oneByOne.GenerateAsync(sentences);
        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(whole[i].Vector.Span, single[i].Vector.Span) >= 0.99999f, $"Sentence {i} differs.");
        }
    }

    [Fact]
    public async Task An_empty_call_returns_no_embeddings()
    {
        var result = await model.Ours.GenerateAsync(Array.Empty<string>());
        Assert.Empty(result);
    }

    [Fact]
    public void Metadata_names_provider_model_and_dimensions()
    {
        var metadata = model.Ours.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(MiniLMEmbedder.ProviderName, metadata.ProviderName);
        Assert.Equal(MiniLMEmbedder.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Same(model.Ours, model.Ours.GetService<MiniLMEmbedder>());
        Assert.Equal(64, MiniLMEmbedder.ModelSha256.Length);
        Assert.Contains("max-tokens-512", model.Ours.EmbedderId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.Ours.GenerateAsync(["a", "b"], cancellationToken: source.Token));
    }
}
