using MemDsl.Abstractions;
using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static Turn Turn(string id, string text, string session = "s1", string speaker = "Ann", int minutes = 0) =>
        new(id, speaker, text, Start.AddMinutes(minutes), session);

    public static EncodedRecord Record(string key, string text = "") => new(key, text, Start, "s1", [key]);

    public static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(values, values));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= norm;
        }

        return values;
    }

    public static float[] RandomUnit(Random random, int dimensions)
    {
        var values = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return Unit(values);
    }

    public static long[] Ids(IReadOnlyList<MemoryHit> hits)
    {
        var ids = new long[hits.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = hits[i].Record.Id;
        }

        return ids;
    }
}
