using MemDsl.Model;
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

    [Fact]
    public async Task An_int8_store_finds_what_the_float32_store_finds_through_the_pipeline()
    {
        // The same declaration twice, once with Quantization = Int8, fed every LoCoMo dev turn and
        // asked every question: the int8 store's hits must be the float32 store's (recall@10 ≥ 0.99),
        // and a hit both find carries the same exact score.
        const string Declaration = "[MemoryArchitecture(\"minilm-cosine\")] [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)] [Embed(EmbedderKind.MiniLM)] [Store(StoreKind.Vector{0})] [Retrieve(RetrieveKind.Cosine, TopK = 10)]";
        var dataset = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev).Dataset;
        using var generator = OpenCachedEmbedder(out var embedder);
        using var _ = embedder;
        var options = new InterpretedPipelineOptions { EmbeddingGenerator = generator };
        var exactSpec = AttributeText.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Declaration, string.Empty));
        var quantizedSpec = AttributeText.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Declaration, ", Quantization = QuantizationKind.Int8"));

        var found = 0;
        var expected = 0;
        foreach (var stream in dataset.Streams)
        {
            // One conversation per pair of pipelines, as the benchmark runs them.
            using var exact = InterpretedPipeline.Create(exactSpec, options);
            using var quantized = InterpretedPipeline.Create(quantizedSpec, options);
            foreach (var item in stream.Events)
            {
                if (item is WriteEvent write)
                {
                    await exact.WriteAsync(write.Turn);
                    await quantized.WriteAsync(write.Turn);
                }
                else if (item is QueryEvent query)
                {
                    var question = new MemoryQuery(query.Query.Text, query.Query.AsOf);
                    var exactHits = await exact.QueryAsync(question);
                    var quantizedHits = await quantized.QueryAsync(question);
                    expected += exactHits.Count;
                    foreach (var hit in quantizedHits)
                    {
                        var match = exactHits.FirstOrDefault(e => e.Record.Id == hit.Record.Id);
                        if (match.Record is not null)
                        {
                            Assert.Equal(match.Score, hit.Score);
                            found++;
                        }
                    }
                }
            }

            Assert.Equal(exact.Count, quantized.Count);
        }

        var recall = (double)found / expected;
        output.WriteLine($"pipeline int8 store recall@10 vs float32 store on LoCoMo dev: {recall:0.0000} ({found} of {expected} hits)");
        Assert.True(recall >= 0.99, $"recall@10 {recall:0.0000}");
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

    // A cache of this test class's own under the temp folder: the first run on a machine embeds
    // (about 2,700 texts), later runs read every vector back.
    private static DiskCachingEmbeddingGenerator OpenCachedEmbedder(out MiniLMEmbedder embedder)
    {
        var directory = Path.Combine(Path.GetTempPath(), "memdsl-tests", "embeddings");
        Directory.CreateDirectory(directory);
        embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu });
        return new DiskCachingEmbeddingGenerator(embedder, EmbeddingCache.Open(directory, embedder.EmbedderId, MiniLMEmbedder.ModelSha256, MiniLMEmbedder.Dimensions));
    }

    private static async Task<float[]> EmbedAsync(List<string> texts)
    {
        using var generator = OpenCachedEmbedder(out var embedder);
        using var _ = embedder;
        var embeddings = await generator.GenerateAsync(texts);
        var matrix = new float[texts.Count * MiniLMEmbedder.Dimensions];
        for (var i = 0; i < texts.Count; i++)
        {
            embeddings[i].Vector.Span.CopyTo(matrix.AsSpan(i * MiniLMEmbedder.Dimensions));
        }

        return matrix;
    }
}
