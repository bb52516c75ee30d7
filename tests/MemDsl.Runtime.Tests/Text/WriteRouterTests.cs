using MemDsl.Runtime;
using Microsoft.Extensions.Logging;

namespace MemDsl.Runtime.Tests.Text;

public sealed class WriteRouterTests
{
    [Theory]
    // First person, a preference cue; no event, number or name: core, not semantic.
    [InlineData("I love hiking in the mountains.", "Ana", WriteRoute.Core | WriteRoute.Episodic)]
    // Identity cues (name, born) and an event word with a date and a place: core and semantic.
    [InlineData("My name is Caroline and I was born in Sweden in 1990.", "Caroline", WriteRoute.Core | WriteRoute.Semantic | WriteRoute.Episodic)]
    // About someone else (Ana), an event (relocated) with a place and a date: semantic only.
    [InlineData("Ana relocated to Porto in May 2023.", "Max", WriteRoute.Semantic | WriteRoute.Episodic)]
    // Small talk: episodic only.
    [InlineData("Haha, thanks, see you!", "Max", WriteRoute.Episodic)]
    // A question is never a durable statement or a fact.
    [InlineData("Do you love hiking? I moved to Porto in May 2023.", "Ana", WriteRoute.Episodic)]
    // First person without an identity or preference cue: not core.
    [InlineData("I am so tired today.", "Ana", WriteRoute.Episodic)]
    public async Task Rule_router_sends_durable_first_person_statements_to_core_and_facts_to_semantic(string text, string speaker, WriteRoute expected)
    {
        Assert.Equal(expected, RuleWriteRouter.Route(text, speaker));
        Assert.Equal(expected, await new RuleWriteRouter().RouteAsync(text, speaker));
    }

    [Theory]
    [InlineData("CORE, EPISODIC", WriteRoute.Core | WriteRoute.Episodic)]
    [InlineData("This belongs in semantic memory.", WriteRoute.Semantic | WriteRoute.Episodic)]
    [InlineData("core and Semantic", WriteRoute.Core | WriteRoute.Semantic | WriteRoute.Episodic)]
    [InlineData("Episodic only.", WriteRoute.Episodic)]
    public async Task Chat_router_reads_every_store_named_in_the_answer(string answer, WriteRoute expected)
    {
        var chat = new ScriptedChatClient(answer);
        var logger = new RecordingLogger<ChatWriteRouter>();

        Assert.Equal(expected, await new ChatWriteRouter(chat, logger).RouteAsync("I love green tea.", "Ana"));
        Assert.Empty(logger.Entries);
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("Speaker: Ana", prompt, StringComparison.Ordinal);
        Assert.Contains("Statement: I love green tea.", prompt, StringComparison.Ordinal);
        Assert.Contains("CORE", prompt, StringComparison.Ordinal);
        Assert.Contains("SEMANTIC", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_router_falls_back_to_the_rule_on_an_answer_naming_no_store_and_logs_it()
    {
        var chat = new ScriptedChatClient("Hard to say; it depends on the conversation.");
        var logger = new RecordingLogger<ChatWriteRouter>();

        var route = await new ChatWriteRouter(chat, logger).RouteAsync("I love hiking in the mountains.", "Ana");

        Assert.Equal(WriteRoute.Core | WriteRoute.Episodic, route);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(621, entry.Id.Id);
        Assert.Contains("Hard to say", entry.Message, StringComparison.Ordinal);
    }
}
