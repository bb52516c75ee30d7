using MemDsl.Runtime;
using Microsoft.Extensions.Logging;

namespace MemDsl.Runtime.Tests.Text;

public sealed class FactOperationChooserTests
{
    private static readonly string[] Lisbon = ["Ana lives in Lisbon."];

    [Fact]
    public async Task Rule_adds_a_fact_with_nothing_similar_stored()
    {
        var chooser = new RuleFactOperationChooser();
        Assert.Equal(FactOperation.Add, await chooser.ChooseAsync("Ana relocated to Porto.", []));
    }

    [Theory]
    [InlineData("Ana lives in Lisbon.")]
    [InlineData("ana  lives in LISBON")]
    [InlineData("Ana lives, in Lisbon!")]
    public async Task Rule_ignores_a_fact_already_stored(string newFact)
    {
        var chooser = new RuleFactOperationChooser();
        Assert.Equal(FactOperation.Noop, await chooser.ChooseAsync(newFact, ["Ana has a cat.", .. Lisbon]));
    }

    [Fact]
    public async Task Rule_deletes_on_a_retraction()
    {
        var chooser = new RuleFactOperationChooser();
        Assert.Equal(FactOperation.Delete, await chooser.ChooseAsync("Ana no longer lives in Lisbon.", Lisbon));
    }

    [Fact]
    public async Task Rule_updates_on_a_changed_fact()
    {
        var chooser = new RuleFactOperationChooser();
        Assert.Equal(FactOperation.Update, await chooser.ChooseAsync("Ana relocated to Porto.", Lisbon));
        Assert.Equal(FactOperation.Update, await chooser.ChooseAsync("Ana lives in Lisbon with her sister.", Lisbon));
    }

    [Theory]
    [InlineData("ADD", FactOperation.Add)]
    [InlineData("update", FactOperation.Update)]
    [InlineData("Operation: **DELETE** (the new fact retracts memory 1)", FactOperation.Delete)]
    [InlineData("NOOP", FactOperation.Noop)]
    [InlineData("No-op: already stored.", FactOperation.Noop)]
    [InlineData("I would UPDATE memory 1 rather than delete it.", FactOperation.Update)]
    public async Task Chat_chooser_reads_the_first_operation_in_the_answer(string answer, FactOperation expected)
    {
        var chat = new ScriptedChatClient(answer);
        var logger = new RecordingLogger<ChatFactOperationChooser>();
        var chooser = new ChatFactOperationChooser(chat, logger);

        Assert.Equal(expected, await chooser.ChooseAsync("Ana relocated to Porto.", Lisbon));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task Chat_chooser_sends_the_numbered_facts_the_new_fact_and_the_four_operations()
    {
        var chat = new ScriptedChatClient("UPDATE");
        await new ChatFactOperationChooser(chat).ChooseAsync("Ana relocated to Porto.", ["Ana lives in Lisbon.", "Ana works at a bakery."]);

        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("1. Ana lives in Lisbon.", prompt, StringComparison.Ordinal);
        Assert.Contains("2. Ana works at a bakery.", prompt, StringComparison.Ordinal);
        Assert.Contains("New fact: Ana relocated to Porto.", prompt, StringComparison.Ordinal);
        foreach (var operation in new[] { "- ADD:", "- UPDATE:", "- DELETE:", "- NOOP:" })
        {
            Assert.Contains(operation, prompt, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Ana no longer lives in Lisbon.", FactOperation.Delete)]
    [InlineData("Ana relocated to Porto.", FactOperation.Update)]
    [InlineData("Ana lives in Lisbon.", FactOperation.Noop)]
    public async Task Chat_chooser_falls_back_to_the_rule_on_an_unparseable_answer_and_logs_it(string newFact, FactOperation ruleChoice)
    {
        var chat = new ScriptedChatClient("I'm not sure what you mean; could you rephrase the addition?");
        var logger = new RecordingLogger<ChatFactOperationChooser>();
        var chooser = new ChatFactOperationChooser(chat, logger);

        Assert.Equal(ruleChoice, await chooser.ChooseAsync(newFact, Lisbon));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains(ruleChoice.ToString(), entry.Message, StringComparison.Ordinal);
        Assert.Contains("could you rephrase", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_chooser_passes_cancellation_to_the_chat_client()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var chooser = new ChatFactOperationChooser(new ScriptedChatClient("ADD"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chooser.ChooseAsync("Ana moved.", Lisbon, cancelled.Token));
    }
}
