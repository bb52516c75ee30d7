namespace MemDsl.Runtime;

/// <summary>Argument checks shared by the composite stores, so their messages agree.</summary>
internal static class StoreArguments
{
    /// <summary><paramref name="value"/> when it lies in <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    public static int CheckRange(int value, int min, int max, string name) =>
        value < min || value > max
            ? throw new ArgumentOutOfRangeException(name, value, $"The value must be between {min} and {max}.")
            : value;
}
