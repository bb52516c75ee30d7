using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MemDsl.Runtime;

/// <summary>
/// Approximate-then-exact maximum-inner-product top-k: scans an <see cref="Int8Rows"/> copy of the
/// matrix (a quarter of the bytes of <see cref="InnerProductTopK"/>'s scan) for the best
/// <c>candidates</c> rows, then rescores those on the float32 rows with the exact kernel's dot
/// product. The results are the exact top-k whenever the true top-k are among the candidates, and
/// their scores are then bit-identical to <see cref="InnerProductTopK.Search"/>'s. Ties go to the
/// lower id in both stages.
/// </summary>
public static class Int8InnerProductTopK
{
    /// <summary>Candidates rescored per result when the caller does not say: 4k.</summary>
    public const int DefaultCandidatesPerResult = 4;

    // Below this many rows per thread the fork/join costs more than it saves. At 65,536, 100,000
    // rows ran on one thread whatever the caller asked: 305 q/s at "2 threads", against 557 when split.
    private const int MinRowsPerThread = 32_768;

    // Rows prefetched ahead of the scan: the next tile (1.5 KiB at d = 384). Measured on a 2-core
    // EPYC VM against the streaming read: 4 rows ahead read at 0.86 of it, 8 rows 0.81, 16 rows (the
    // old distance) 0.80, 64 rows 0.65, and none 0.74.
    private const int PrefetchRows = 4;

    /// <summary>
    /// Writes the best <c>min(k, rows)</c> rows for each query into <paramref name="results"/>
    /// (query after query, best first) and returns that per-query count.
    /// </summary>
    /// <param name="quantized">The int8 copy of <paramref name="rows"/> (<see cref="Int8Rows.Quantize"/>).</param>
    /// <param name="rows">The float32 rows the copy was made from, for the exact rescoring.</param>
    /// <param name="rowIds">One id per row; ties in score go to the lower id.</param>
    /// <param name="dimensions">Row length, at least 1.</param>
    /// <param name="queries">Row-major queries: batch × <paramref name="dimensions"/> finite floats, each searched on its own.</param>
    /// <param name="k">Results per query, at least 1.</param>
    /// <param name="results">At least batch × min(k, rows) entries.</param>
    /// <param name="candidates">Rows rescored exactly per query (0 = <see cref="DefaultCandidatesPerResult"/> × k; fewer than k means k). More trades speed for recall.</param>
    /// <param name="degreeOfParallelism">Threads to use at most (1 = the calling thread only).</param>
    public static int Search(Int8Rows quantized, ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, ReadOnlySpan<float> queries, int k, Span<ScoredRow> results, int candidates = 0, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        var (rowCount, batch, kept) = InnerProductTopK.CheckArguments(rows, rowIds, dimensions, queries, k, results);
        if (quantized.RowCount != rowCount || quantized.Dimensions != dimensions)
        {
            throw new ArgumentException($"The quantized copy has {quantized.RowCount} rows of {quantized.Dimensions}; the matrix has {rowCount} of {dimensions}. Quantize the matrix it is searched with.", nameof(quantized));
        }

        if (candidates < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(candidates), candidates, "candidates must not be negative (0 means 4k; fewer than k means k).");
        }

        if (kept == 0 || batch == 0)
        {
            return 0;
        }

        var pool = Math.Min(rowCount, Math.Max(kept, candidates == 0 ? DefaultCandidatesPerResult * k : candidates));
        var threads = Math.Clamp(Math.Min(degreeOfParallelism, rowCount / MinRowsPerThread), 1, Environment.ProcessorCount);
        var stride = quantized.Stride;
        // Per-thread candidate heaps, then the merged pool, then the k exact results.
        var heaps = ArrayPool<TopKHeap.Entry>.Shared.Rent(((threads + 1) * pool) + kept);
        var counts = new int[threads];
        // The quantized query's two halves (|q'| and q') each start on a 64-byte line: the
        // scan loads both every 32 bytes of row, and a load split across two lines costs it read rate.
        var alignedStride = (stride + 63) & ~63;
        var queryBytes = ArrayPool<byte>.Shared.Rent((2 * alignedStride) + 64);
        try
        {
            unsafe
            {
                fixed (sbyte* rowPointer = quantized.Values)
                fixed (byte* queryStart = queryBytes)
                fixed (long* idPointer = rowIds)
                {
                    var absolutePointer = InnerProductTopK.AlignTo64(queryStart);
                    var signPointer = (sbyte*)(absolutePointer + alignedStride);
                    for (var query = 0; query < batch; query++)
                    {
                        var vector = queries.Slice(query * dimensions, dimensions);
                        QuantizeQuery(vector, quantized.Scales, new Span<byte>(absolutePointer, stride), new Span<sbyte>(signPointer, stride));
                        Array.Clear(counts);
                        InnerProductTopK.RunSplit(new Scan((nint)rowPointer, stride, (nint)absolutePointer, (nint)signPointer, (nint)idPointer, pool, heaps, counts), rowCount, threads);

                        Rescore(heaps, counts, pool, kept, rows, dimensions, vector, results.Slice(query * kept, kept));
                    }
                }
            }

            return kept;
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heaps);
            ArrayPool<byte>.Shared.Return(queryBytes);
        }
    }

    /// <summary>
    /// q'_j = q_j × scale_j folds the rows' per-dimension scales into the query, which is then
    /// quantized with one scale of its own (a positive constant, so it does not change the order).
    /// The kernel multiplies |q'| (unsigned) by the row's bytes with q's sign applied, the form
    /// AVX2's byte multiply-add takes: 2 × 127 × 127 fits its 16-bit sums without saturating.
    /// </summary>
    private static void QuantizeQuery(ReadOnlySpan<float> query, float[] scales, Span<byte> absolute, Span<sbyte> signs)
    {
        var largest = 0f;
        for (var j = 0; j < query.Length; j++)
        {
            largest = Math.Max(largest, Math.Abs(query[j] * scales[j]));
        }

        var inverse = largest > 0 ? 127f / largest : 0f;
        absolute.Clear();
        signs.Clear();
        for (var j = 0; j < query.Length; j++)
        {
            var value = (int)Math.Clamp(MathF.Round(query[j] * scales[j] * inverse), -127f, 127f);
            absolute[j] = (byte)Math.Abs(value);
            signs[j] = (sbyte)value;
        }
    }

    /// <summary>
    /// Merges the threads' candidates into the best <paramref name="pool"/> by quantized score (the
    /// same set a single thread finds, so results do not depend on the thread count), then keeps
    /// the best k of those by the exact float32 score.
    /// </summary>
    private static unsafe void Rescore(TopKHeap.Entry[] heaps, int[] counts, int pool, int kept, ReadOnlySpan<float> rows, int dimensions, ReadOnlySpan<float> query, Span<ScoredRow> destination)
    {
        var threads = counts.Length;
        var merged = new TopKHeap(heaps.AsSpan(threads * pool, pool));
        for (var thread = 0; thread < threads; thread++)
        {
            foreach (var candidate in heaps.AsSpan(thread * pool, counts[thread]))
            {
                merged.Offer(candidate.Score, candidate.Id, candidate.Slot);
            }
        }

        var best = new TopKHeap(heaps.AsSpan((threads + 1) * pool, kept));
        fixed (float* rowPointer = rows)
        fixed (float* queryPointer = query)
        {
            foreach (var candidate in heaps.AsSpan(threads * pool, merged.Count))
            {
                var exact = InnerProductTopK.Dot(queryPointer, rowPointer + ((long)candidate.Slot * dimensions), dimensions);
                best.Offer(exact, candidate.Id, candidate.Slot);
            }
        }

        best.DrainTo(destination);
    }

    /// <summary>One query's scan; each thread owns the candidate heap at its own offset.</summary>
    private sealed unsafe class Scan(nint rows, int stride, nint absolute, nint signs, nint ids, int pool, TopKHeap.Entry[] heaps, int[] counts) : InnerProductTopK.IRowRangeScan
    {
        public void Run(int thread, int start, int end)
        {
            var rowBase = (sbyte*)rows;
            var idBase = (long*)ids;
            var heap = new TopKHeap(heaps.AsSpan(thread * pool, pool));
            var threshold = float.NegativeInfinity;
            var row = start;
            if (Avx2.IsSupported)
            {
                var lastPrefetch = end - 4 - PrefetchRows;
                for (; row + 4 <= end; row += 4)
                {
                    var r0 = rowBase + ((long)row * stride);
                    var ahead = row <= lastPrefetch ? r0 + (PrefetchRows * stride) : r0;
                    var scores = Avx.ConvertToVector128Single(Tile4(r0, stride, (byte*)absolute, (sbyte*)signs, (byte*)ahead));
                    if (Vector128.GreaterThanOrEqual(scores, Vector128.Create(threshold)).ExtractMostSignificantBits() != 0)
                    {
                        for (var r = 0; r < 4; r++)
                        {
                            heap.Offer(scores.GetElement(r), idBase[row + r], row + r);
                        }

                        threshold = heap.Threshold;
                    }
                }
            }

            for (; row < end; row++)
            {
                heap.Offer(Scalar(rowBase + ((long)row * stride), stride, (byte*)absolute, (sbyte*)signs), idBase[row], row);
            }

            counts[thread] = heap.Count;
        }
    }

    /// <summary>Integer dot products of the quantized query with 4 consecutive rows; prefetches the 4 rows at <paramref name="ahead"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<int> Tile4(sbyte* r0, int stride, byte* absolute, sbyte* signs, byte* ahead)
    {
        var ones = Vector256.Create((short)1);
        var a0 = Vector256<int>.Zero; var a1 = Vector256<int>.Zero;
        var a2 = Vector256<int>.Zero; var a3 = Vector256<int>.Zero;
        var r1 = r0 + stride; var r2 = r1 + stride; var r3 = r2 + stride;
        for (var i = 0; i < stride; i += 32)
        {
            // 4 rows × 32 bytes = two lines per step.
            Sse.Prefetch0(ahead + (i * 4));
            Sse.Prefetch0(ahead + (i * 4) + 64);
            var magnitude = Vector256.Load(absolute + i);
            var sign = Vector256.Load(signs + i);
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.Load(r0 + i), sign)), ones));
            a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.Load(r1 + i), sign)), ones));
            a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.Load(r2 + i), sign)), ones));
            a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.Load(r3 + i), sign)), ones));
        }

        // Integer sums are exact in any order: two rounds of pairwise adds, then the halves.
        var h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        return Sse2.Add(h.GetLower(), h.GetUpper());
    }

    private static unsafe float Scalar(sbyte* row, int stride, byte* absolute, sbyte* signs)
    {
        var sum = 0;
        for (var i = 0; i < stride; i++)
        {
            sum += row[i] * signs[i];
        }

        return sum;
    }
}
