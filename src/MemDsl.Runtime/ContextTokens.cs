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
/// several pieces (a name, an uncommon word), which this count takes as one, and where a character
/// WordPiece drops or merges (an accent it strips, an emoji it reads as one <c>[UNK]</c>) is counted
/// here. So it is nearly always the smaller: on LoCoMo dev's 2,080 turns as <c>"Speaker: text"</c> it
/// counts 65,563 tokens to WordPiece's 66,783 (0.982, without <c>[CLS]</c>/<c>[SEP]</c>), and only
/// one turn counts higher (<c>ContextTokensTests</c> in MemDsl.Evaluation.Tests). A TokenBudget of
/// N therefore admits about N / 0.98 WordPiece tokens.
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
