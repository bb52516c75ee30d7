namespace MemDsl.Tests;

/// <summary>
/// Random inputs and the obvious reference for top-k kernels, shared by the SIMD kernel's tests
/// (Runtime) and the ONNX Runtime kernel's tests (Onnx) so both are held to the same oracle.
/// </summary>
internal static class TopKTestData
{
    /// <summary>The obvious implementation: double-precision dot products, full sort, lower id wins ties.</summary>
    public static List<(double Score, long Id)> Reference(float[] rows, long[] ids, int d, float[] queries, int query, int k)
    {
        var scored = new List<(double Score, long Id)>();
        for (var row = 0; row < ids.Length; row++)
        {
            var sum = 0.0;
            for (var i = 0; i < d; i++)
            {
                sum += (double)queries[(query * d) + i] * rows[(row * d) + i];
            }

            scored.Add((sum, ids[row]));
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(k).ToList();
    }

    /// <summary>count × d values uniform in [-1, 1).</summary>
    public static float[] RandomMatrix(Random random, int count, int d)
    {
        var values = new float[count * d];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>count rows of <see cref="RandomMatrix"/>, each scaled to unit length (as embeddings are).</summary>
    public static float[] NormalizedMatrix(Random random, int count, int d)
    {
        var values = RandomMatrix(random, count, d);
        // Plain loops: this file is compiled into every test project, not all of which reference System.Numerics.Tensors.
        for (var row = 0; row < count; row++)
        {
            var vector = values.AsSpan(row * d, d);
            var squares = 0f;
            foreach (var value in vector)
            {
                squares += value * value;
            }

            var length = MathF.Sqrt(squares);
            for (var i = 0; i < d; i++)
            {
                vector[i] /= length;
            }
        }

        return values;
    }

    /// <summary>Ids 0, 3, 6, … in random order, so row order and id order disagree.</summary>
    public static long[] ShuffledIds(Random random, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => (long)i * 3).ToArray();
        random.Shuffle(ids);
        return ids;
    }
}
