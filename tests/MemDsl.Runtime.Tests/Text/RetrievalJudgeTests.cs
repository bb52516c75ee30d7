using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests.Text;

/// <summary>ReMem's refine judge as a stand-alone stage: the rule judge and its chat twin.</summary>
public sealed class RetrievalJudgeTests
{
    private static MemoryHit Hit(long id, string text, float score) => new(new MemoryRecord(id, "k" + id, text, TestData.Start, "s1", ["t" + id]), score);

    private static readonly MemoryHit[] Hits =
    [
        Hit(0, "Ann moved to Porto in May.", 0.9f),
        Hit(1, "ann moved to PORTO in may", 0.85f),   // the same words as the first
        Hit(2, "Ann started a job at Siemens.", 0.5f),
        Hit(3, "Nice weather today.", 0.3f),          // below 0.5 * 0.9 = 0.45
    ];

    [Fact]
    public void The_rule_judge_drops_a_repeated_text_and_a_hit_below_the_relative_cut()
    {
        Assert.Equal([true, false, true, false], new RuleRetrievalJudge(0.5f).Judge(Hits));
        Assert.Equal([true, false, true, true], new RuleRetrievalJudge(0f).Judge(Hits));
    }

    [Fact]
    public async Task The_chat_judge_keeps_the_numbers_the_model_names()
    {
        var chat = new ScriptedChatClient("Memory 2 repeats 1 and 4 is unrelated.\nKEEP: 1, 3, 9");
        var keep = await new ChatRetrievalJudge(chat).JudgeAsync("Where does Ann live?", Hits);

        Assert.Equal([true, false, true, false], keep);
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("Question: Where does Ann live?", prompt, StringComparison.Ordinal);
        Assert.Contains("[4] Nice weather today.", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_judge_reads_none_and_falls_back_to_the_rules_without_a_keep_list()
    {
        var none = await new ChatRetrievalJudge(new ScriptedChatClient("KEEP: none")).JudgeAsync("q", Hits);
        Assert.Equal([false, false, false, false], none);

        var logger = new RecordingLogger<ChatRetrievalJudge>();
        var keep = await new ChatRetrievalJudge(new ScriptedChatClient("They all look fine to me."), logger).JudgeAsync("q", Hits);
        Assert.Equal([true, false, true, false], keep);
        Assert.Equal(604, Assert.Single(logger.Entries).Id.Id);
    }
}
