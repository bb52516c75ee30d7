using MemDsl.Runtime;

namespace MemDsl.Evaluation.Tests;

/// <summary>
/// The context stage's budget counts <see cref="ContextTokens"/>, the evaluation's ctx tokens column
/// counts MiniLM WordPiece: on real conversation text the two must stay close, with the cheap count
/// the smaller, as docs/bench.md and the README say.
/// </summary>
public sealed class ContextTokensTests
{
    [Fact]
    public void On_LoCoMo_turns_the_budget_count_is_slightly_below_the_WordPiece_count()
    {
        var counter = new MiniLMTokenCounter();
        long cheap = 0;
        long wordPiece = 0;
        var turns = 0;
        var above = 0;
        foreach (var stream in LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev).Dataset.Streams)
        {
            foreach (var e in stream.Events)
            {
                if (e is WriteEvent write)
                {
                    var text = write.Turn.Speaker + ": " + write.Turn.Text;
                    var a = ContextTokens.Count(text);
                    var b = counter.Count(text);
                    cheap += a;
                    wordPiece += b;
                    above += a > b ? 1 : 0;
                    turns++;
                }
            }
        }

        var ratio = (double)cheap / wordPiece;
        var message = $"{turns} turns: {cheap} budget tokens, {wordPiece} WordPiece tokens, ratio {ratio:0.000}, {above} turns counted higher";
        Assert.Equal(2080, turns);
        Assert.True(ratio is >= 0.95 and <= 1.0, message); // measured: 65,563 / 66,783 = 0.982
        Assert.True(above <= 5, message); // measured: 1 of 2080
    }
}
