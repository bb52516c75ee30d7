using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemDsl.Runtime;

namespace MemDsl.Perf;

/// <summary>
/// Where top-k time goes: the same 1M-row scan as bare variants next to the real kernel,
/// interleaved so machine load hits them alike. Single query: streaming sums, dot loops of 1, 2, 4
/// and 8 rows without heap work, with and without software prefetch. Batch 64 ("x64": GB/s × 64
/// queries): the FMA ceiling in registers, the broadcast tile with packed queries aligned or not,
/// depth-blocked, unrolled, and over one cached block with rows as stored or packed into panels.
/// Reports GB/s of matrix read per second of this thread's CPU time, best of the rounds, and the
/// median share of the streaming sum over windows taken just before and after each window
/// (single-threaded; the machine is shared).
/// </summary>
internal static unsafe class KernelVariants
{
    private const int D = 384;

    public static int Run(string[] args)
    {
        var size = Options.IntList(args, "--sizes", [1_000_000])[0];
        var rounds = Options.IntList(args, "--rounds", [5])[0];
        var random = new Random(42);
        var matrix = new float[(long)size * D];
        for (long i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (float)((random.NextDouble() * 2) - 1) * 0.05f;
        }

        var ids = new long[size];
        for (var i = 0; i < size; i++)
        {
            ids[i] = i;
        }

        var query = new float[D];
        for (var i = 0; i < D; i++)
        {
            query[i] = (float)((random.NextDouble() * 2) - 1) * 0.05f;
        }

        var results = new ScoredRow[10];
        var batchResults = new ScoredRow[640];
        var queries = new float[64 * D];
        for (var i = 0; i < queries.Length; i++)
        {
            queries[i] = (float)((random.NextDouble() * 2) - 1) * 0.05f;
        }

        // The 64 queries packed as the batch kernel packs them: groups of 16, element-major.
        var packed = new float[64 * D];
        for (var q = 0; q < 64; q++)
        {
            for (var i = 0; i < D; i++)
            {
                packed[(q / 16 * 16 * D) + (i * 16) + (q % 16)] = queries[(q * D) + i];
            }
        }

        // And in groups of 32 for the 32-query × 3-row tile.
        var packed32 = new float[64 * D];
        for (var q = 0; q < 64; q++)
        {
            for (var i = 0; i < D; i++)
            {
                packed32[(q / 32 * 32 * D) + (i * 32) + (q % 32)] = queries[(q * D) + i];
            }
        }

        // The same packed queries at a 64-byte boundary and 16 bytes past one (where a float[]'s
        // data usually starts), to see what a query load split across two cache lines costs.
        var aligned = (nint)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(packed.Length * sizeof(float)), 64);
        var misaligned = (nint)((float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)((packed.Length + 16) * sizeof(float)), 64) + 4);
        packed.AsSpan().CopyTo(new Span<float>((float*)aligned, packed.Length));
        packed.AsSpan().CopyTo(new Span<float>((float*)misaligned, packed.Length));

        // The single query on a 64-byte line, and room to read it 16 bytes past one.
        var alignedQuery = (nint)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)((D + 16) * sizeof(float)), 64);
        query.AsSpan().CopyTo(new Span<float>((float*)alignedQuery, D));
        query.AsSpan().CopyTo(new Span<float>((float*)alignedQuery + 4, D));

        var variants = new (string Name, Func<float> Body)[]
        {
            ("stream TensorPrimitives.Sum", () => TensorPrimitives.Sum(matrix)),
            ("prefetching sum (bench reference)", () => KernelBenchmark.PrefetchingSum(matrix)),
            ("fma peak, registers only (x64)", () => FmaPeak((long)size * D * 64 / 96)),
            ("int16 vpmaddwd peak, registers only (x64)", () => MultiplyAddAdjacentPeak((long)size * D * 64 / 192)),
            ("broadcast 16x6 aligned (x64)", () => BroadcastAt(matrix, (float*)aligned, size, D)),
            ("broadcast 16x6 misaligned (x64)", () => BroadcastAt(matrix, (float*)misaligned, size, D)),
            ("broadcast 16x6 aligned, depth 192 (x64)", () => BroadcastAt(matrix, (float*)aligned, size, 192)),
            ("broadcast 16x6 aligned, depth 128 (x64)", () => BroadcastAt(matrix, (float*)aligned, size, 128)),
            ("broadcast 16x6 aligned, depth 64 (x64)", () => BroadcastAt(matrix, (float*)aligned, size, 64)),
            ("broadcast 16x6 aligned, unroll 2 (x64)", () => BroadcastUnrolled(matrix, (float*)aligned, size)),
            ("16x6 one block, rows as stored (x64)", () => OneBlock(matrix, (float*)aligned, size, false)),
            ("16x6 one block, rows packed 6-wide (x64)", () => OneBlock(matrix, (float*)aligned, size, true)),
            ("16x6 one block, rows in 8-float chunks (x64)", () => OneBlockChunks(matrix, (float*)aligned, size)),
            ("dot 1 row + prefetch0 +16", () => Rows1Prefetch(matrix, query, size, 16)),
            ("dot 1 row + prefetch0 +32", () => Rows1Prefetch(matrix, query, size, 32)),
            ("dot 1 row + prefetch0 +8", () => Rows1Prefetch(matrix, query, size, 8)),
            ("dot 1 row, no prefetch", () => Rows1Prefetch(matrix, query, size, 0)),
            ("probe: 1 row, sum only", () => Rows1Probe(matrix, query, size, 0)),
            ("probe: 1 row, fma with a register query", () => Rows1Probe(matrix, query, size, 1)),
            ("probe: 1 row, 2 fma chains, register query", () => Rows1Probe(matrix, query, size, 2)),
            ("probe: 1 row, mul+add, loaded query", () => Rows1Probe(matrix, query, size, 3)),
            ("probe: 1 row, mul+add 2 chains, loaded query", () => Rows1Probe(matrix, query, size, 4)),
            ("dot 1 row, 2 accumulators (another order)", () => Rows1TwoChains(matrix, query, size)),
            ("probe: 1 row, add loaded query (no multiply)", () => Rows1Probe(matrix, query, size, 5)),
            ("dot 1 row x8, query on a 64-byte line", () => Rows1Unrolled(matrix, (float*)alignedQuery, size)),
            ("dot 1 row x8, query 16 bytes off a line", () => Rows1Unrolled(matrix, (float*)alignedQuery + 4, size)),
            ("dot 2 rows + prefetch0 +16", () => Rows2Prefetch(matrix, query, size, 16)),
            ("InnerProductTopK.Search", () => { InnerProductTopK.Search(matrix, ids, D, query, 10, results); return results[0].Score; }),
            ("Search batch 64 (GB/s x64)", () => { InnerProductTopK.Search(matrix, ids, D, queries, 10, batchResults); return batchResults[0].Score; }),
            ("Search batch 64, 1,200 rows (x64)", () => { var r = 0f; for (var p = 0; p < size / 1200; p++) { InnerProductTopK.Search(matrix.AsSpan(0, 1200 * D), ids.AsSpan(0, 1200), D, queries, 10, batchResults); r += batchResults[0].Score; } return r; }),
            ("Search batch 64, 120 rows (x64)", () => { var r = 0f; for (var p = 0; p < size / 120; p++) { InnerProductTopK.Search(matrix.AsSpan(0, 120 * D), ids.AsSpan(0, 120), D, queries, 10, batchResults); r += batchResults[0].Score; } return r; }),
            ("broadcast 32x3, full depth (x64)", () => Broadcast32x3(matrix, packed32, size, D)),
            ("broadcast 32x3, depth 128 (x64)", () => Broadcast32x3(matrix, packed32, size, 128)),
            ("dot 4 rows, no heap", () => Rows4(matrix, query, size)),
            ("dot 8 rows, no heap", () => Rows8(matrix, query, size)),
            ("dot 4 rows + prefetch0 +4", () => Rows4Prefetch(matrix, query, size, 4, 0)),
            ("dot 4 rows + prefetch0 +8", () => Rows4Prefetch(matrix, query, size, 8, 0)),
            ("dot 4 rows + prefetch0 +16", () => Rows4Prefetch(matrix, query, size, 16, 0)),
            ("dot 4 rows + prefetch0 +32", () => Rows4Prefetch(matrix, query, size, 32, 0)),
            ("dot 4 rows + prefetch1 +16", () => Rows4Prefetch(matrix, query, size, 16, 1)),
            ("dot 4 rows + prefetchnta +16", () => Rows4Prefetch(matrix, query, size, 16, 2)),
            ("TensorPrimitives.Dot per row", () => DotPerRow(matrix, query, size)),
        };
        // --match keeps the variants whose name contains it (the stream read, the reference, always stays).
        var match = Options.Text(args, "--match", string.Empty);
        variants = variants.Where((v, i) => i == 0 || v.Name.Contains(match, StringComparison.Ordinal)).ToArray();
        // Each variant's window sits between two windows of the streaming sum, and its share of
        // their mean is kept: the median of those shares is steady where best-of figures taken
        // at different moments are not (the memory's rate drifts by ±10 % over seconds here).
        var best = new double[variants.Length];
        var shares = new List<double>[variants.Length];
        for (var v = 0; v < variants.Length; v++)
        {
            shares[v] = [];
        }

        var streamBefore = Window(variants, 0, matrix.Length, best);
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 1; v < variants.Length; v++)
            {
                var rate = Window(variants, v, matrix.Length, best);
                var streamAfter = Window(variants, 0, matrix.Length, best);
                shares[v].Add(rate / ((streamBefore + streamAfter) / 2));
                streamBefore = streamAfter;
            }
        }

        Console.WriteLine($"{"variant",-48} {"best",9} {"of best",8} {"paired median",14}");
        for (var v = 0; v < variants.Length; v++)
        {
            var median = shares[v].Count == 0 ? 1 : KernelBenchmark.Median([.. shares[v]]);
            Console.WriteLine($"{variants[v].Name,-48} {best[v],6:0.0} GB/s {best[v] / best[0],7:0%} {median,14:0.000}");
        }

        return 0;
    }

    /// <summary>One window of at least 3 passes and 0.5 s of this thread's CPU time; returns GB/s and keeps the best in <paramref name="best"/>.</summary>
    private static double Window((string Name, Func<float> Body)[] variants, int v, long floats, double[] best)
    {
        var startCpu = ThreadCpuSeconds();
        var passes = 0;
        var sink = 0f;
        while (passes < 3 || ThreadCpuSeconds() - startCpu < 0.5)
        {
            sink += variants[v].Body();
            passes++;
        }

        GC.KeepAlive(sink);
        var rate = passes * (double)floats * 4 / (ThreadCpuSeconds() - startCpu) / 1e9;
        best[v] = Math.Max(best[v], rate);
        return rate;
    }

    // CPU time of this thread: the machine is shared, and wall time counts other processes' turns.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static double ThreadCpuSeconds()
    {
        _ = ClockGetTime(3, out var time); // CLOCK_THREAD_CPUTIME_ID
        return time.Seconds + (time.Nanoseconds / 1e9);
    }

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static float DotPerRow(float[] matrix, float[] query, int size)
    {
        var best = float.NegativeInfinity;
        for (var row = 0; row < size; row++)
        {
            var s = TensorPrimitives.Dot(query, matrix.AsSpan(row * D, D));
            if (s > best)
            {
                best = s;
            }
        }

        return best;
    }

    /// <summary>As <see cref="BroadcastAt"/> with a 32-query × 3-row tile: 4 query loads and 3 broadcasts per 12 FMAs.</summary>
    private static float Broadcast32x3(float[] matrix, float[] packed, int size, int depth)
    {
        const int BlockRows = 120;
        var scores = new float[BlockRows * 32];
        var best = Vector256<float>.Zero;
        fixed (float* m = matrix)
        fixed (float* p = packed)
        fixed (float* s = scores)
        {
            for (var block = 0; block + BlockRows <= size; block += BlockRows)
            {
                for (var group = 0; group < 2; group++)
                {
                    var g = p + (group * 32 * D);
                    for (var from = 0; from < D; from += depth)
                    {
                        for (var row = 0; row < BlockRows; row += 3)
                        {
                            var r0 = m + (((long)block + row) * D) + from;
                            var o = s + (row * 32);
                            var first = from == 0;
                            var a00 = first ? Vector256<float>.Zero : Vector256.Load(o); var a01 = first ? Vector256<float>.Zero : Vector256.Load(o + 8);
                            var a02 = first ? Vector256<float>.Zero : Vector256.Load(o + 16); var a03 = first ? Vector256<float>.Zero : Vector256.Load(o + 24);
                            var a10 = first ? Vector256<float>.Zero : Vector256.Load(o + 32); var a11 = first ? Vector256<float>.Zero : Vector256.Load(o + 40);
                            var a12 = first ? Vector256<float>.Zero : Vector256.Load(o + 48); var a13 = first ? Vector256<float>.Zero : Vector256.Load(o + 56);
                            var a20 = first ? Vector256<float>.Zero : Vector256.Load(o + 64); var a21 = first ? Vector256<float>.Zero : Vector256.Load(o + 72);
                            var a22 = first ? Vector256<float>.Zero : Vector256.Load(o + 80); var a23 = first ? Vector256<float>.Zero : Vector256.Load(o + 88);
                            var q = g + (from * 32);
                            for (var i = 0; i < depth; i++, q += 32)
                            {
                                var y0 = Avx.LoadVector256(q);
                                var y1 = Avx.LoadVector256(q + 8);
                                var y2 = Avx.LoadVector256(q + 16);
                                var y3 = Avx.LoadVector256(q + 24);
                                var x = Avx.BroadcastScalarToVector256(r0 + i);
                                a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01); a02 = Fma.MultiplyAdd(x, y2, a02); a03 = Fma.MultiplyAdd(x, y3, a03);
                                x = Avx.BroadcastScalarToVector256(r0 + D + i);
                                a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11); a12 = Fma.MultiplyAdd(x, y2, a12); a13 = Fma.MultiplyAdd(x, y3, a13);
                                x = Avx.BroadcastScalarToVector256(r0 + (2 * D) + i);
                                a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21); a22 = Fma.MultiplyAdd(x, y2, a22); a23 = Fma.MultiplyAdd(x, y3, a23);
                            }

                            a00.Store(o); a01.Store(o + 8); a02.Store(o + 16); a03.Store(o + 24);
                            a10.Store(o + 32); a11.Store(o + 40); a12.Store(o + 48); a13.Store(o + 56);
                            a20.Store(o + 64); a21.Store(o + 72); a22.Store(o + 80); a23.Store(o + 88);
                        }
                    }

                    best = Vector256.Max(best, Vector256.Load(s));
                }
            }
        }

        return Vector256.Sum(best);
    }

    /// <summary>12 independent FMA chains in registers: the core's FMA ceiling, <paramref name="iterations"/> × 12 vector FMAs.</summary>
    private static float FmaPeak(long iterations)
    {
        var x = Vector256.Create(0.999f);
        var y = Vector256.Create(1e-7f);
        var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.One; var a2 = Vector256<float>.Zero; var a3 = Vector256<float>.One;
        var a4 = Vector256<float>.Zero; var a5 = Vector256<float>.One; var a6 = Vector256<float>.Zero; var a7 = Vector256<float>.One;
        var a8 = Vector256<float>.Zero; var a9 = Vector256<float>.One; var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.One;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y); a2 = Fma.MultiplyAdd(a2, x, y);
            a3 = Fma.MultiplyAdd(a3, x, y); a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
            a6 = Fma.MultiplyAdd(a6, x, y); a7 = Fma.MultiplyAdd(a7, x, y); a8 = Fma.MultiplyAdd(a8, x, y);
            a9 = Fma.MultiplyAdd(a9, x, y); a10 = Fma.MultiplyAdd(a10, x, y); a11 = Fma.MultiplyAdd(a11, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>
    /// The int16 screen's ceiling: 12 vpmaddwd + vpaddd chains in registers (the 16-query × 6-row
    /// tile's shape without its loads), <paramref name="iterations"/> × 192 multiply-adds, reported
    /// like <see cref="FmaPeak"/> as if each were one float32 pair.
    /// </summary>
    private static float MultiplyAddAdjacentPeak(long iterations)
    {
        // Each chain multiplies its own accumulator, so nothing is loop-invariant (wrapping is harmless here).
        var y = Vector256.Create((short)3);
        var a0 = Vector256.Create(1); var a1 = Vector256.Create(2); var a2 = Vector256.Create(3); var a3 = Vector256.Create(4);
        var a4 = Vector256.Create(5); var a5 = Vector256.Create(6); var a6 = Vector256.Create(7); var a7 = Vector256.Create(8);
        var a8 = Vector256.Create(9); var a9 = Vector256.Create(10); var a10 = Vector256.Create(11); var a11 = Vector256.Create(12);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(a0.AsInt16(), y)); a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(a1.AsInt16(), y));
            a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(a2.AsInt16(), y)); a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(a3.AsInt16(), y));
            a4 = Avx2.Add(a4, Avx2.MultiplyAddAdjacent(a4.AsInt16(), y)); a5 = Avx2.Add(a5, Avx2.MultiplyAddAdjacent(a5.AsInt16(), y));
            a6 = Avx2.Add(a6, Avx2.MultiplyAddAdjacent(a6.AsInt16(), y)); a7 = Avx2.Add(a7, Avx2.MultiplyAddAdjacent(a7.AsInt16(), y));
            a8 = Avx2.Add(a8, Avx2.MultiplyAddAdjacent(a8.AsInt16(), y)); a9 = Avx2.Add(a9, Avx2.MultiplyAddAdjacent(a9.AsInt16(), y));
            a10 = Avx2.Add(a10, Avx2.MultiplyAddAdjacent(a10.AsInt16(), y)); a11 = Avx2.Add(a11, Avx2.MultiplyAddAdjacent(a11.AsInt16(), y));
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>
    /// The batch kernel's former 16-query × 6-row broadcast tile (rows as stored) with no heap, over
    /// 120-row blocks, over packed queries at <paramref name="p"/> (to compare alignments), the
    /// element loop cut into pieces of <paramref name="depth"/> (partial sums kept in a block-sized
    /// buffer) so a group's slice of queries stays in L1 next to the rows.
    /// </summary>
    private static float BroadcastAt(float[] matrix, float* p, int size, int depth)
    {
        const int BlockRows = 120;
        var scores = stackalloc float[BlockRows * 16];
        var best = Vector256<float>.Zero;
        fixed (float* m = matrix)
        {
            var s = scores;
            for (var block = 0; block + BlockRows <= size; block += BlockRows)
            {
                for (var group = 0; group < 4; group++)
                {
                    var g = p + (group * 16 * D);
                    for (var from = 0; from < D; from += depth)
                    {
                        var first = from == 0;
                        for (var row = 0; row < BlockRows; row += 6)
                        {
                            var r0 = m + (((long)block + row) * D) + from;
                            var o = s + (row * 16);
                            var a00 = first ? Vector256<float>.Zero : Vector256.Load(o); var a01 = first ? Vector256<float>.Zero : Vector256.Load(o + 8);
                            var a10 = first ? Vector256<float>.Zero : Vector256.Load(o + 16); var a11 = first ? Vector256<float>.Zero : Vector256.Load(o + 24);
                            var a20 = first ? Vector256<float>.Zero : Vector256.Load(o + 32); var a21 = first ? Vector256<float>.Zero : Vector256.Load(o + 40);
                            var a30 = first ? Vector256<float>.Zero : Vector256.Load(o + 48); var a31 = first ? Vector256<float>.Zero : Vector256.Load(o + 56);
                            var a40 = first ? Vector256<float>.Zero : Vector256.Load(o + 64); var a41 = first ? Vector256<float>.Zero : Vector256.Load(o + 72);
                            var a50 = first ? Vector256<float>.Zero : Vector256.Load(o + 80); var a51 = first ? Vector256<float>.Zero : Vector256.Load(o + 88);
                            var q = g + (from * 16);
                            var r1 = r0 + D; var r2 = r1 + D; var r3 = r2 + D; var r4 = r3 + D; var r5 = r4 + D;
                            for (var i = 0; i < depth; i++, q += 16)
                            {
                                var y0 = Avx.LoadVector256(q);
                                var y1 = Avx.LoadVector256(q + 8);
                                var x = Avx.BroadcastScalarToVector256(r0 + i);
                                a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                                x = Avx.BroadcastScalarToVector256(r1 + i);
                                a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                                x = Avx.BroadcastScalarToVector256(r2 + i);
                                a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                                x = Avx.BroadcastScalarToVector256(r3 + i);
                                a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                                x = Avx.BroadcastScalarToVector256(r4 + i);
                                a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                                x = Avx.BroadcastScalarToVector256(r5 + i);
                                a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                            }

                            a00.Store(o); a01.Store(o + 8); a10.Store(o + 16); a11.Store(o + 24);
                            a20.Store(o + 32); a21.Store(o + 40); a30.Store(o + 48); a31.Store(o + 56);
                            a40.Store(o + 64); a41.Store(o + 72); a50.Store(o + 80); a51.Store(o + 88);
                        }
                    }

                    best = Vector256.Max(best, Vector256.Load(s));
                }
            }
        }

        return Vector256.Sum(best);
    }

    /// <summary><see cref="BroadcastAt"/> at full depth with the element loop unrolled by 2.</summary>
    private static float BroadcastUnrolled(float[] matrix, float* p, int size)
    {
        const int BlockRows = 120;
        var best = Vector256<float>.Zero;
        fixed (float* m = matrix)
        {
            for (var block = 0; block + BlockRows <= size; block += BlockRows)
            {
                for (var group = 0; group < 4; group++)
                {
                    var g = p + (group * 16 * D);
                    for (var row = 0; row < BlockRows; row += 6)
                    {
                        var r0 = m + (((long)block + row) * D);
                        var r1 = r0 + D; var r2 = r1 + D; var r3 = r2 + D; var r4 = r3 + D; var r5 = r4 + D;
                        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
                        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
                        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
                        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
                        var a40 = Vector256<float>.Zero; var a41 = Vector256<float>.Zero;
                        var a50 = Vector256<float>.Zero; var a51 = Vector256<float>.Zero;
                        var q = g;
                        for (var i = 0; i < D; i += 2, q += 32)
                        {
                            var y0 = Avx.LoadVector256(q);
                            var y1 = Avx.LoadVector256(q + 8);
                            var x = Avx.BroadcastScalarToVector256(r0 + i);
                            a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                            x = Avx.BroadcastScalarToVector256(r1 + i);
                            a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                            x = Avx.BroadcastScalarToVector256(r2 + i);
                            a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                            x = Avx.BroadcastScalarToVector256(r3 + i);
                            a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                            x = Avx.BroadcastScalarToVector256(r4 + i);
                            a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                            x = Avx.BroadcastScalarToVector256(r5 + i);
                            a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                            y0 = Avx.LoadVector256(q + 16);
                            y1 = Avx.LoadVector256(q + 24);
                            x = Avx.BroadcastScalarToVector256(r0 + i + 1);
                            a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                            x = Avx.BroadcastScalarToVector256(r1 + i + 1);
                            a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                            x = Avx.BroadcastScalarToVector256(r2 + i + 1);
                            a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                            x = Avx.BroadcastScalarToVector256(r3 + i + 1);
                            a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                            x = Avx.BroadcastScalarToVector256(r4 + i + 1);
                            a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                            x = Avx.BroadcastScalarToVector256(r5 + i + 1);
                            a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                        }

                        best = Vector256.Max(best, Vector256.Max(Vector256.Max(Vector256.Max(a00, a01), Vector256.Max(a10, a11)), Vector256.Max(Vector256.Max(Vector256.Max(a20, a21), Vector256.Max(a30, a31)), Vector256.Max(Vector256.Max(a40, a41), Vector256.Max(a50, a51)))));
                    }
                }
            }
        }

        return Vector256.Sum(best);
    }

    /// <summary>
    /// The 16x6 tile over the first 120 rows again and again (all in cache), the rows either as
    /// stored (6 broadcasts from 6 lines 1536 bytes apart, the same offset in each) or packed once
    /// into 6-row panels, element-major (the 6 broadcasts of an element from 24 contiguous bytes).
    /// </summary>
    private static float OneBlock(float[] matrix, float* p, int size, bool packRows)
    {
        const int BlockRows = 120;
        var panels = stackalloc float[BlockRows * D];
        for (var t = 0; t < BlockRows / 6; t++)
        {
            for (var i = 0; i < D; i++)
            {
                for (var j = 0; j < 6; j++)
                {
                    panels[(t * 6 * D) + (i * 6) + j] = matrix[(((t * 6) + j) * D) + i];
                }
            }
        }

        var best = Vector256<float>.Zero;
        fixed (float* m = matrix)
        {
            for (var block = 0; block + BlockRows <= size; block += BlockRows)
            {
                for (var group = 0; group < 4; group++)
                {
                    var g = p + (group * 16 * D);
                    for (var row = 0; row < BlockRows; row += 6)
                    {
                        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
                        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
                        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
                        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
                        var a40 = Vector256<float>.Zero; var a41 = Vector256<float>.Zero;
                        var a50 = Vector256<float>.Zero; var a51 = Vector256<float>.Zero;
                        var q = g;
                        if (packRows)
                        {
                            var x0 = panels + (row * D);
                            for (var i = 0; i < D; i++, q += 16, x0 += 6)
                            {
                                var y0 = Avx.LoadVector256(q);
                                var y1 = Avx.LoadVector256(q + 8);
                                var x = Avx.BroadcastScalarToVector256(x0);
                                a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                                x = Avx.BroadcastScalarToVector256(x0 + 1);
                                a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                                x = Avx.BroadcastScalarToVector256(x0 + 2);
                                a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                                x = Avx.BroadcastScalarToVector256(x0 + 3);
                                a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                                x = Avx.BroadcastScalarToVector256(x0 + 4);
                                a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                                x = Avx.BroadcastScalarToVector256(x0 + 5);
                                a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                            }
                        }
                        else
                        {
                            var r0 = m + ((long)row * D);
                            var r1 = r0 + D; var r2 = r1 + D; var r3 = r2 + D; var r4 = r3 + D; var r5 = r4 + D;
                            for (var i = 0; i < D; i++, q += 16)
                            {
                                var y0 = Avx.LoadVector256(q);
                                var y1 = Avx.LoadVector256(q + 8);
                                var x = Avx.BroadcastScalarToVector256(r0 + i);
                                a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                                x = Avx.BroadcastScalarToVector256(r1 + i);
                                a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                                x = Avx.BroadcastScalarToVector256(r2 + i);
                                a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                                x = Avx.BroadcastScalarToVector256(r3 + i);
                                a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                                x = Avx.BroadcastScalarToVector256(r4 + i);
                                a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                                x = Avx.BroadcastScalarToVector256(r5 + i);
                                a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                            }
                        }

                        best = Vector256.Max(best, Vector256.Max(Vector256.Max(Vector256.Max(a00, a01), Vector256.Max(a10, a11)), Vector256.Max(Vector256.Max(Vector256.Max(a20, a21), Vector256.Max(a30, a31)), Vector256.Max(Vector256.Max(a40, a41), Vector256.Max(a50, a51)))));
                    }
                }
            }
        }

        return Vector256.Sum(best);
    }

    /// <summary>As <see cref="OneBlock"/> with a tile's 6 rows interleaved 8 floats at a time (a plain vector copy to pack).</summary>
    private static float OneBlockChunks(float[] matrix, float* p, int size)
    {
        const int BlockRows = 120;
        var panels = stackalloc float[BlockRows * D];
        for (var t = 0; t < BlockRows / 6; t++)
        {
            for (var c = 0; c < D / 8; c++)
            {
                for (var j = 0; j < 6; j++)
                {
                    for (var e = 0; e < 8; e++)
                    {
                        panels[(t * 6 * D) + (c * 48) + (j * 8) + e] = matrix[(((t * 6) + j) * D) + (c * 8) + e];
                    }
                }
            }
        }

        var best = Vector256<float>.Zero;
        for (var block = 0; block + BlockRows <= size; block += BlockRows)
        {
            for (var group = 0; group < 4; group++)
            {
                var g = p + (group * 16 * D);
                for (var row = 0; row < BlockRows; row += 6)
                {
                    var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
                    var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
                    var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
                    var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
                    var a40 = Vector256<float>.Zero; var a41 = Vector256<float>.Zero;
                    var a50 = Vector256<float>.Zero; var a51 = Vector256<float>.Zero;
                    var q = g;
                    var chunk = panels + (row * D);
                    for (var c = 0; c < D; c += 8, chunk += 48)
                    {
                        var x0 = chunk;
                        for (var e = 0; e < 8; e++, q += 16, x0++)
                        {
                            var y0 = Avx.LoadVector256(q);
                            var y1 = Avx.LoadVector256(q + 8);
                            var x = Avx.BroadcastScalarToVector256(x0);
                            a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                            x = Avx.BroadcastScalarToVector256(x0 + 8);
                            a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                            x = Avx.BroadcastScalarToVector256(x0 + 16);
                            a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                            x = Avx.BroadcastScalarToVector256(x0 + 24);
                            a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                            x = Avx.BroadcastScalarToVector256(x0 + 32);
                            a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                            x = Avx.BroadcastScalarToVector256(x0 + 40);
                            a50 = Fma.MultiplyAdd(x, y0, a50); a51 = Fma.MultiplyAdd(x, y1, a51);
                        }
                    }

                    best = Vector256.Max(best, Vector256.Max(Vector256.Max(Vector256.Max(a00, a01), Vector256.Max(a10, a11)), Vector256.Max(Vector256.Max(Vector256.Max(a20, a21), Vector256.Max(a30, a31)), Vector256.Max(Vector256.Max(a40, a41), Vector256.Max(a50, a51)))));
                }
            }
        }

        return Vector256.Sum(best);
    }

    /// <summary>One row at a time (one linear stream), one accumulator per row as the kernel sums, a line prefetched per 16 floats <paramref name="distance"/> rows ahead (0: none).</summary>
    /// <summary>
    /// The one-row scan with its arithmetic swapped, to find what holds it under the streaming sum:
    /// 0 adds the row with no query (two chains), 1 FMAs it with a query vector held in a register (one
    /// chain), 2 the same in two chains, 3 multiplies and adds with the query loaded (one chain), 4 the
    /// same in two chains. Quiet machine, 2026-11-26: 0 reads 96-106 % of the sum; 1-4 read 80-95 %,
    /// as the real loop does, so the gap is the multiply itself, not the query loads, chains or row structure.
    /// </summary>
    private static float Rows1Probe(float[] matrix, float[] query, int size, int mode)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            var qr = Vector256.Load(q);
            for (long row = 0; row < size; row++)
            {
                var r0 = m + (row * D);
                var a = Vector256<float>.Zero;
                var b = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 16)
                {
                    if (mode == 0)
                    {
                        a += Vector256.Load(r0 + i);
                        b += Vector256.Load(r0 + i + 8);
                    }
                    else if (mode == 1)
                    {
                        a = Vector256.FusedMultiplyAdd(qr, Vector256.Load(r0 + i), a);
                        a = Vector256.FusedMultiplyAdd(qr, Vector256.Load(r0 + i + 8), a);
                    }
                    else if (mode == 2)
                    {
                        a = Vector256.FusedMultiplyAdd(qr, Vector256.Load(r0 + i), a);
                        b = Vector256.FusedMultiplyAdd(qr, Vector256.Load(r0 + i + 8), b);
                    }
                    else if (mode == 5)
                    {
                        a += Vector256.Load(q + i) + Vector256.Load(r0 + i);
                        b += Vector256.Load(q + i + 8) + Vector256.Load(r0 + i + 8);
                    }
                    else if (mode == 3)
                    {
                        a += Vector256.Load(q + i) * Vector256.Load(r0 + i);
                        a += Vector256.Load(q + i + 8) * Vector256.Load(r0 + i + 8);
                    }
                    else
                    {
                        a += Vector256.Load(q + i) * Vector256.Load(r0 + i);
                        b += Vector256.Load(q + i + 8) * Vector256.Load(r0 + i + 8);
                    }
                }

                best = Vector256.Max(best, a + b);
            }

            return Vector256.Sum(best);
        }
    }

    private static float Rows1Prefetch(float[] matrix, float[] query, int size, int distance)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row < size; row++)
            {
                var r0 = m + (row * D);
                var ahead = (byte*)(r0 + (distance * D));
                var a = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 16)
                {
                    if (distance > 0)
                    {
                        Sse.Prefetch0(ahead + (i * 4));
                    }

                    a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i), Vector256.Load(r0 + i), a);
                    a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 8), Vector256.Load(r0 + i + 8), a);
                }

                best = Vector256.Max(best, a);
            }

            return Vector256.Sum(best);
        }
    }

    /// <summary>The search's single-query row loop (<see cref="InnerProductTopK.RowLanes"/>) over a query at <paramref name="q"/>, with no heap.</summary>
    private static float Rows1Unrolled(float[] matrix, float* q, int size)
    {
        fixed (float* m = matrix)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row < size; row++)
            {
                best = Vector256.Max(best, InnerProductTopK.RowLanes(q, m + (row * D), D));
            }

            return Vector256.Sum(best);
        }
    }

    /// <summary>
    /// One row at a time with two accumulators (even and odd vectors), so a row's FMAs form two
    /// dependent chains instead of one: not the kernel's summation order, only to see whether the
    /// chain holds the single-query scan under the streaming read.
    /// </summary>
    private static float Rows1TwoChains(float[] matrix, float[] query, int size)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row < size; row++)
            {
                var r0 = m + (row * D);
                var a = Vector256<float>.Zero;
                var b = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 16)
                {
                    a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i), Vector256.Load(r0 + i), a);
                    b = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 8), Vector256.Load(r0 + i + 8), b);
                }

                best = Vector256.Max(best, a + b);
            }

            return Vector256.Sum(best);
        }
    }

    /// <summary>Two rows at a time, one accumulator each, two lines prefetched per 16 floats.</summary>
    private static float Rows2Prefetch(float[] matrix, float[] query, int size, int distance)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row + 2 <= size; row += 2)
            {
                var r0 = m + (row * D);
                var ahead = (byte*)(r0 + (distance * D));
                var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 16)
                {
                    Sse.Prefetch0(ahead + (i * 8));
                    Sse.Prefetch0(ahead + (i * 8) + 64);
                    var y = Vector256.Load(q + i);
                    a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + i), a0);
                    a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + D + i), a1);
                    y = Vector256.Load(q + i + 8);
                    a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + i + 8), a0);
                    a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + D + i + 8), a1);
                }

                best = Vector256.Max(best, Vector256.Max(a0, a1));
            }

            return Vector256.Sum(best);
        }
    }

    private static float Rows4(float[] matrix, float[] query, int size)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row + 4 <= size; row += 4)
            {
                var r0 = m + (row * D);
                var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero; var a2 = Vector256<float>.Zero; var a3 = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 8)
                {
                    var y = Vector256.Load(q + i);
                    a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + i), a0);
                    a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + D + i), a1);
                    a2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (2 * D) + i), a2);
                    a3 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (3 * D) + i), a3);
                }

                best = Vector256.Max(best, Vector256.Max(Vector256.Max(a0, a1), Vector256.Max(a2, a3)));
            }

            return Vector256.Sum(best);
        }
    }

    private static float Rows4Prefetch(float[] matrix, float[] query, int size, int distance, int hint)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row + 4 <= size; row += 4)
            {
                var r0 = m + (row * D);
                var ahead = (byte*)(r0 + (distance * D));
                var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero; var a2 = Vector256<float>.Zero; var a3 = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 8)
                {
                    // 4 rows = 96 lines; 48 iterations: two lines per iteration.
                    if (hint == 0)
                    {
                        Sse.Prefetch0(ahead + (i * 16));
                        Sse.Prefetch0(ahead + (i * 16) + 64);
                    }
                    else if (hint == 1)
                    {
                        Sse.Prefetch1(ahead + (i * 16));
                        Sse.Prefetch1(ahead + (i * 16) + 64);
                    }
                    else
                    {
                        Sse.PrefetchNonTemporal(ahead + (i * 16));
                        Sse.PrefetchNonTemporal(ahead + (i * 16) + 64);
                    }
                    var y = Vector256.Load(q + i);
                    a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + i), a0);
                    a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + D + i), a1);
                    a2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (2 * D) + i), a2);
                    a3 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (3 * D) + i), a3);
                }

                best = Vector256.Max(best, Vector256.Max(Vector256.Max(a0, a1), Vector256.Max(a2, a3)));
            }

            return Vector256.Sum(best);
        }
    }

    private static float Rows8(float[] matrix, float[] query, int size)
    {
        fixed (float* m = matrix)
        fixed (float* q = query)
        {
            var best = Vector256<float>.Zero;
            for (long row = 0; row + 8 <= size; row += 8)
            {
                var r0 = m + (row * D);
                var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero; var a2 = Vector256<float>.Zero; var a3 = Vector256<float>.Zero;
                var a4 = Vector256<float>.Zero; var a5 = Vector256<float>.Zero; var a6 = Vector256<float>.Zero; var a7 = Vector256<float>.Zero;
                for (var i = 0; i < D; i += 8)
                {
                    var y = Vector256.Load(q + i);
                    a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + i), a0);
                    a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + D + i), a1);
                    a2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (2 * D) + i), a2);
                    a3 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (3 * D) + i), a3);
                    a4 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (4 * D) + i), a4);
                    a5 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (5 * D) + i), a5);
                    a6 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (6 * D) + i), a6);
                    a7 = Vector256.FusedMultiplyAdd(y, Vector256.Load(r0 + (7 * D) + i), a7);
                }

                best = Vector256.Max(best, Vector256.Max(Vector256.Max(Vector256.Max(a0, a1), Vector256.Max(a2, a3)), Vector256.Max(Vector256.Max(a4, a5), Vector256.Max(a6, a7))));
            }

            return Vector256.Sum(best);
        }
    }
}
