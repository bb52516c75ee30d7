using MemDsl.Runtime;
using Microsoft.Extensions.Logging;

namespace MemDsl.Runtime.Tests.Text;

public sealed class ImportanceScorerTests
{
    [Fact]
    public async Task Heuristic_scorer_returns_the_heuristic_score()
    {
        const string Text = "I was diagnosed with diabetes in March.";
        Assert.Equal(ImportanceHeuristic.Score(Text), await new HeuristicImportanceScorer().ScoreAsync(Text));
    }

    [Theory]
    [InlineData("8", 8)]
    [InlineData("Rating: 10", 10)]
    [InlineData("1", 1)]
    [InlineData("On the scale of 1 to 10, I'd say 7.", 7)]
    [InlineData("I'd rate it 3/10 - fairly mundane.", 3)]
    [InlineData("Around 6 out of 10.", 6)]
    [InlineData("On a scale of 1-10 this is poignant. Rating: 9", 9)]
    public async Task Chat_scorer_maps_the_rating_to_the_unit_interval(string answer, int rating)
    {
        var logger = new RecordingLogger<ChatImportanceScorer>();
        var scorer = new ChatImportanceScorer(new ScriptedChatClient(answer), logger);

        Assert.Equal((rating - 1) / 9f, await scorer.ScoreAsync("We broke up."));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task Chat_scorer_asks_the_generative_agents_prompt()
    {
        var chat = new ScriptedChatClient("5");
        await new ChatImportanceScorer(chat).ScoreAsync("Brushed my teeth.");

        var prompt = Assert.Single(chat.Prompts);
        Assert.StartsWith("On the scale of 1 to 10, where 1 is purely mundane (e.g., brushing teeth, making bed) and 10 is extremely poignant", prompt, StringComparison.Ordinal);
        Assert.Contains("rate the likely poignancy of the following piece of memory.", prompt, StringComparison.Ordinal);
        Assert.Contains("Memory: Brushed my teeth.", prompt, StringComparison.Ordinal);
        Assert.EndsWith("Rating: <fill in>", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I can't rate that.")]
    [InlineData("Rating: 11")]
    [InlineData("It happened in 2023.")]
    [InlineData("")]
    public async Task Chat_scorer_falls_back_to_the_heuristic_on_an_unparseable_answer_and_logs_it(string answer)
    {
        const string Memory = "Thanks, see you!";
        var logger = new RecordingLogger<ChatImportanceScorer>();
        var scorer = new ChatImportanceScorer(new ScriptedChatClient(answer), logger);

        Assert.Equal(ImportanceHeuristic.Score(Memory), await scorer.ScoreAsync(Memory));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
    }
}
