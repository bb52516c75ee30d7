using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

public sealed class InputLimitsTests
{
    // Built here, not passed as theory data: xunit's serialization would replace lone surrogates with U+FFFD.
    private static readonly Dictionary<string, (string Text, string Expected)> BadTexts = new()
    {
        ["empty text"] = (string.Empty, "Turn.Text must not be empty"),
        ["over-long text"] = (new string('a', MemoryCatalog.MaxTextLength + 1), "limit is 65536"),
        ["lone high surrogate"] = ("ab\uD83D", "lone surrogate U+D83D at index 2"),
        ["lone low surrogate"] = ("\uDE00x", "lone surrogate U+DE00 at index 0"),
        ["reversed pair"] = ("\uDE00\uD83D", "lone surrogate"),
    };

    [Theory]
    [InlineData("empty text")]
    [InlineData("over-long text")]
    [InlineData("lone high surrogate")]
    [InlineData("lone low surrogate")]
    [InlineData("reversed pair")]
    public async Task A_bad_turn_text_is_refused_naming_the_parameter_and_the_limit(string what)
    {
        var (text, expected) = BadTexts[what];
        var pipeline = InterpretedPipeline.Create(new ArchitectureSpec("limits", [
            new(StageSlot.Encode, "Turn"),
            new(StageSlot.Embed, "Hashing"),
            new(StageSlot.Store, "VectorAndText"),
            new(StageSlot.Retrieve, "Hybrid"),
        ]));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteAsync(TestData.Turn("id", text)).AsTask());
        Assert.Equal("turn", error.ParamName);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), what + ": " + error.Message);
        Assert.Equal(0, pipeline.Count);
    }

    [Fact]
    public void Text_at_the_limit_and_valid_pairs_are_accepted()
    {
        InputLimits.CheckTurn(TestData.Turn("id", new string('a', MemoryCatalog.MaxTextLength)));
        InputLimits.CheckTurn(TestData.Turn("id", "emoji 😀 pair"));
        InputLimits.CheckQuery(new MemoryQuery(string.Empty));
    }

    [Fact]
    public void Ids_have_their_own_limit_and_must_not_be_empty()
    {
        Assert.Contains("Turn.Id must not be empty", Assert.Throws<ArgumentException>(() => InputLimits.CheckTurn(TestData.Turn(string.Empty, "x"))).Message, StringComparison.Ordinal);
        Assert.Contains("limit is 1024", Assert.Throws<ArgumentException>(() => InputLimits.CheckTurn(TestData.Turn("id", "x", session: new string('s', 1025)))).Message, StringComparison.Ordinal);
        Assert.Contains("MemoryQuery.Text", Assert.Throws<ArgumentException>(() => InputLimits.CheckQuery(new MemoryQuery("\uD800"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Vectors_must_be_finite_and_of_the_store_dimension(float bad)
    {
        var store = new MemoryStore(4, indexText: true);
        var error = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("k", "text"), [0.5f, bad, 0.5f, 0.5f]));
        Assert.Equal("vector", error.ParamName);
        Assert.Contains("element 1 of 4", error.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("k", "text"), [1f, 0f]));
        Assert.Contains("exactly 4", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
        Assert.False(store.ContainsKey("k"));
        Assert.Equal(0, store.Text!.DocumentCount);
    }
}
