using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

public sealed class SessionSummarizerTests
{
    private static readonly string[] Session =
    [
        "We planned the trip to Lisbon in May.",
        "The Lisbon trip needs a hotel near the river.",
        "Thanks, see you!",
        "Book the hotel for the Lisbon trip.",
        "My cat sleeps all day.",
    ];

    /// <summary>
    /// Words of three letters or more, weighted tf × ln(1 + 5 / df): "the" (df 3) 0.98, "lisbon" and
    /// "trip" (df 3) 0.98, "hotel" (df 2) 1.25, every other word (df 1) 1.79. The centroid is their sum
    /// over turns; cosine of each turn to it: 5.57, 6.84, 3.10, 6.73, 3.58. The two best are turns 2 and
    /// 4 (the hotel-and-trip turns), returned in the order they were said.
    /// </summary>
    [Fact]
    public async Task Extractive_summary_keeps_the_most_central_turns_in_order()
    {
        var summarizer = new ExtractiveSessionSummarizer(turns: 2);
        Assert.Equal([1, 3], summarizer.CentralTurns(Session));
        Assert.Equal("The Lisbon trip needs a hotel near the river. Book the hotel for the Lisbon trip.", await summarizer.SummarizeAsync(Session));
        Assert.Equal([1], new ExtractiveSessionSummarizer(turns: 1).CentralTurns(Session));

        // Fewer turns than asked for: all of them; none: an empty summary.
        Assert.Equal("Thanks, see you!", new ExtractiveSessionSummarizer(3).Summarize(["Thanks, see you!"]));
        Assert.Equal(string.Empty, new ExtractiveSessionSummarizer().Summarize([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtractiveSessionSummarizer(0));
    }

    [Fact]
    public async Task Chat_summarizer_asks_for_a_bounded_summary_of_the_numbered_turns()
    {
        var chat = new ScriptedChatClient("  Ann and Bo plan a May trip to Lisbon and book a hotel by the river.  ");
        var summary = await new ChatSessionSummarizer(chat, sentences: 2).SummarizeAsync(Session);

        Assert.Equal("Ann and Bo plan a May trip to Lisbon and book a hotel by the river.", summary);
        var prompt = Assert.Single(chat.Prompts);
        Assert.StartsWith("Summarize the following conversation session in at most 2 sentences.", prompt, StringComparison.Ordinal);
        Assert.Contains("1. We planned the trip to Lisbon in May.\n2. The Lisbon trip needs a hotel near the river.\n", prompt, StringComparison.Ordinal);
        Assert.EndsWith("5. My cat sleeps all day.\nSummary:", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_summarizer_falls_back_to_the_extractive_summary_on_an_empty_answer()
    {
        var logger = new RecordingLogger<ChatSessionSummarizer>();
        var chat = new ScriptedChatClient("   ");
        var summary = await new ChatSessionSummarizer(chat, sentences: 2, logger).SummarizeAsync(Session);

        Assert.Equal(new ExtractiveSessionSummarizer(2).Summarize(Session), summary);
        Assert.Single(logger.Entries);

        // No turns: nothing to ask.
        var silent = new ScriptedChatClient();
        Assert.Equal(string.Empty, await new ChatSessionSummarizer(silent).SummarizeAsync([]));
        Assert.Empty(silent.Prompts);
    }
}
