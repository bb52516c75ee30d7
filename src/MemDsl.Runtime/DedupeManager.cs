using System.Numerics.Tensors;

namespace MemDsl.Runtime;

/// <summary>
/// Skips writes whose vector is a near-duplicate (dot product ≥ threshold) of a stored record, and
/// removes older near-duplicates in a full pass. The caller holds the store's lock.
/// </summary>
public sealed class DedupeManager
{
    /// <summary>Creates a manager.</summary>
    /// <param name="threshold">Cosine similarity at or above which two records are duplicates, -1 to 1.</param>
    public DedupeManager(float threshold)
    {
        if (!(threshold >= -1f && threshold <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be between -1 and 1.");
        }

        Threshold = threshold;
    }

    /// <summary>Cosine similarity at or above which two records are duplicates.</summary>
    public float Threshold { get; }

    /// <summary>
    /// True if a stored record with a different key is a near-duplicate of <paramref name="vector"/>.
    /// A write to a key already stored is an update and never a duplicate, so a growing session
    /// record is never frozen by its own earlier versions.
    /// </summary>
    public bool IsDuplicate(MemoryStore store, ReadOnlySpan<float> vector, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        RetrieverArguments.CheckQueryVector(store, vector);
        if (store.ContainsKey(key))
        {
            return false;
        }

        var dimensions = store.Dimensions;
        var vectors = store.Vectors;
        for (var slot = 0; slot < store.Count; slot++)
        {
            if (TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), vector) >= Threshold)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Removes older near-duplicates. Records are visited newest (highest id) first; each one is kept
    /// unless a newer kept record is a near-duplicate of it. The visit order is fixed by ids, so the
    /// result is deterministic. Returns the number removed.
    /// </summary>
    public int Compact(MemoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var count = store.Count;
        if (count < 2)
        {
            return 0;
        }

        var ids = ArrayPool<long>.Shared.Rent(count);
        var slots = ArrayPool<int>.Shared.Rent(count);
        var kept = ArrayPool<int>.Shared.Rent(count);
        var doomed = ArrayPool<long>.Shared.Rent(count);
        try
        {
            for (var slot = 0; slot < count; slot++)
            {
                // Negated ids sort newest first with the default ascending order.
                ids[slot] = -store.GetRecord(slot).Id;
                slots[slot] = slot;
            }

            Array.Sort(ids, slots, 0, count);
            var keptCount = 0;
            var doomedCount = 0;
            var dimensions = store.Dimensions;
            var vectors = store.Vectors;
            for (var i = 0; i < count; i++)
            {
                var candidate = vectors.Slice(slots[i] * dimensions, dimensions);
                var duplicate = false;
                for (var j = 0; j < keptCount; j++)
                {
                    if (TensorPrimitives.Dot(vectors.Slice(kept[j] * dimensions, dimensions), candidate) >= Threshold)
                    {
                        duplicate = true;
                        break;
                    }
                }

                if (duplicate)
                {
                    doomed[doomedCount++] = -ids[i];
                }
                else
                {
                    kept[keptCount++] = slots[i];
                }
            }

            // Removal moves slots, so decide first and remove by id afterwards.
            for (var i = 0; i < doomedCount; i++)
            {
                store.Remove(doomed[i]);
            }

            return doomedCount;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(doomed);
            ArrayPool<int>.Shared.Return(kept);
            ArrayPool<int>.Shared.Return(slots);
            ArrayPool<long>.Shared.Return(ids);
        }
    }
}
