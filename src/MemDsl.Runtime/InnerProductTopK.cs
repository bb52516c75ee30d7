using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MemDsl.Runtime;

/// <summary>
/// Exact maximum-inner-product top-k over row-major float32 rows (structure of arrays), for one
/// query or a batch. Rows are visited in blocks that stay in L2 while every query tile passes over
/// them, so the matrix streams from memory once per batch, and the first tile of a block's pass
/// prefetches the next block. Batches of 8 or more screen each block in 16-bit integers with a
/// proven error bound and rescore only the rows that can reach a heap (see the batch path's notes),
/// batches of 4-7 run a 4-query × 3-row FMA tile, and a single query reads its rows one after
/// another (one linear stream). Every score the search returns is computed in the order of
/// <see cref="Dot"/>, so a query's hits and scores are bit-identical whichever path it takes. Each
/// query keeps a bounded heap; ties go to the lower id, so results do not depend on the thread
/// count or on row order.
/// </summary>
public static partial class InnerProductTopK
{
    // Rows per block come from a byte budget that stays in a 512 KiB L2 next to 64 queries
    // (96 KiB at d = 384): every 4-query tile then passes over the block from L2 while its own
    // queries stay in L1. (A 12-row block sized for L1 was evicted by the query stream itself.)
    private const int BlockBytes = 192 * 1024;

    // Below this many (row, query) pairs per thread the fork/join costs more than it saves: 16,384
    // rows for one query, 256 for a batch of 64 (whose rows cost 64 times the work each). Counting
    // rows alone ran a batch of 64 over 20,000 rows on one thread at "2 threads".
    private const int MinPairsPerThread = 16_384;

    // Queries per screen group: two Vector256 of accumulators per row.
    private const int GroupQueries = 16;

    // Rows per screen tile: 6 rows × 2 vectors = 12 accumulators, plus 2 query vectors and a
    // broadcast register, of the 16 AVX2 registers.
    private const int TileRows = 6;

    // From this batch on the 16-query screen wins over 4x3 dot tiles even with its padding.
    private const int MinScreenBatch = 8;

    /// <summary>
    /// Writes the best <c>min(k, rows)</c> rows for each query into <paramref name="results"/>
    /// (query after query, best first) and returns that per-query count.
    /// </summary>
    /// <param name="rows">Row-major matrix: rows × <paramref name="dimensions"/> floats.</param>
    /// <param name="rowIds">One id per row; ties in score go to the lower id.</param>
    /// <param name="dimensions">Row length, at least 1.</param>
    /// <param name="queries">Row-major queries: batch × <paramref name="dimensions"/> finite floats.</param>
    /// <param name="k">Results per query, at least 1.</param>
    /// <param name="results">At least batch × min(k, rows) entries.</param>
    /// <param name="degreeOfParallelism">Threads to use at most (1 = the calling thread only).</param>
    public static int Search(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, ReadOnlySpan<float> queries, int k, Span<ScoredRow> results, int degreeOfParallelism = 1)
    {
        var (rowCount, batch, kept) = CheckArguments(rows, rowIds, dimensions, queries, k, results);
        if (kept == 0 || batch == 0)
        {
            return 0;
        }

        var threads = (int)Math.Clamp(Math.Min(degreeOfParallelism, (long)rowCount * batch / MinPairsPerThread), 1, Environment.ProcessorCount);

        // Batches of MinScreenBatch queries or more take the integer screen over queries in
        // groups of 16; each thread's thresholds then span the padded batch, and the padding's
        // are +∞ so no padded lane ever enters a heap.
        var screened = batch >= MinScreenBatch && dimensions <= MaxQuantizedDimensions && Avx2.IsSupported && Fma.IsSupported;
        var stride = screened ? RoundUp(batch, GroupQueries) : batch;
        var heaps = ArrayPool<TopKHeap.Entry>.Shared.Rent(threads * batch * kept);
        var counts = ArrayPool<int>.Shared.Rent(threads * batch);
        var thresholds = ArrayPool<float>.Shared.Rent(threads * stride);
        var queryBuffer = ArrayPool<float>.Shared.Rent((batch * dimensions) + 16);
        var screenPairs = screened ? ArrayPool<int>.Shared.Rent(QuantizedQueries.PairInts(stride, dimensions)) : [];
        var screenConstants = screened ? ArrayPool<float>.Shared.Rent(QuantizedQueries.ConstantFloats(stride)) : [];
        try
        {
            Array.Clear(counts, 0, threads * batch);
            Array.Fill(thresholds, float.PositiveInfinity, 0, threads * stride);
            for (var thread = 0; thread < threads; thread++)
            {
                Array.Fill(thresholds, float.NegativeInfinity, thread * stride, batch);
            }

            unsafe
            {
                fixed (float* rowPointer = rows)
                fixed (float* queryBufferStart = queryBuffer)
                fixed (long* idPointer = rowIds)
                fixed (int* pairPointer = screenPairs)
                fixed (float* constantPointer = screenConstants)
                {
                    // The queries are copied to start on a 64-byte line, so no query load splits a
                    // line: the single-query scan is held by its loads, and the search read
                    // 0.86-0.88 of the streaming sum before this copy against 0.92-0.94 after
                    // (paired windows; see docs/bench.md).
                    var alignedQueries = AlignTo64(queryBufferStart);
                    queries.CopyTo(new Span<float>(alignedQueries, batch * dimensions));
                    var heapSet = new Heaps(heaps, counts, thresholds, batch, stride, kept);
                    IRowRangeScan scan;
                    if (screened)
                    {
                        var screen = new QuantizedQueries(pairPointer, constantPointer, stride);
                        screen.Fill(queries, batch, stride, dimensions);
                        scan = new QuantizedBatchScan((nint)rowPointer, (nint)idPointer, (nint)alignedQueries, screen, dimensions, heapSet);
                    }
                    else
                    {
                        scan = new Scan((nint)rowPointer, (nint)idPointer, (nint)alignedQueries, dimensions, heapSet);
                    }

                    RunSplit(scan, rowCount, threads);
                }
            }

            Merge(heaps, counts, threads, batch, kept, results);
            return kept;
        }
        finally
        {
            ArrayPool<TopKHeap.Entry>.Shared.Return(heaps);
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<float>.Shared.Return(thresholds);
            ArrayPool<float>.Shared.Return(queryBuffer);
            if (screened)
            {
                ArrayPool<int>.Shared.Return(screenPairs);
                ArrayPool<float>.Shared.Return(screenConstants);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// The argument checks every top-k kernel shares (this one and the ONNX Runtime ones), so their
    /// errors agree: throws <see cref="ArgumentException"/> naming the parameter, else returns the
    /// search's shape. A shape with no rows or no queries means there is nothing to search.
    /// </summary>
    public static TopKShape CheckArguments(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions, ReadOnlySpan<float> queries, int k, ReadOnlySpan<ScoredRow> results) =>
        CheckQueries(CheckRows(rows, rowIds, dimensions), dimensions, queries, k, results);

    /// <summary>The matrix half of <see cref="CheckArguments"/>: returns the row count.</summary>
    public static int CheckRows(ReadOnlySpan<float> rows, ReadOnlySpan<long> rowIds, int dimensions)
    {
        CheckDimensions(dimensions);
        if (rows.Length % dimensions != 0)
        {
            throw new ArgumentException($"The matrix length {rows.Length} is not a multiple of the dimension {dimensions}.", nameof(rows));
        }

        var rowCount = rows.Length / dimensions;
        if (rowIds.Length != rowCount)
        {
            throw new ArgumentException($"There must be one id per row: {rowCount} rows, {rowIds.Length} ids.", nameof(rowIds));
        }

        return rowCount;
    }

    /// <summary>
    /// The query half of <see cref="CheckArguments"/>, for a kernel that holds its <paramref name="rowCount"/>
    /// rows already: checks k, the queries and the result buffer, and returns the search's shape.
    /// </summary>
    public static TopKShape CheckQueries(int rowCount, int dimensions, ReadOnlySpan<float> queries, int k, ReadOnlySpan<ScoredRow> results)
    {
        CheckDimensions(dimensions);
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        }

        if (queries.Length % dimensions != 0)
        {
            throw new ArgumentException($"The queries' length {queries.Length} is not a multiple of the dimension {dimensions}: each query must have exactly {dimensions} elements.", nameof(queries));
        }

        for (var i = 0; i < queries.Length; i++)
        {
            if (!float.IsFinite(queries[i]))
            {
                throw new ArgumentException($"Query {i / dimensions} is not finite: element {i % dimensions} is {queries[i]}.", nameof(queries));
            }
        }

        var batch = queries.Length / dimensions;
        var kept = Math.Min(k, rowCount);
        if (kept > 0 && batch > 0 && results.Length < batch * kept)
        {
            throw new ArgumentException($"The result buffer must hold at least {batch * kept} entries ({batch} queries × {kept}); it holds {results.Length}.", nameof(results));
        }

        return new TopKShape(rowCount, batch, kept);
    }

    private static void CheckDimensions(int dimensions)
    {
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be at least 1.");
        }
    }

    /// <summary>Rows per block: a multiple of 12 (whole 4x3 and 1x4 tiles) within <see cref="BlockBytes"/>.</summary>
    private static int BlockRows(int dimensions) => Math.Clamp(BlockBytes / (dimensions * sizeof(float)) / 12 * 12, 12, 12 * 1024);

    private static void Merge(TopKHeap.Entry[] heaps, int[] counts, int threads, int batch, int kept, Span<ScoredRow> results)
    {
        for (var query = 0; query < batch; query++)
        {
            var first = heaps.AsSpan(query * kept, kept);
            var heap = new TopKHeap(first, counts[query]);
            for (var thread = 1; thread < threads; thread++)
            {
                var slot = (thread * batch) + query;
                var other = heaps.AsSpan(slot * kept, counts[slot]);
                foreach (var entry in other)
                {
                    heap.Offer(entry.Score, entry.Id, entry.Slot);
                }
            }

            heap.DrainTo(results.Slice(query * kept, kept));
        }
    }

    /// <summary>Runs <paramref name="scan"/> over rows 0 to <paramref name="rowCount"/>, one contiguous range per thread.</summary>
    internal static void RunSplit(IRowRangeScan scan, int rowCount, int threads)
    {
        if (threads == 1)
        {
            scan.Run(0, 0, rowCount);
            return;
        }

        var perThread = (rowCount + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            scan.Run(t, t * perThread, Math.Min(rowCount, (t + 1) * perThread)));
    }

    /// <summary>A scan that thread <c>thread</c> runs over rows <c>start</c> to <c>end</c>, keeping what it finds at its own offset.</summary>
    internal interface IRowRangeScan
    {
        void Run(int thread, int start, int end);
    }

    /// <summary>
    /// Every thread's bounded heaps, one per query: thread t's heap for query q is slot
    /// <c>t·batch + q</c> of <c>counts</c> (and of <c>heaps</c>, k entries each); its threshold is
    /// at <c>t·stride + q</c> (stride ≥ batch, so a group of queries' thresholds are contiguous).
    /// </summary>
    private sealed class Heaps(TopKHeap.Entry[] heaps, int[] counts, float[] thresholds, int batch, int stride, int kept)
    {
        public float[] Thresholds => thresholds;

        public int Batch => batch;

        public int Stride => stride;

        /// <summary>Offers a candidate to thread <paramref name="thread"/>'s heap for <paramref name="query"/>; almost every one loses to the threshold.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(int thread, int query, float score, long id, int row)
        {
            if (score >= thresholds[(thread * stride) + query])
            {
                Enter(thread, query, score, id, row);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Enter(int thread, int query, float score, long id, int row)
        {
            var slot = (thread * batch) + query;
            var heap = new TopKHeap(heaps.AsSpan(slot * kept, kept), counts[slot]);
            heap.Offer(score, id, row);
            counts[slot] = heap.Count;
            thresholds[(thread * stride) + query] = heap.Threshold;
        }
    }

    /// <summary>One dot-tile scan's shared state; each thread owns the heaps at its own offset.</summary>
    private sealed unsafe class Scan(nint rows, nint ids, nint queries, int dimensions, Heaps heapSet) : IRowRangeScan
    {
        public void Run(int thread, int start, int end)
        {
            var rowBase = (float*)rows;
            var queryBase = (float*)queries;
            var idBase = (long*)ids;
            var batch = heapSet.Batch;
            var thresholds = heapSet.Thresholds;
            var heapOffset = thread * heapSet.Stride;
            var d = dimensions;
            var blockRows = BlockRows(d);
            float* tile = stackalloc float[12];
            for (var blockStart = start; blockStart < end; blockStart += blockRows)
            {
                var blockEnd = Math.Min(end, blockStart + blockRows);

                // The first query tile reads the block from memory and prefetches the next block
                // (same offsets, one block on); the other tiles find it in L2 and prefetch nothing
                // (a prefetch takes a load slot, and the tile has few to spare).
                var query = 0;
                for (; query + 4 <= batch; query += 4)
                {
                    var q0 = queryBase + (query * d);
                    var row = blockStart;
                    for (; row + 3 <= blockEnd; row += 3)
                    {
                        var r0 = rowBase + ((long)row * d);
                        if (query == 0 && row + blockRows + 3 <= end)
                        {
                            Tile4x3<WithPrefetch>(q0, q0 + d, q0 + (2 * d), q0 + (3 * d), r0, r0 + d, r0 + (2 * d), d, (byte*)(r0 + ((long)blockRows * d)), tile);
                        }
                        else
                        {
                            Tile4x3<WithoutPrefetch>(q0, q0 + d, q0 + (2 * d), q0 + (3 * d), r0, r0 + d, r0 + (2 * d), d, null, tile);
                        }

                        // One vector compare against the lowest of the 4 thresholds rejects most tiles.
                        var h = heapOffset + query;
                        var floor = Vector128.Create(Math.Min(Math.Min(thresholds[h], thresholds[h + 1]), Math.Min(thresholds[h + 2], thresholds[h + 3])));
                        if ((Vector256.GreaterThanOrEqual(Vector256.Load(tile), Vector256.Create(floor, floor)).ExtractMostSignificantBits()
                            | Vector128.GreaterThanOrEqual(Vector128.Load(tile + 8), floor).ExtractMostSignificantBits()) != 0)
                        {
                            for (var q = 0; q < 4; q++)
                            {
                                heapSet.Offer(thread, query + q, tile[3 * q], idBase[row], row);
                                heapSet.Offer(thread, query + q, tile[(3 * q) + 1], idBase[row + 1], row + 1);
                                heapSet.Offer(thread, query + q, tile[(3 * q) + 2], idBase[row + 2], row + 2);
                            }
                        }
                    }

                    for (; row < blockEnd; row++)
                    {
                        var r0 = rowBase + ((long)row * d);
                        for (var q = 0; q < 4; q++)
                        {
                            heapSet.Offer(thread, query + q, Dot(q0 + (q * d), r0, d), idBase[row], row);
                        }
                    }
                }

                // Queries left over from the 4-query tiles (all of them for a single query) read
                // the rows one after another, four per heap check: one linear stream, which the
                // hardware prefetchers follow at the full streaming rate.
                for (; query < batch; query++)
                {
                    var q0 = queryBase + (query * d);
                    var row = blockStart;
                    for (; row + 4 <= blockEnd; row += 4)
                    {
                        var scores = Rows1x4(q0, rowBase + ((long)row * d), d);
                        if (Vector128.GreaterThanOrEqual(scores, Vector128.Create(thresholds[heapOffset + query])).ExtractMostSignificantBits() != 0)
                        {
                            for (var r = 0; r < 4; r++)
                            {
                                heapSet.Offer(thread, query, scores.GetElement(r), idBase[row + r], row + r);
                            }
                        }
                    }

                    for (; row < blockEnd; row++)
                    {
                        heapSet.Offer(thread, query, Dot(q0, rowBase + ((long)row * d), d), idBase[row], row);
                    }
                }
            }
        }

    }

    // Every path below accumulates one (query, row) pair in the same order — 8-wide FMA lanes in
    // ascending index, then the lane sum, then the scalar tail — so a pair scores bit-identically
    // whichever tile it lands in.
    /// <summary>
    /// Scores 4 queries against 3 consecutive rows and touches the 3 rows' worth of lines at
    /// <paramref name="ahead"/> (two prefetches every 8 floats, 48 bytes apart per 96 bytes of rows,
    /// so every 64-byte line of the 12·d bytes gets one).
    /// </summary>
    private static unsafe void Tile4x3<TPrefetch>(float* q0, float* q1, float* q2, float* q3, float* r0, float* r1, float* r2, int d, byte* ahead, float* scores)
        where TPrefetch : struct, IPrefetch
    {
        var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero; var a02 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero; var a12 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero; var a22 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero; var a32 = Vector256<float>.Zero;
        var i = 0;
        for (; i <= d - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            if (TPrefetch.Enabled)
            {
                Prefetch(ahead + (i * 12));
                Prefetch(ahead + (i * 12) + 48);
            }

            var x0 = Vector256.Load(r0 + i);
            var x1 = Vector256.Load(r1 + i);
            var x2 = Vector256.Load(r2 + i);
            var y = Vector256.Load(q0 + i);
            a00 = Vector256.FusedMultiplyAdd(y, x0, a00);
            a01 = Vector256.FusedMultiplyAdd(y, x1, a01);
            a02 = Vector256.FusedMultiplyAdd(y, x2, a02);
            y = Vector256.Load(q1 + i);
            a10 = Vector256.FusedMultiplyAdd(y, x0, a10);
            a11 = Vector256.FusedMultiplyAdd(y, x1, a11);
            a12 = Vector256.FusedMultiplyAdd(y, x2, a12);
            y = Vector256.Load(q2 + i);
            a20 = Vector256.FusedMultiplyAdd(y, x0, a20);
            a21 = Vector256.FusedMultiplyAdd(y, x1, a21);
            a22 = Vector256.FusedMultiplyAdd(y, x2, a22);
            y = Vector256.Load(q3 + i);
            a30 = Vector256.FusedMultiplyAdd(y, x0, a30);
            a31 = Vector256.FusedMultiplyAdd(y, x1, a31);
            a32 = Vector256.FusedMultiplyAdd(y, x2, a32);
        }

        // Lane sums eight and four at a time; the pairwise order equals Vector256.Sum's, so the bits do too.
        Vector256.Store(SumLanes(a00, a01, a02, a10, a11, a12, a20, a21), scores);
        SumLanes(a22, a30, a31, a32).Store(scores + 8);
        if (i < d)
        {
            var queries = stackalloc nint[] { (nint)q0, (nint)q1, (nint)q2, (nint)q3 };
            var rows = stackalloc nint[] { (nint)r0, (nint)r1, (nint)r2 };
            for (var q = 0; q < 4; q++)
            {
                for (var r = 0; r < 3; r++)
                {
                    scores[(3 * q) + r] = Tail(scores[(3 * q) + r], (float*)queries[q], (float*)rows[r], i, d);
                }
            }
        }
    }

    /// <summary>The first 64-byte line boundary at or after <paramref name="pointer"/> (callers rent 64 bytes more than they use for it).</summary>
    internal static unsafe T* AlignTo64<T>(T* pointer)
        where T : unmanaged => (T*)(((nint)pointer + 63) & ~(nint)63);

    /// <summary>
    /// Scores one query against 4 consecutive rows, reading them one after another (one linear
    /// stream: interleaving the 4 rows, with or without software prefetch, stayed 10-20 % under it).
    /// </summary>
    private static unsafe Vector128<float> Rows1x4(float* q, float* r0, int d)
    {
        var a0 = RowLanes(q, r0, d);
        var a1 = RowLanes(q, r0 + d, d);
        var a2 = RowLanes(q, r0 + (2 * d), d);
        var a3 = RowLanes(q, r0 + (3 * d), d);
        var sums = SumLanes(a0, a1, a2, a3);
        var i = d & ~(Vector256<float>.Count - 1);
        return i == d ? sums : Vector128.Create(
            Tail(sums.GetElement(0), q, r0, i, d),
            Tail(sums.GetElement(1), q, r0 + d, i, d),
            Tail(sums.GetElement(2), q, r0 + (2 * d), i, d),
            Tail(sums.GetElement(3), q, r0 + (3 * d), i, d));
    }

    /// <summary>
    /// The 8 FMA lanes of one pair over the whole vectors of <paramref name="d"/> (the order <see cref="Dot"/> sums in),
    /// eight vectors per step: the single-query scan is held by how far ahead the core's loads reach,
    /// and fewer loop instructions per row byte let them reach further (0.90 of the streaming read against 0.87 for two per step).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector256<float> RowLanes(float* q, float* r, int d)
    {
        var a = Vector256<float>.Zero;
        var i = 0;
        for (; i <= d - (8 * Vector256<float>.Count); i += 8 * Vector256<float>.Count)
        {
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i), Vector256.Load(r + i), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 8), Vector256.Load(r + i + 8), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 16), Vector256.Load(r + i + 16), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 24), Vector256.Load(r + i + 24), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 32), Vector256.Load(r + i + 32), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 40), Vector256.Load(r + i + 40), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 48), Vector256.Load(r + i + 48), a);
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i + 56), Vector256.Load(r + i + 56), a);
        }

        for (; i <= d - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i), Vector256.Load(r + i), a);
        }

        return a;
    }

    /// <summary>One pair, in the order every tile uses (the int8 search rescores with it, so its exact scores equal this kernel's).</summary>
    internal static unsafe float Dot(float* q, float* r, int d)
    {
        var a = Vector256<float>.Zero;
        var i = 0;
        for (; i <= d - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            a = Vector256.FusedMultiplyAdd(Vector256.Load(q + i), Vector256.Load(r + i), a);
        }

        return Tail(Vector256.Sum(a), q, r, i, d);
    }

    /// <summary>
    /// Element j of the result is the sum of the lanes of the j-th argument, added pairwise as
    /// ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)) — the order of <see cref="Vector256.Sum{T}(Vector256{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumLanes(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7)
    {
        if (Avx.IsSupported)
        {
            // hadd pairs adjacent lanes within each 128-bit half; two rounds leave each half's
            // (l0 + l1) + (l2 + l3), and one cross-half add finishes.
            var h01 = Avx.HorizontalAdd(a0, a1);
            var h23 = Avx.HorizontalAdd(a2, a3);
            var h45 = Avx.HorizontalAdd(a4, a5);
            var h67 = Avx.HorizontalAdd(a6, a7);
            var h0123 = Avx.HorizontalAdd(h01, h23);
            var h4567 = Avx.HorizontalAdd(h45, h67);
            var low = Avx.Permute2x128(h0123, h4567, 0x20);
            var high = Avx.Permute2x128(h0123, h4567, 0x31);
            return Avx.Add(low, high);
        }

        return Vector256.Create(Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3), Vector256.Sum(a4), Vector256.Sum(a5), Vector256.Sum(a6), Vector256.Sum(a7));
    }

    /// <summary>The four-argument form of <see cref="SumLanes(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumLanes(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        if (Avx.IsSupported)
        {
            var h0123 = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
            return Sse.Add(h0123.GetLower(), h0123.GetUpper());
        }

        return Vector128.Create(Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
    }

    /// <summary>Compiles a tile with or without its prefetches (the JIT specializes each struct).</summary>
    private interface IPrefetch
    {
        static abstract bool Enabled { get; }
    }

    private struct WithPrefetch : IPrefetch
    {
        public static bool Enabled => true;
    }

    private struct WithoutPrefetch : IPrefetch
    {
        public static bool Enabled => false;
    }

    /// <summary>A hint, never a fault: x86 prefetches ignore addresses they cannot load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(byte* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    /// <summary>A prefetch into L2 (not L1, where the batch kernel's queries and current rows live).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchL2(byte* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch1(address);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Tail(float sum, float* q, float* r, int from, int d)
    {
        for (var i = from; i < d; i++)
        {
            sum = MathF.FusedMultiplyAdd(q[i], r[i], sum);
        }

        return sum;
    }
}
