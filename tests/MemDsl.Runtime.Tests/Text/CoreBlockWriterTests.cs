using MemDsl.Runtime;
using Microsoft.Extensions.Logging;

namespace MemDsl.Runtime.Tests.Text;

public sealed class CoreBlockWriterTests
{
    // 8 tokens, importance 0.585; 7 tokens, 0.63; 2 tokens, 0.105.
    private static readonly string[] Facts = ["I was diagnosed with diabetes in March.", "We moved to Porto in 2021.", "ok."];

    [Theory]
    [InlineData(10, new[] { 1, 2 })]  // 7 + 2; the diagnosis (8) does not fit after the move
    [InlineData(17, new[] { 1, 0, 2 })]
    [InlineData(8, new[] { 1 })]      // 7; 2 more would be 9
    [InlineData(2, new[] { 2 })]
    [InlineData(0, new int[0])]
    public async Task Rule_writer_keeps_the_most_important_facts_that_fit(int budget, int[] expected)
    {
        Assert.Equal(expected, RuleCoreBlockWriter.Select(Facts, budget));
        Assert.Equal(expected, await new RuleCoreBlockWriter().SelectAsync(Facts, budget));
    }

    [Theory]
    [InlineData("1, 3", 20, new[] { 0, 2 })]
    [InlineData("Keep 3 and then 1 (and 3 again, and 9).", 20, new[] { 2, 0 })]
    [InlineData("1, 2, 3", 10, new[] { 0, 2 })] // 8 tokens; 7 more do not fit; 2 more do: 10
    public async Task Chat_writer_keeps_the_numbered_facts_in_its_order_within_the_budget(string answer, int budget, int[] expected)
    {
        var chat = new ScriptedChatClient(answer);
        var logger = new RecordingLogger<ChatCoreBlockWriter>();

        var kept = await new ChatCoreBlockWriter(chat, logger).SelectAsync(Facts, budget);

        Assert.Equal(expected, kept);
        Assert.Empty(logger.Entries);
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("2. We moved to Porto in 2021.", prompt, StringComparison.Ordinal);
        Assert.Contains("at most " + budget + " tokens", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_writer_falls_back_to_the_rule_on_an_answer_naming_no_fact_and_logs_it()
    {
        var chat = new ScriptedChatClient("All of them matter, I cannot choose.");
        var logger = new RecordingLogger<ChatCoreBlockWriter>();

        var kept = await new ChatCoreBlockWriter(chat, logger).SelectAsync(Facts, 10);

        Assert.Equal([1, 2], kept);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(622, entry.Id.Id);
    }
}
