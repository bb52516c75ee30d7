using System.Collections;
using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// An immutable array with value equality, so that specs holding collections compare by content
/// (arrays and ImmutableArray compare by reference, which defeats incremental-generator caching).
/// </summary>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

    private EquatableArray(T[] items) => _items = items;

    public static EquatableArray<T> Empty => default;

    /// <summary>Wraps <paramref name="items"/> without copying; the caller gives up ownership.</summary>
    public static EquatableArray<T> TakeOwnership(T[] items) => new(items);

    public int Count => _items?.Length ?? 0;

    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    public bool IsEmpty => Count == 0;

    public bool Equals(EquatableArray<T> other)
    {
        var left = _items ?? Array.Empty<T>();
        var right = other._items ?? Array.Empty<T>();
        if (left.Length != right.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Length; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = HashCombiner.Seed;
        foreach (var item in _items ?? Array.Empty<T>())
        {
            hash = HashCombiner.Combine(hash, item is null ? 0 : item.GetHashCode());
        }

        return hash;
    }

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items ?? Array.Empty<T>()) + "]";
}

/// <summary>Factory helpers for <see cref="EquatableArray{T}"/>.</summary>
public static class EquatableArray
{
    public static EquatableArray<T> Create<T>(params T[] items)
        where T : IEquatable<T> => EquatableArray<T>.TakeOwnership((T[])items.Clone());

    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);
}

internal static class HashCombiner
{
    public const int Seed = 17;

    public static int Combine(int hash, int value) => unchecked((hash * 31) + value);
}
