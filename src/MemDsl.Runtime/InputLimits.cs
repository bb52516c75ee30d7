using MemDsl.Model;

namespace MemDsl.Runtime;

/// <summary>
/// The input every pipeline accepts, checked before anything is encoded, embedded or stored, so a
/// rejected write leaves no trace. Text is 1 to <see cref="MemoryCatalog.MaxTextLength"/> UTF-16 code
/// units of well-formed UTF-16 (no lone surrogates: they cannot round-trip through UTF-8, so a
/// durable store could not give back what was written); a turn's id is 1 to
/// <see cref="MemoryCatalog.MaxIdentifierLength"/> code units, its speaker and session 0 to that many.
/// Vectors are checked by <see cref="MemoryStore.Upsert"/>: exactly the store's dimension, all finite.
/// </summary>
public static class InputLimits
{
    /// <summary>Throws <see cref="ArgumentException"/> (parameter <c>turn</c>) naming the member and the limit it breaks.</summary>
    public static void CheckTurn(in Turn turn)
    {
        CheckString(turn.Text, "Turn.Text", 1, MemoryCatalog.MaxTextLength, "turn");
        CheckString(turn.Id, "Turn.Id", 1, MemoryCatalog.MaxIdentifierLength, "turn");
        CheckString(turn.Speaker, "Turn.Speaker", 0, MemoryCatalog.MaxIdentifierLength, "turn");
        CheckString(turn.Session, "Turn.Session", 0, MemoryCatalog.MaxIdentifierLength, "turn");
    }

    /// <summary>Throws <see cref="ArgumentException"/> (parameter <c>query</c>) when the query text breaks the text limits (an empty query is allowed and finds nothing lexically).</summary>
    public static void CheckQuery(in MemoryQuery query) =>
        CheckString(query.Text, "MemoryQuery.Text", 0, MemoryCatalog.MaxTextLength, "query");

    /// <summary>Throws <see cref="ArgumentException"/> when the query breaks the text limits, the hit has no record, or the reward is not finite.</summary>
    public static void CheckFeedback(in MemoryQuery query, in MemoryHit hit, float reward)
    {
        CheckQuery(in query);
        if (hit.Record is null)
        {
            throw new ArgumentException("The hit has no record; pass a hit that QueryAsync returned.", nameof(hit));
        }

        if (!float.IsFinite(reward))
        {
            throw new ArgumentException($"The reward must be finite; it is {reward}.", nameof(reward));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless every element is finite and there are exactly <paramref name="dimensions"/>.</summary>
    public static void CheckVector(ReadOnlySpan<float> vector, int dimensions, string parameterName)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"The vector must have exactly {dimensions} elements; it has {vector.Length}.", parameterName);
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"The vector must be finite (no NaN or infinity); element {i} of {dimensions} is {vector[i]}.", parameterName);
            }
        }
    }

    private static void CheckString(string? value, string member, int minLength, int maxLength, string parameterName)
    {
        if (value is null)
        {
            // The types the pipelines have always thrown: null turn members are ArgumentNullException, a null query text ArgumentException.
            throw parameterName == "turn" ? new ArgumentNullException(parameterName, $"{member} must not be null.") : new ArgumentException($"{member} must not be null.", parameterName);
        }

        if (value.Length < minLength)
        {
            throw new ArgumentException($"{member} must not be empty (1 to {maxLength} UTF-16 code units).", parameterName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{member} has {value.Length} UTF-16 code units; the limit is {maxLength} (MemoryCatalog.{(maxLength == MemoryCatalog.MaxTextLength ? nameof(MemoryCatalog.MaxTextLength) : nameof(MemoryCatalog.MaxIdentifierLength))}).", parameterName);
        }

        var invalid = FindInvalidUtf16(value);
        if (invalid >= 0)
        {
            throw new ArgumentException($"{member} is not well-formed UTF-16: a lone surrogate U+{(int)value[invalid]:X4} at index {invalid}.", parameterName);
        }
    }

    /// <summary>The index of the first lone surrogate, or -1.</summary>
    private static int FindInvalidUtf16(string value)
    {
        var span = value.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (!char.IsSurrogate(span[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
