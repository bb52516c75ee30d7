using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MemDsl.Runtime;

/// <summary>
/// The batch path of <see cref="InnerProductTopK"/>: an exact search whose screening pass runs on
/// 16-bit integers. On AVX2, <c>vpmaddwd</c> multiplies and pairs 16 int16 products per
/// instruction, about 1.6 times the multiply-adds per cycle of float32 FMAs (78 against 50 GMAC/s
/// in registers on the 2-core EPYC this was tuned on, <c>kernel-variants --match peak</c>), and a
/// batch of queries is bound by exactly that.
/// <para>
/// Each block of rows is quantized as it arrives (every row in steps of about
/// <c>‖x‖ / 30,000</c>), the queries once per call. A pair's integer score gives an approximation
/// <c>a</c> of its float32 score <c>f</c> and a proven bound. With <c>x̃ = s_x·x̂</c> and
/// <c>q̃ = s_q·q̂</c> the dequantized vectors, <c>e = x − x̃</c> and <c>e_q = q − q̃</c>:
/// <c>f ≤ x·q + γ‖x‖‖q‖</c> (the rounding of <see cref="Dot"/>'s FMAs; the code takes
/// γ = (d + 64)·2⁻²³, far more than its chains of about d/8 + 10 roundings need) and
/// <c>x·q ≤ x̃·q̃ + ‖x‖‖e_q‖ + ‖e‖(‖q‖ + ‖e_q‖)</c> (Cauchy-Schwarz), with
/// <c>‖e‖ ≤ s_x·(½ + 2⁻⁶)·√d</c>. So <c>f ≤ a + ‖x‖·A_q + s_x·B_q</c>, each term widened for the
/// float arithmetic that evaluates it. A row whose bound is not below a query's heap threshold is
/// a candidate and is rescored with <see cref="Dot"/> on its float32 row, still in L2. Every row of
/// the true top-k passes (a threshold is never above the final k-th score), so the results are
/// exact, and their scores are bit-identical to the single-query path's.
/// </para>
/// <para>
/// On unit vectors the bound is about 6·10⁻⁴, so only rows that close to a threshold are rescored.
/// A row or query whose norm lies outside [2⁻⁴⁰, 2⁴⁰] or is not finite (a nonzero row whose float
/// norm underflows to 0 included) gets a NaN bound, which no threshold rejects: it is rescored
/// outright, still exact, only slower.
/// </para>
/// </summary>
public static partial class InnerProductTopK
{
    // Integer steps per unit of norm. A row may reuse the previous row's step while its norm is
    // at most MaxNormGrowth times that row's, so |x̂ᵢ| ≤ 30,000 × 1.03 × (1 + 2⁻⁸) + 1 < 2¹⁵:
    // values fit int16 unsaturated, one vpmaddwd lane's two products stay under 2³¹
    // (2 × 31,030² ≈ 1.93·10⁹), and so does a whole score (|x̂·q̂| ≤ ‖x̂‖‖q̂‖).
    private const float QuantizedNorm = 30_000f;

    // A row keeps the step of the row before it when its norm is within these factors of that
    // row's, which saves it a second pass: embeddings share one norm, so almost every row does.
    private const float MaxNormGrowth = 1.03f;
    private const float MinNormShrink = 0.5f;

    // The bound's own arithmetic: norms are float sums of squares (relative error well under 2⁻⁸
    // for d ≤ 65,536), so every term is widened by this factor.
    private const float BoundMargin = 1f + (1f / 64);

    // A row element's rounding, in steps: ½ from rounding to nearest, plus the float rounding of
    // x·(1/step) at up to 31,030 steps and of the step against its inverse (a few ulps of 2¹⁵).
    private const double ElementError = 0.5 + (1.0 / 64);

    // Below 2⁻⁴⁰ a norm's steps would push products toward float underflow, above 2⁴⁰ toward
    // overflow; such rows and queries are rescored outright (their bound is NaN).
    private const float MinQuantizedNorm = 1f / (1L << 40);
    private const float MaxQuantizedNorm = 1L << 40;

    // Covers the absolute (underflow) error of a float32 score, which no relative term bounds.
    private const float BoundFloor = 1f / (1L << 50) / (1L << 50);

    // Beyond this dimension γ_d outgrows BoundMargin: such batches use the FMA dot tiles.
    private const int MaxQuantizedDimensions = 65_536;

    /// <summary>
    /// The queries in the screen's layout: groups of 16, and within a group, for each pair of
    /// elements (2p, 2p + 1), 16 int32 lanes (one per query) holding that pair as two int16, so
    /// one vpmaddwd against a row's broadcast pair yields 16 queries' partial sums in two vectors.
    /// Per query: <c>Steps</c> (s_q), <c>NormBounds</c> (A_q) and <c>StepBounds</c> (B_q); lanes
    /// past the batch are zero.
    /// </summary>
    private readonly unsafe struct QuantizedQueries(int* pairs, float* constants, int stride)
    {
        public int* Pairs { get; } = pairs;

        public float* Steps { get; } = constants;

        public float* NormBounds { get; } = constants + stride;

        public float* StepBounds { get; } = constants + (2 * stride);

        public static int PairsPerRow(int dimensions) => (dimensions + 1) / 2;

        /// <summary>The ints <see cref="Pairs"/> spans for a padded batch of <paramref name="stride"/> queries.</summary>
        public static int PairInts(int stride, int dimensions) => stride * PairsPerRow(dimensions);

        /// <summary>The floats of the three per-query constants.</summary>
        public static int ConstantFloats(int stride) => 3 * stride;

        /// <summary>
        /// Quantizes <paramref name="queries"/> (finite, <paramref name="batch"/> × <paramref name="dimensions"/>)
        /// into this layout, in double: it runs once per call.
        /// </summary>
        public void Fill(ReadOnlySpan<float> queries, int batch, int stride, int dimensions)
        {
            var pairs = PairsPerRow(dimensions);
            new Span<int>(Pairs, PairInts(stride, dimensions)).Clear();
            new Span<float>(Steps, ConstantFloats(stride)).Clear();
            var rowError = ElementError * Math.Sqrt(dimensions);
            var gamma = (dimensions + 64) * Math.ScaleB(1.0, -23);
            var halves = (short*)Pairs;
            for (var query = 0; query < batch; query++)
            {
                var q = queries.Slice(query * dimensions, dimensions);
                var norm = Norm(q);
                if (norm == 0)
                {
                    continue; // q̂ = 0 and bounds of 0 (plus the floor): every score is ±0
                }

                if (!(norm >= MinQuantizedNorm && norm <= MaxQuantizedNorm))
                {
                    Steps[query] = NormBounds[query] = StepBounds[query] = float.NaN;
                    continue;
                }

                var step = (double)(float)(norm / QuantizedNorm); // the float step the bound multiplies by
                var lane = query % GroupQueries;
                var group = halves + (2L * (query / GroupQueries) * GroupQueries * pairs);
                var error = 0.0;
                for (var i = 0; i < dimensions; i++)
                {
                    var level = Math.Round(q[i] / step, MidpointRounding.ToEven);
                    error += (q[i] - (level * step)) * (q[i] - (level * step));
                    group[(2 * ((i / 2 * GroupQueries) + lane)) + (i % 2)] = (short)level;
                }

                var queryError = Math.Sqrt(error);
                Steps[query] = (float)step;
                NormBounds[query] = (float)((queryError + (gamma * norm)) * BoundMargin);
                StepBounds[query] = (float)(rowError * (norm + queryError) * BoundMargin);
            }
        }

        private static double Norm(ReadOnlySpan<float> vector)
        {
            var sum = 0.0;
            foreach (var value in vector)
            {
                sum += (double)value * value;
            }

            return Math.Sqrt(sum);
        }
    }

    /// <summary>
    /// Quantizes rows one after another, each in one pass when it can keep the previous row's
    /// step (its norm, summed in the same pass, within <see cref="MaxNormGrowth"/> and
    /// <see cref="MinNormShrink"/> of that row's), else in a second pass at its own step.
    /// </summary>
    private unsafe struct RowQuantizer
    {
        private float norm;
        private float step;
        private float inverse;

        /// <summary>
        /// Writes <paramref name="row"/> as int16 steps into <paramref name="output"/> (an even
        /// count: an odd dimension's last pair is padded with 0) and returns the step and the row's
        /// norm: a step of 0 for a zero row, and of NaN for a norm outside [2⁻⁴⁰, 2⁴⁰] or not finite,
        /// whose bound then admits every pair.
        /// </summary>
        public (float Step, float Norm) Quantize(float* row, int d, short* output)
        {
            var rowNorm = MathF.Sqrt(Write(row, d, output, inverse, sumSquares: true));
            if (!(rowNorm >= MinQuantizedNorm && rowNorm <= MaxQuantizedNorm))
            {
                // A norm of 0 is a zero row only if every element is 0: elements under 2⁻⁷⁵ square to
                // 0 in float, and such a row's scores can still exceed the bound's floor.
                return (rowNorm == 0 && IsZero(row, d) ? 0 : float.NaN, rowNorm); // a zero row is written as zeros whatever the step
            }

            if (rowNorm <= norm * MaxNormGrowth && rowNorm >= norm * MinNormShrink)
            {
                return (step, rowNorm);
            }

            (norm, step, inverse) = (rowNorm, rowNorm / QuantizedNorm, QuantizedNorm / rowNorm);
            Write(row, d, output, inverse, sumSquares: false);
            return (step, rowNorm);
        }

        private static bool IsZero(float* row, int d)
        {
            for (var i = 0; i < d; i++)
            {
                if (row[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Writes the row at <paramref name="scale"/> steps per unit and returns its sum of squares (when asked).</summary>
        private static float Write(float* row, int d, short* output, float scale, bool sumSquares)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var factor = Vector256.Create(scale);
            var i = 0;
            for (; i <= d - 16; i += 16)
            {
                var x0 = Vector256.Load(row + i);
                var x1 = Vector256.Load(row + i + 8);
                if (sumSquares)
                {
                    s0 = Vector256.FusedMultiplyAdd(x0, x0, s0);
                    s1 = Vector256.FusedMultiplyAdd(x1, x1, s1);
                }

                // cvtps2dq rounds to nearest; packssdw interleaves 128-bit halves, which vpermq undoes.
                var low = Avx.ConvertToVector256Int32(x0 * factor);
                var high = Avx.ConvertToVector256Int32(x1 * factor);
                Avx2.Permute4x64(Avx2.PackSignedSaturate(low, high).AsInt64(), 0b11_01_10_00).AsInt16().Store(output + i);
            }

            var sum = Vector256.Sum(s0 + s1);
            for (; i < d; i++)
            {
                sum = MathF.FusedMultiplyAdd(row[i], row[i], sum);
                output[i] = (short)Math.Clamp(MathF.Round(row[i] * scale), short.MinValue, short.MaxValue);
            }

            if ((d & 1) != 0)
            {
                output[d] = 0;
            }

            return sum;
        }
    }

    /// <summary>
    /// The batch scan: each L2-sized block of rows is quantized (<see cref="RowQuantizer"/>), then
    /// every group of 16 queries passes over it 6 rows at a time
    /// (<see cref="ScreenTile16x6{TPrefetch}"/>). One check per row turns the 16 integer scores into
    /// upper bounds and compares them with the group's thresholds; the few that reach one are
    /// rescored exactly. The groups share the prefetch of the next block into L2, each taking
    /// every n-th slice, so the next rows arrive spread over the whole block's work.
    /// </summary>
    private sealed unsafe class QuantizedBatchScan(nint rows, nint ids, nint queries, QuantizedQueries screen, int dimensions, Heaps heapSet) : IRowRangeScan
    {
        public void Run(int thread, int start, int end)
        {
            var rowBase = (float*)rows;
            var queryBase = (float*)queries;
            var idBase = (long*)ids;
            var d = dimensions;
            var pairs = QuantizedQueries.PairsPerRow(d);
            var rowShorts = 2 * pairs;
            var batch = heapSet.Batch;
            var stride = heapSet.Stride;
            var groups = stride / GroupQueries;
            var blockRows = BlockRows(d);
            var block = ArrayPool<short>.Shared.Rent((blockRows * rowShorts) + 32);
            var rowConstants = ArrayPool<float>.Shared.Rent(2 * blockRows);
            var quantizer = default(RowQuantizer);
            int* tile = stackalloc int[TileRows * GroupQueries];
            try
            {
                fixed (short* blockStart = block)
                fixed (float* steps = rowConstants)
                fixed (float* thresholdBase = heapSet.Thresholds)
                {
                    var quantized = AlignTo64(blockStart);
                    var norms = steps + blockRows;
                    var threadThresholds = thresholdBase + ((long)thread * stride);
                    for (var first = start; first < end; first += blockRows)
                    {
                        var last = Math.Min(end, first + blockRows);
                        for (var row = first; row < last; row++)
                        {
                            (steps[row - first], norms[row - first]) = quantizer.Quantize(rowBase + ((long)row * d), d, quantized + ((long)(row - first) * rowShorts));
                        }

                        for (var group = 0; group < stride; group += GroupQueries)
                        {
                            var check = new GroupCheck(thread, group, batch, threadThresholds + group, screen);
                            var groupPairs = screen.Pairs + ((long)group * pairs);
                            var row = first;
                            for (; row + TileRows <= last; row += TileRows)
                            {
                                var r0 = quantized + ((long)(row - first) * rowShorts);
                                if (row + blockRows + TileRows <= end)
                                {
                                    ScreenTile16x6<WithPrefetch>(groupPairs, r0, rowShorts, pairs, (byte*)(rowBase + ((long)(row + blockRows) * d)), group / GroupQueries, groups, tile);
                                }
                                else
                                {
                                    ScreenTile16x6<WithoutPrefetch>(groupPairs, r0, rowShorts, pairs, null, 0, 1, tile);
                                }

                                for (var r = 0; r < TileRows; r++)
                                {
                                    Check(check, tile + (r * GroupQueries), steps[row + r - first], norms[row + r - first], row + r, rowBase, queryBase, idBase);
                                }
                            }

                            for (; row < last; row++)
                            {
                                ScreenTile16x1(groupPairs, quantized + ((long)(row - first) * rowShorts), pairs, tile);
                                Check(check, tile, steps[row - first], norms[row - first], row, rowBase, queryBase, idBase);
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<short>.Shared.Return(block);
                ArrayPool<float>.Shared.Return(rowConstants);
            }
        }

        /// <summary>
        /// Turns one row's 16 integer scores into upper bounds on its float32 scores
        /// (<c>score·s_x·s_q + ‖x‖·A_q + s_x·B_q</c>) and rescores exactly the queries whose bound
        /// is not below their threshold (NaN bounds included).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Check(in GroupCheck check, int* scores, float rowStep, float rowNorm, int row, float* rowBase, float* queryBase, long* idBase)
        {
            var step = Vector256.Create(rowStep);
            var norm = Vector256.Create(rowNorm);
            var low = Bound(Vector256.Load(scores), step, norm, check, 0);
            var high = Bound(Vector256.Load(scores + 8), step, norm, check, 8);
            var below = Vector256.LessThan(low, Vector256.Load(check.Thresholds)).ExtractMostSignificantBits()
                | (Vector256.LessThan(high, Vector256.Load(check.Thresholds + 8)).ExtractMostSignificantBits() << 8);
            var candidates = ~below & 0xFFFF;
            while (candidates != 0)
            {
                var lane = System.Numerics.BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                var query = check.Group + lane;
                if (query < check.Batch)
                {
                    var score = Dot(queryBase + ((long)query * dimensions), rowBase + ((long)row * dimensions), dimensions);
                    if (score >= check.Thresholds[lane])
                    {
                        heapSet.Enter(check.Thread, query, score, idBase[row], row);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Bound(Vector256<int> scores, Vector256<float> step, Vector256<float> norm, in GroupCheck check, int lane)
        {
            var slack = Vector256.FusedMultiplyAdd(norm, Vector256.Load(check.NormBounds + lane), Vector256.FusedMultiplyAdd(step, Vector256.Load(check.StepBounds + lane), Vector256.Create(BoundFloor)));
            return Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(scores), step * Vector256.Load(check.Steps + lane), slack);
        }
    }

    /// <summary>One query group's view of a thread's thresholds and of the queries' screen constants.</summary>
    private readonly unsafe struct GroupCheck(int thread, int group, int batch, float* thresholds, QuantizedQueries screen)
    {
        public int Thread { get; } = thread;

        public int Group { get; } = group;

        public int Batch { get; } = batch;

        public float* Thresholds { get; } = thresholds;

        public float* Steps { get; } = screen.Steps + group;

        public float* NormBounds { get; } = screen.NormBounds + group;

        public float* StepBounds { get; } = screen.StepBounds + group;
    }

    /// <summary>
    /// Integer scores of 16 queries (one group of <see cref="QuantizedQueries"/>) against 6
    /// consecutive quantized rows, <paramref name="rowShorts"/> apart: per pair of elements, two
    /// loads give the 16 queries' pairs, each row's pair is broadcast into two vpmaddwd, and 12
    /// int32 accumulators hold the tile. With prefetch, 3 lines of the next block's float32 rows go
    /// to L2 every 4 pairs (the tile's 6 rows × 32 bytes), so they arrive spread over the work.
    /// </summary>
    private static unsafe void ScreenTile16x6<TPrefetch>(int* pairs, short* r0, int rowShorts, int pairCount, byte* ahead, int phase, int period, int* scores)
        where TPrefetch : struct, IPrefetch
    {
        var x0 = (int*)r0; var x1 = (int*)(r0 + rowShorts); var x2 = (int*)(r0 + (2 * rowShorts));
        var x3 = (int*)(r0 + (3 * rowShorts)); var x4 = (int*)(r0 + (4 * rowShorts)); var x5 = (int*)(r0 + (5 * rowShorts));
        var a00 = Vector256<int>.Zero; var a01 = Vector256<int>.Zero;
        var a10 = Vector256<int>.Zero; var a11 = Vector256<int>.Zero;
        var a20 = Vector256<int>.Zero; var a21 = Vector256<int>.Zero;
        var a30 = Vector256<int>.Zero; var a31 = Vector256<int>.Zero;
        var a40 = Vector256<int>.Zero; var a41 = Vector256<int>.Zero;
        var a50 = Vector256<int>.Zero; var a51 = Vector256<int>.Zero;
        var q = pairs;
        var turn = 0;
        for (var chunk = 0; chunk < pairCount; chunk += 4)
        {
            if (TPrefetch.Enabled)
            {
                if (turn == phase)
                {
                    PrefetchL2(ahead);
                    PrefetchL2(ahead + 64);
                    PrefetchL2(ahead + 128);
                }

                ahead += 192;
                turn = turn + 1 == period ? 0 : turn + 1;
            }

            var chunkEnd = Math.Min(pairCount, chunk + 4);
            for (var p = chunk; p < chunkEnd; p++, q += GroupQueries)
            {
                var y0 = Avx.LoadVector256(q).AsInt16();
                var y1 = Avx.LoadVector256(q + 8).AsInt16();
                var x = Avx2.BroadcastScalarToVector256(x0 + p).AsInt16();
                a00 = Avx2.Add(a00, Avx2.MultiplyAddAdjacent(x, y0));
                a01 = Avx2.Add(a01, Avx2.MultiplyAddAdjacent(x, y1));
                x = Avx2.BroadcastScalarToVector256(x1 + p).AsInt16();
                a10 = Avx2.Add(a10, Avx2.MultiplyAddAdjacent(x, y0));
                a11 = Avx2.Add(a11, Avx2.MultiplyAddAdjacent(x, y1));
                x = Avx2.BroadcastScalarToVector256(x2 + p).AsInt16();
                a20 = Avx2.Add(a20, Avx2.MultiplyAddAdjacent(x, y0));
                a21 = Avx2.Add(a21, Avx2.MultiplyAddAdjacent(x, y1));
                x = Avx2.BroadcastScalarToVector256(x3 + p).AsInt16();
                a30 = Avx2.Add(a30, Avx2.MultiplyAddAdjacent(x, y0));
                a31 = Avx2.Add(a31, Avx2.MultiplyAddAdjacent(x, y1));
                x = Avx2.BroadcastScalarToVector256(x4 + p).AsInt16();
                a40 = Avx2.Add(a40, Avx2.MultiplyAddAdjacent(x, y0));
                a41 = Avx2.Add(a41, Avx2.MultiplyAddAdjacent(x, y1));
                x = Avx2.BroadcastScalarToVector256(x5 + p).AsInt16();
                a50 = Avx2.Add(a50, Avx2.MultiplyAddAdjacent(x, y0));
                a51 = Avx2.Add(a51, Avx2.MultiplyAddAdjacent(x, y1));
            }
        }

        a00.Store(scores); a01.Store(scores + 8);
        a10.Store(scores + 16); a11.Store(scores + 24);
        a20.Store(scores + 32); a21.Store(scores + 40);
        a30.Store(scores + 48); a31.Store(scores + 56);
        a40.Store(scores + 64); a41.Store(scores + 72);
        a50.Store(scores + 80); a51.Store(scores + 88);
    }

    /// <summary>One row of <see cref="ScreenTile16x6{TPrefetch}"/>, for the rows left over at a range's end.</summary>
    private static unsafe void ScreenTile16x1(int* pairs, short* r0, int pairCount, int* scores)
    {
        var x0 = (int*)r0;
        var a0 = Vector256<int>.Zero;
        var a1 = Vector256<int>.Zero;
        var q = pairs;
        for (var p = 0; p < pairCount; p++, q += GroupQueries)
        {
            var x = Avx2.BroadcastScalarToVector256(x0 + p).AsInt16();
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(x, Avx.LoadVector256(q).AsInt16()));
            a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(x, Avx.LoadVector256(q + 8).AsInt16()));
        }

        a0.Store(scores); a1.Store(scores + 8);
    }
}
