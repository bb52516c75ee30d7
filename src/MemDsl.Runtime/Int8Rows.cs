namespace MemDsl.Runtime;

/// <summary>
/// A scalar-quantized (int8) copy of a row-major float32 matrix, a quarter of its bytes, for
/// <see cref="Int8InnerProductTopK"/>. Each dimension j has its own scale (its largest magnitude
/// over the rows / 127), so a dimension with a small range keeps its resolution; the scales fold
/// into the query, so a row's quantized score is one integer dot product with no per-row float work.
/// Rows are padded with zeros to a multiple of 32 bytes (one AVX2 register).
/// </summary>
public sealed class Int8Rows
{
    private Int8Rows(sbyte[] values, float[] scales, int rowCount, int dimensions, int stride)
    {
        Values = values;
        Scales = scales;
        RowCount = rowCount;
        Dimensions = dimensions;
        Stride = stride;
    }

    /// <summary>Rows in the copy.</summary>
    public int RowCount { get; }

    /// <summary>Floats per row in the matrix it was made from.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes per quantized row: <see cref="Dimensions"/> rounded up to a multiple of 32.</summary>
    public int Stride { get; }

    /// <summary>Bytes the quantized rows take (a quarter of the float32 matrix, plus padding).</summary>
    public long ByteCount => Values.LongLength;

    /// <summary>The quantized rows, <see cref="Stride"/> bytes each.</summary>
    internal sbyte[] Values { get; }

    /// <summary>Per-dimension scale: element j of a row is about <c>Values[j] × Scales[j]</c>.</summary>
    internal float[] Scales { get; }

    /// <summary>Quantizes <paramref name="rows"/> (row-major, rows × <paramref name="dimensions"/> finite floats).</summary>
    /// <exception cref="ArgumentException">The dimension is below 1, the length is not a multiple of it, or a value is not finite.</exception>
    public static Int8Rows Quantize(ReadOnlySpan<float> rows, int dimensions)
    {
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be at least 1.");
        }

        if (rows.Length % dimensions != 0)
        {
            throw new ArgumentException($"The matrix length {rows.Length} is not a multiple of the dimension {dimensions}.", nameof(rows));
        }

        var rowCount = rows.Length / dimensions;
        var largest = new float[dimensions];
        for (var row = 0; row < rowCount; row++)
        {
            var values = rows.Slice(row * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                if (!float.IsFinite(values[j]))
                {
                    throw new ArgumentException($"Row {row} is not finite: element {j} is {values[j]}.", nameof(rows));
                }

                largest[j] = Math.Max(largest[j], Math.Abs(values[j]));
            }
        }

        var scales = new float[dimensions];
        var inverse = new float[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            // A dimension that is zero in every row stays zero whatever its scale.
            scales[j] = largest[j] > 0 ? largest[j] / 127f : 1f;
            inverse[j] = 1f / scales[j];
        }

        var stride = (dimensions + 31) / 32 * 32;
        var quantized = new sbyte[(long)rowCount * stride];
        for (var row = 0; row < rowCount; row++)
        {
            var values = rows.Slice(row * dimensions, dimensions);
            var target = quantized.AsSpan((int)((long)row * stride), dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                target[j] = (sbyte)Math.Clamp(MathF.Round(values[j] * inverse[j]), -127f, 127f);
            }
        }

        return new Int8Rows(quantized, scales, rowCount, dimensions, stride);
    }
}
