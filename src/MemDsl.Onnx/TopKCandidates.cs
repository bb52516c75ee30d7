using System.Buffers;
using MemDsl.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MemDsl.Onnx;

/// <summary>
/// The part of the ONNX Runtime top-k kernels that turns the session's TopK into MemDsl's contract.
/// ONNX TopK puts the lower row index first among equal scores, while MemDsl puts the lower id first;
/// so the session is asked for a few more candidates than k, and whenever the last candidate still ties
/// the k-th score it is asked again for twice as many (up to every row), until every row tied at the
/// boundary is a candidate. The candidates are then sorted by (score descending, id ascending, row
/// ascending).
/// </summary>
internal static class TopKCandidates
{
    // Candidates asked for beyond k on the first run, so that a few ties at the boundary cost no second run.
    private const int TieSlack = 8;

    private static readonly string[] OutputNames = [InnerProductTopKModel.ValuesOutput, InnerProductTopKModel.IndicesOutput];

    /// <summary>
    /// Gemm's score matrix (queries × rows floats) is the session's largest buffer: queries go in
    /// groups that keep it at or under this many floats, 256 MiB (64 queries at 1M rows), at least
    /// one query at a time.
    /// </summary>
    public const long DefaultScoreBudget = 1L << 26;

    /// <summary>
    /// One session run over <c>queryCount</c> queries from <c>firstQuery</c> on, writing the best
    /// <c>candidates</c> scores and row indices per query, query after query.
    /// </summary>
    public interface IRun
    {
        void Run(int firstQuery, int queryCount, int candidates, float[] values, long[] indices);
    }

    /// <summary>
    /// Runs <paramref name="run"/> over the batch in groups of queries, each until its candidates cover
    /// every tie at the k-th score, and writes the k best per query.
    /// </summary>
    public static int Search<TRun>(ref TRun run, int rowCount, int batch, int kept, ReadOnlySpan<long> rowIds, Span<ScoredRow> results, long scoreBudget = DefaultScoreBudget)
        where TRun : IRun, allows ref struct
    {
        var group = (int)Math.Clamp(scoreBudget / rowCount, 1, batch);
        for (var first = 0; first < batch; first += group)
        {
            var count = Math.Min(group, batch - first);
            SearchGroup(ref run, first, count, rowCount, kept, rowIds, results.Slice(first * kept, count * kept));
        }

        return kept;
    }

    private static void SearchGroup<TRun>(ref TRun run, int first, int count, int rowCount, int kept, ReadOnlySpan<long> rowIds, Span<ScoredRow> results)
        where TRun : IRun, allows ref struct
    {
        var candidates = (int)Math.Min(rowCount, (long)kept + TieSlack);
        while (true)
        {
            // Ties can double the candidates up to every row; the session's outputs must still fit one array.
            if ((long)count * candidates > Array.MaxLength)
            {
                throw new ArgumentException($"{count} queries × {candidates} candidates (rows tied at the k-th score included) exceed what one result array holds; search fewer queries at a time.", "queries");
            }

            var values = ArrayPool<float>.Shared.Rent(count * candidates);
            var indices = ArrayPool<long>.Shared.Rent(count * candidates);
            try
            {
                run.Run(first, count, candidates, values, indices);
                if (candidates < rowCount && TiesPastCandidates(values, count, candidates, kept))
                {
                    candidates = (int)Math.Min(rowCount, 2L * candidates);
                    continue;
                }

                Collect(values, indices, rowIds, count, candidates, kept, results);
                return;
            }
            finally
            {
                ArrayPool<long>.Shared.Return(indices);
                ArrayPool<float>.Shared.Return(values);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="session"/> on a group of queries (pinned, not copied) and k =
    /// <paramref name="candidates"/>, with <paramref name="rows"/> as the matrix input when the model
    /// takes one, its outputs written into <paramref name="values"/> and <paramref name="indices"/>.
    /// </summary>
    public static unsafe void Run(InferenceSession session, string[] inputNames, ReadOnlySpan<float> queries, int dimensions, OrtValue? rows, int candidates, float[] values, long[] indices)
    {
        var queryCount = queries.Length / dimensions;
        var cells = queryCount * candidates;
        long kValue = candidates;
        fixed (float* queryPointer = queries)
        {
            using var queryValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [queryCount, dimensions], (nint)queryPointer, (long)queries.Length * sizeof(float));
            using var kTensor = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], (nint)(&kValue), sizeof(long));
            using var valueTensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(0, cells), [queryCount, candidates]);
            using var indexTensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, indices.AsMemory(0, cells), [queryCount, candidates]);
            using var runOptions = new RunOptions();
            OrtValue[] inputs = rows is null ? [queryValue, kTensor] : [queryValue, rows, kTensor];
            session.Run(runOptions, inputNames, inputs, OutputNames, [valueTensor, indexTensor]);
        }
    }

    // TopK sorts by score, so the candidates hold every row tied with the k-th score unless the last one still ties it.
    private static bool TiesPastCandidates(float[] values, int batch, int candidates, int kept)
    {
        for (var query = 0; query < batch; query++)
        {
            var offset = query * candidates;
            if (values[offset + candidates - 1] == values[offset + kept - 1])
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(float[] values, long[] indices, ReadOnlySpan<long> rowIds, int batch, int candidates, int kept, Span<ScoredRow> results)
    {
        var sorted = ArrayPool<ScoredRow>.Shared.Rent(candidates);
        try
        {
            for (var query = 0; query < batch; query++)
            {
                var offset = query * candidates;
                var span = sorted.AsSpan(0, candidates);
                for (var i = 0; i < candidates; i++)
                {
                    var row = (int)indices[offset + i];
                    span[i] = new ScoredRow(values[offset + i], rowIds[row], row);
                }

                span.Sort(default(BestFirst));
                span[..kept].CopyTo(results.Slice(query * kept, kept));
            }
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(sorted);
        }
    }

    /// <summary>Score descending, then id ascending (MemDsl's tie rule), then row ascending.</summary>
    private readonly struct BestFirst : IComparer<ScoredRow>
    {
        public int Compare(ScoredRow x, ScoredRow y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byId = x.Id.CompareTo(y.Id);
            return byId != 0 ? byId : x.Row.CompareTo(y.Row);
        }
    }
}
