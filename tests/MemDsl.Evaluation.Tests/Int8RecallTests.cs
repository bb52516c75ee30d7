using MemDsl.Onnx;
using MemDsl.Runtime;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace MemDsl.Evaluation.Tests;

/// <summary>
/// The int8 search against the exact float32 search on what it will hold in use: all-MiniLM-L6-v2
/// vectors of real text, every LoCoMo dev turn as a row and every scored question as a query.
/// The vectors come through the on-disk embedding cache, so only the first run embeds.
/// </summary>
public sealed class Int8RecallTests(ITestOutputHelper output)
{
    private const int K = 10;

    [Fact]
    public async Task Recall_at_10_against_exact_search_on_MiniLM_vectors_of_LoCoMo_is_at_least_0_99()
    {
        var dataset = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev).Dataset;
        var turns = new List<string>();
        var questions = new List<string>();
        foreach (var stream in dataset.Streams)
        {
            foreach (var item in stream.Events)
            {
                if (item is WriteEvent write)
                {
                    turns.Add(write.Turn.Speaker + ": " + write.Turn.Text);
                }
                else if (item is QueryEvent query)
                {
                    questions.Add(query.Query.Text);
                }
            }
        }

        Assert.Equal(2080, turns.Count);
        Assert.Equal(581, questions.Count);

        var d = MiniLMEmbedder.Dimensions;
        var rows = await EmbedAsync(turns);
        var queries = await EmbedAsync(questions);
        var ids = new long[turns.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }

        var exact = new ScoredRow[questions.Count * K];
        InnerProductTopK.Search(rows, ids, d, queries, K, exact);
        var quantized = Int8Rows.Quantize(rows, d);
        var approximate = new ScoredRow[questions.Count * K];
        Int8InnerProductTopK.Search(quantized, rows, ids, d, queries, K, approximate);
        var withoutRescoringRoom = new ScoredRow[questions.Count * K];
        Int8InnerProductTopK.Search(quantized, rows, ids, d, queries, K, withoutRescoringRoom, candidates: K);

        var recall = RecallAt10(exact, approximate, questions.Count);
        var recallWithoutRoom = RecallAt10(exact, withoutRescoringRoom, questions.Count);
        output.WriteLine($"int8 recall@10 vs exact, {turns.Count} rows, {questions.Count} queries: {recall:0.0000} with 4k candidates, {recallWithoutRoom:0.0000} with k");
        Assert.True(recall >= 0.99, $"recall@10 {recall:0.0000} with 4k candidates");
    }

    private static double RecallAt10(ScoredRow[] exact, ScoredRow[] approximate, int queries)
    {
        var found = 0;
        for (var query = 0; query < queries; query++)
        {
            var expected = new HashSet<long>();
            foreach (var hit in exact.AsSpan(query * K, K))
            {
                expected.Add(hit.Id);
            }

            foreach (var hit in approximate.AsSpan(query * K, K))
            {
                found += expected.Contains(hit.Id) ? 1 : 0;
            }
        }

        return (double)found / (queries * K);
    }

    private static async Task<float[]> EmbedAsync(List<string> texts)
    {
        // A cache of this test's own under the temp folder: the first run on a machine embeds
        // (about 2,700 texts), later runs read every vector back.
        var directory = Path.Combine(Path.GetTempPath(), "memdsl-tests", "embeddings");
        Directory.CreateDirectory(directory);
        using var embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu });
        using var generator = new DiskCachingEmbeddingGenerator(embedder, EmbeddingCache.Open(directory, embedder.EmbedderId, MiniLMEmbedder.ModelSha256, MiniLMEmbedder.Dimensions));
        var embeddings = await generator.GenerateAsync(texts);
        var matrix = new float[texts.Count * MiniLMEmbedder.Dimensions];
        for (var i = 0; i < texts.Count; i++)
        {
            embeddings[i].Vector.Span.CopyTo(matrix.AsSpan(i * MiniLMEmbedder.Dimensions));
        }

        return matrix;
    }
}
