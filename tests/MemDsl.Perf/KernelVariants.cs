using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemDsl.Runtime;

namespace MemDsl.Perf;

/// <summary>
/// Where single-query top-k time goes: the same 1M-row scan as bare variants (a streaming sum, dot
/// loops of 4 and 8 rows without heap work, with prefetch) next to the real kernel, interleaved so
/// machine load hits them alike. Reports GB/s of matrix read per second of this thread's CPU time,
/// best of the rounds (single-threaded; the machine is shared).
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

        var variants = new (string Name, Func<float> Body)[]
        {
            ("stream TensorPrimitives.Sum", () => TensorPrimitives.Sum(matrix)),
            ("InnerProductTopK.Search", () => { InnerProductTopK.Search(matrix, ids, D, query, 10, results); return results[0].Score; }),
            ("Search batch 64 (GB/s x64)", () => { InnerProductTopK.Search(matrix, ids, D, queries, 10, batchResults); return batchResults[0].Score; }),
            ("Search batch 64, 1,200 rows (x64)", () => { var r = 0f; for (var p = 0; p < size / 1200; p++) { InnerProductTopK.Search(matrix.AsSpan(0, 1200 * D), ids.AsSpan(0, 1200), D, queries, 10, batchResults); r += batchResults[0].Score; } return r; }),
            ("Search batch 64, 120 rows (x64)", () => { var r = 0f; for (var p = 0; p < size / 120; p++) { InnerProductTopK.Search(matrix.AsSpan(0, 120 * D), ids.AsSpan(0, 120), D, queries, 10, batchResults); r += batchResults[0].Score; } return r; }),
            ("broadcast 16x6, full depth (x64)", () => Broadcast(matrix, packed, size, D)),
            ("broadcast 16x6, depth 128 (x64)", () => Broadcast(matrix, packed, size, 128)),
            ("broadcast 16x6, depth 64 (x64)", () => Broadcast(matrix, packed, size, 64)),
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
        var best = new double[variants.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
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
                best[v] = Math.Max(best[v], passes * (double)matrix.Length * 4 / (ThreadCpuSeconds() - startCpu) / 1e9);
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine($"{variants[v].Name,-32} {best[v],6:0.0} GB/s  {best[v] / best[0],5:0%}");
        }

        return 0;
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

    /// <summary>
    /// The batch kernel's 16-query × 6-row broadcast tile with no heap, over 120-row blocks, the
    /// element loop cut into pieces of <paramref name="depth"/> (partial sums kept in a block-sized
    /// buffer) so a group's slice of queries stays in L1 next to the rows.
    /// </summary>
    private static float Broadcast(float[] matrix, float[] packed, int size, int depth)
    {
        const int BlockRows = 120;
        var scores = new float[BlockRows * 16];
        var best = Vector256<float>.Zero;
        fixed (float* m = matrix)
        fixed (float* p = packed)
        fixed (float* s = scores)
        {
            for (var block = 0; block + BlockRows <= size; block += BlockRows)
            {
                for (var group = 0; group < 4; group++)
                {
                    var g = p + (group * 16 * D);
                    for (var from = 0; from < D; from += depth)
                    {
                        for (var row = 0; row < BlockRows; row += 6)
                        {
                            var r0 = m + (((long)block + row) * D) + from;
                            var o = s + (row * 16);
                            var first = from == 0;
                            var a00 = first ? Vector256<float>.Zero : Vector256.Load(o); var a01 = first ? Vector256<float>.Zero : Vector256.Load(o + 8);
                            var a10 = first ? Vector256<float>.Zero : Vector256.Load(o + 16); var a11 = first ? Vector256<float>.Zero : Vector256.Load(o + 24);
                            var a20 = first ? Vector256<float>.Zero : Vector256.Load(o + 32); var a21 = first ? Vector256<float>.Zero : Vector256.Load(o + 40);
                            var a30 = first ? Vector256<float>.Zero : Vector256.Load(o + 48); var a31 = first ? Vector256<float>.Zero : Vector256.Load(o + 56);
                            var a40 = first ? Vector256<float>.Zero : Vector256.Load(o + 64); var a41 = first ? Vector256<float>.Zero : Vector256.Load(o + 72);
                            var a50 = first ? Vector256<float>.Zero : Vector256.Load(o + 80); var a51 = first ? Vector256<float>.Zero : Vector256.Load(o + 88);
                            var q = g + (from * 16);
                            for (var i = 0; i < depth; i++, q += 16)
                            {
                                var y0 = Avx.LoadVector256(q);
                                var y1 = Avx.LoadVector256(q + 8);
                                var x = Avx.BroadcastScalarToVector256(r0 + i);
                                a00 = Fma.MultiplyAdd(x, y0, a00); a01 = Fma.MultiplyAdd(x, y1, a01);
                                x = Avx.BroadcastScalarToVector256(r0 + D + i);
                                a10 = Fma.MultiplyAdd(x, y0, a10); a11 = Fma.MultiplyAdd(x, y1, a11);
                                x = Avx.BroadcastScalarToVector256(r0 + (2 * D) + i);
                                a20 = Fma.MultiplyAdd(x, y0, a20); a21 = Fma.MultiplyAdd(x, y1, a21);
                                x = Avx.BroadcastScalarToVector256(r0 + (3 * D) + i);
                                a30 = Fma.MultiplyAdd(x, y0, a30); a31 = Fma.MultiplyAdd(x, y1, a31);
                                x = Avx.BroadcastScalarToVector256(r0 + (4 * D) + i);
                                a40 = Fma.MultiplyAdd(x, y0, a40); a41 = Fma.MultiplyAdd(x, y1, a41);
                                x = Avx.BroadcastScalarToVector256(r0 + (5 * D) + i);
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

    /// <summary>As <see cref="Broadcast"/> with a 32-query × 3-row tile: 4 query loads and 3 broadcasts per 12 FMAs.</summary>
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
