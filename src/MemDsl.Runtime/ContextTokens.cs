namespace MemDsl.Runtime;

/// <summary>
/// The context stage's token count: a cheap, deterministic, allocation-free stand-in for a model
/// tokenizer. It counts every maximal run of letters or digits (a <see cref="TextTokenizer"/> token)
/// and every other non-whitespace character (a punctuation mark or symbol) as one token each.
/// </summary>
/// <remarks>
/// The evaluation's <c>context tokens</c> column counts MiniLM WordPiece tokens instead. WordPiece also
/// splits punctuation off as single tokens, so the two agree on ordinary English words and
/// punctuation; they differ where WordPiece cuts a rare or long word (a name, a number, a typo) into
/// several pieces ("greyhound" → "grey", "##hound"), which this count takes as one. This count is
/// therefore a lower bound on the WordPiece count (without <c>[CLS]</c>/<c>[SEP]</c>), usually within a
/// few percent on conversational text.
/// </remarks>
public static class ContextTokens
{
    /// <summary>The number of tokens in <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else
            {
                inWord = false;
                if (!char.IsWhiteSpace(c))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
