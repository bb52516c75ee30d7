namespace MemDsl.Runtime;

/// <summary>
/// The one tokenizer of the runtime (BM25 and the hashing embedder share it): lower-case
/// invariant, tokens are maximal runs of <see cref="char.IsLetterOrDigit(char)"/>, everything
/// else separates. No stemming, no stop words.
/// </summary>
public static class TextTokenizer
{
    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, List<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var position = 0;
        while (TryReadToken(text, ref position, out var start, out var length))
        {
            tokens.Add(Lower(text.Slice(start, length)));
        }
    }

    /// <summary>
    /// Finds the next token at or after <paramref name="position"/> without allocating; the caller
    /// lower-cases it with <see cref="LowerInto"/>. Hot paths use this instead of <see cref="Tokenize"/>.
    /// </summary>
    internal static bool TryReadToken(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        length = i - start;
        position = i;
        return length > 0;
    }

    /// <summary>Lower-cases char by char (the definition every caller must share).</summary>
    internal static void LowerInto(ReadOnlySpan<char> token, Span<char> destination)
    {
        for (var i = 0; i < token.Length; i++)
        {
            destination[i] = char.ToLowerInvariant(token[i]);
        }
    }

    private static string Lower(ReadOnlySpan<char> token)
    {
        const int StackLimit = 256;
        var rented = token.Length > StackLimit ? ArrayPool<char>.Shared.Rent(token.Length) : null;
        try
        {
            Span<char> buffer = rented is null ? stackalloc char[StackLimit] : rented;
            LowerInto(token, buffer);
            return new string(buffer[..token.Length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
