using System.Diagnostics;
using MemDsl.Abstractions;
using MemDsl.Runtime;

namespace MemDsl.Perf;

/// <summary>
/// What the context stage adds to a query: cosine top-k (the baseline, same run) against
/// <see cref="ContextBuilder"/> alone on those hits, with neighbours, chronological order and a budget,
/// on a store of turns in sessions of 20; the ratio is the stage's cost as a fraction of retrieval. Prints time and managed allocation per query, and the
/// one-time cost of building the per-session index on the first neighbour lookup.
/// </summary>
internal static class ContextBenchmark
{
    private const int Dimensions = 384;
    private const int SessionLength = 20;

    public static int Run(string[] args)
    {
        var sizes = Options.IntList(args, "--sizes", [10_000, 100_000]);
        var k = Options.IntList(args, "--k", [10])[0];
        var seconds = Options.Double(args, "--seconds", 1.0);
        Console.WriteLine($"cosine top-{k}, {Dimensions}-d, sessions of {SessionLength} turns, 1 thread, {seconds:0.#} s per cell");
        Console.WriteLine("|    records | stage                                     | µs / query | of top-k | bytes / query |");
        Console.WriteLine("| ---------: | ----------------------------------------- | ---------: | -------: | ------------: |");
        var around = new long[2];
        foreach (var size in sizes)
        {
            var store = Fill(size);
            var queries = Vectors(64, seed: 7);
            var retriever = new CosineRetriever(k);

            var build = Stopwatch.StartNew();
            store.FindSessionNeighbours(0, 1, around);
            build.Stop();

            var (baseline, baselineBytes) = MeasureRetrieval(store, retriever, queries, seconds);
            Row(size, "cosine top-k alone (baseline)", baseline, 1, baselineBytes);
            var hitSets = new MemoryHit[queries.Length][];
            for (var i = 0; i < queries.Length; i++)
            {
                hitSets[i] = retriever.Retrieve(store, queries[i]);
            }

            foreach (var (name, builder) in new[]
            {
                ("context: Ranked, Neighbours = 1", new ContextBuilder(ContextKind.Ranked, 1, 0)),
                ("context: Chronological, Neighbours = 2", new ContextBuilder(ContextKind.Chronological, 2, 0)),
                ("context: Chronological, N = 2, budget 200", new ContextBuilder(ContextKind.Chronological, 2, 200)),
            })
            {
                var (micros, bytes) = MeasureContext(store, builder, hitSets, seconds);
                Row(size, name, micros, micros / baseline, bytes);
            }

            Console.WriteLine($"|            | per-session index, built once: {build.Elapsed.TotalMilliseconds:0.0} ms for {size:N0} records | | | |");
        }

        return 0;
    }

    private static void Row(int size, string name, double micros, double ratio, double bytes) =>
        Console.WriteLine($"| {size,10:N0} | {name,-41} | {micros,10:0.00} | {ratio,8:0.000} | {bytes,13:0} |");

    private static (double Micros, double Bytes) MeasureRetrieval(MemoryStore store, CosineRetriever retriever, float[][] queries, double seconds)
    {
        retriever.Retrieve(store, queries[0]); // warm up
        var count = 0;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            retriever.Retrieve(store, queries[count % queries.Length]);
            count++;
        }

        clock.Stop();
        return (clock.Elapsed.TotalMicroseconds / count, (double)(GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / count);
    }

    /// <summary>The context stage alone on precomputed hits (copied into a reused array, since Chronological sorts in place).</summary>
    private static (double Micros, double Bytes) MeasureContext(MemoryStore store, ContextBuilder builder, MemoryHit[][] hitSets, double seconds)
    {
        var scratch = new MemoryHit[hitSets[0].Length];
        builder.Build(store, (MemoryHit[])hitSets[0].Clone()); // warm up
        var count = 0;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            hitSets[count % hitSets.Length].CopyTo(scratch, 0);
            builder.Build(store, scratch);
            count++;
        }

        clock.Stop();
        return (clock.Elapsed.TotalMicroseconds / count, (double)(GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / count);
    }

    private static MemoryStore Fill(int size)
    {
        var store = new MemoryStore(Dimensions, indexText: false);
        var vectors = Vectors(size, seed: 42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < size; i++)
        {
            var key = "t" + i;
            var session = "s" + (i / SessionLength);
            store.Upsert(new EncodedRecord(key, "Speaker: turn number " + i + " of the conversation, about something.", start.AddMinutes(i), session, [key]), vectors[i]);
        }

        return store;
    }

    private static float[][] Vectors(int count, int seed)
    {
        var random = new Random(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                v[d] = (float)((random.NextDouble() * 2) - 1);
            }

            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(v, v));
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            result[i] = v;
        }

        return result;
    }
}
