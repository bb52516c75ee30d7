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
    // When a store keeps the copy in step with its writes, scales leave this much room above the
    // largest magnitude seen, so a new row rarely exceeds them (which forces a rebuild of the copy).
    private const float StoreHeadroom = 1.25f;

    private float[] _inverse;

    private Int8Rows(sbyte[] values, float[] scales, float[] inverse, int rowCount, int dimensions, int stride)
    {
        Values = values;
        Scales = scales;
        _inverse = inverse;
        RowCount = rowCount;
        Dimensions = dimensions;
        Stride = stride;
    }

    /// <summary>Rows in the copy.</summary>
    public int RowCount { get; private set; }

    /// <summary>Floats per row in the matrix it was made from.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes per quantized row: <see cref="Dimensions"/> rounded up to a multiple of 32.</summary>
    public int Stride { get; }

    /// <summary>Bytes the quantized rows take (a quarter of the float32 matrix, plus padding).</summary>
    public long ByteCount => (long)RowCount * Stride;

    /// <summary>The quantized rows, <see cref="Stride"/> bytes each (a store's copy may hold spare capacity past <see cref="RowCount"/>).</summary>
    internal sbyte[] Values { get; private set; }

    /// <summary>Per-dimension scale: element j of a row is about <c>Values[j] × Scales[j]</c>.</summary>
    internal float[] Scales { get; private set; }

    /// <summary>How many times a store's copy was rebuilt because a row exceeded its scales.</summary>
    internal int Rebuilds { get; private set; }

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
        var stride = (dimensions + 31) / 32 * 32;
        var copy = new Int8Rows(new sbyte[(long)rowCount * stride], new float[dimensions], new float[dimensions], 0, dimensions, stride);
        copy.Rebuild(rows, headroom: 1f);
        return copy;
    }

    /// <summary>
    /// A store's copy of its first <paramref name="rows"/> (finite, checked by the store), with room
    /// for <paramref name="capacity"/> rows; <see cref="Set"/>, <see cref="Move"/> and
    /// <see cref="Truncate"/> keep it in step with the store's writes.
    /// </summary>
    internal static Int8Rows ForStore(ReadOnlySpan<float> rows, int dimensions, int capacity)
    {
        var stride = (dimensions + 31) / 32 * 32;
        var copy = new Int8Rows(new sbyte[(long)Math.Max(capacity, rows.Length / dimensions) * stride], new float[dimensions], new float[dimensions], 0, dimensions, stride);
        copy.Rebuild(rows, StoreHeadroom);
        return copy;
    }

    /// <summary>
    /// Quantizes <paramref name="vector"/> into <paramref name="row"/> (at most <see cref="RowCount"/>;
    /// equal appends it). If an element exceeds its dimension's scale the whole copy is rebuilt from
    /// <paramref name="rows"/>, the store's rows with <paramref name="vector"/> already in place, so the
    /// scales always cover every row and no element is clipped.
    /// </summary>
    internal void Set(int row, ReadOnlySpan<float> vector, ReadOnlySpan<float> rows)
    {
        var count = Math.Max(RowCount, row + 1);
        for (var j = 0; j < Dimensions; j++)
        {
            if (MathF.Abs(vector[j]) > Scales[j] * 127f)
            {
                Rebuilds++;
                Rebuild(rows.Slice(0, count * Dimensions), StoreHeadroom);
                return;
            }
        }

        EnsureCapacity(count);
        QuantizeRow(vector, _inverse, Values.AsSpan((int)((long)row * Stride), Stride));
        RowCount = count;
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> (the store moved its last slot into a hole).</summary>
    internal void Move(int from, int to) =>
        Values.AsSpan((int)((long)from * Stride), Stride).CopyTo(Values.AsSpan((int)((long)to * Stride), Stride));

    /// <summary>Drops the rows from <paramref name="rowCount"/> on.</summary>
    internal void Truncate(int rowCount) => RowCount = rowCount;

    private void EnsureCapacity(int rows)
    {
        if ((long)rows * Stride > Values.LongLength)
        {
            var values = Values;
            Array.Resize(ref values, checked(Math.Max(rows, 2 * (int)(Values.LongLength / Stride)) * Stride));
            Values = values;
        }
    }

    private void Rebuild(ReadOnlySpan<float> rows, float headroom)
    {
        var rowCount = rows.Length / Dimensions;
        var largest = new float[Dimensions];
        for (var row = 0; row < rowCount; row++)
        {
            var values = rows.Slice(row * Dimensions, Dimensions);
            for (var j = 0; j < Dimensions; j++)
            {
                if (!float.IsFinite(values[j]))
                {
                    throw new ArgumentException($"Row {row} is not finite: element {j} is {values[j]}.", nameof(rows));
                }

                largest[j] = Math.Max(largest[j], Math.Abs(values[j]));
            }
        }

        var scales = new float[Dimensions];
        var inverse = new float[Dimensions];
        for (var j = 0; j < Dimensions; j++)
        {
            // A dimension that is zero in every row gets scale 0: it quantizes to 0 (and folds the
            // query's element to 0), and the first row with a value there makes a store rebuild.
            scales[j] = largest[j] * headroom / 127f;
            inverse[j] = largest[j] > 0 ? 1f / scales[j] : 0f;
        }

        EnsureCapacity(rowCount);
        for (var row = 0; row < rowCount; row++)
        {
            QuantizeRow(rows.Slice(row * Dimensions, Dimensions), inverse, Values.AsSpan((int)((long)row * Stride), Stride));
        }

        Scales = scales;
        _inverse = inverse;
        RowCount = rowCount;
    }

    private static void QuantizeRow(ReadOnlySpan<float> values, ReadOnlySpan<float> inverse, Span<sbyte> target)
    {
        for (var j = 0; j < values.Length; j++)
        {
            target[j] = (sbyte)Math.Clamp(MathF.Round(values[j] * inverse[j]), -127f, 127f);
        }
    }
}
