using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests.Text;

/// <summary>ReasoningBank's distillation: the extractive distiller, the distilling encoder in a pipeline, and the chat twin.</summary>
public sealed class DistillationTests
{
    private const string Outcome = "In the end I reset the router with a paperclip and it worked.";

    [Fact]
    public void A_distilled_item_keeps_the_outcome_sentence_and_drops_small_talk()
    {
        var item = ExtractiveDistiller.DistillTurn("Thanks so much, you're the best! " + Outcome + " See you soon!", "Did you ever get the wifi back?", "Max: ");

        Assert.NotNull(item);
        Assert.Equal("Max: " + Outcome, item.Content);
        Assert.Equal("Did you ever get the wifi back?", item.Description);
        Assert.Equal("reset router paperclip worked", item.Title);
        Assert.Equal("reset router paperclip worked | Did you ever get the wifi back? | Max: " + Outcome, item.ToText());
    }

    [Fact]
    public void Small_talk_gives_no_item_and_a_statement_before_it_is_no_description()
    {
        Assert.Null(ExtractiveDistiller.DistillTurn("Hey! Thanks, see you!", null));
        Assert.Null(ExtractiveDistiller.DistillTurn("Haha yes, so cool!", "Wow."));

        var item = ExtractiveDistiller.DistillTurn(Outcome, "I was so annoyed with the wifi.");
        Assert.Equal(string.Empty, item!.Description);
        Assert.Equal("reset router paperclip worked | " + Outcome, item.ToText());
    }

    [Fact]
    public void Salience_adds_the_outcome_weight_and_halves_a_question()
    {
        const string Plain = "I reset the router with a paperclip";
        var importance = ImportanceHeuristic.Score(Plain);
        Assert.Equal(importance + ExtractiveDistiller.OutcomeWeight, ExtractiveDistiller.Salience(Plain), 5);
        Assert.Equal((importance + ExtractiveDistiller.OutcomeWeight) / 2, ExtractiveDistiller.Salience(Plain + "?"), 5);
        Assert.Equal(ImportanceHeuristic.Score("I bought a red bike"), ExtractiveDistiller.Salience("I bought a red bike"), 5);
    }

    [Fact]
    public void An_experience_keeps_its_most_salient_items_in_turn_order()
    {
        string[] experience =
        [
            "Hi! How are you?",
            "I bought a bike.",
            "Great, thanks!",
            "I was diagnosed with diabetes in March 2023, so I decided to change my diet because my doctor Lee told me to.",
            "We moved to Porto in May and I started a new job at Siemens.",
        ];
        var saliences = experience.Select(t => ExtractiveDistiller.DistillTurn(t, null)?.Salience ?? 0f).ToArray();
        Assert.Equal(0f, saliences[0]);
        Assert.Equal(0f, saliences[2]);
        Assert.True(saliences[1] > 0f && saliences[1] < saliences[3] && saliences[1] < saliences[4], string.Join(", ", saliences));

        var items = ExtractiveDistiller.Distill(experience, maxItems: 2);
        Assert.Equal([experience[3], experience[4]], items.Select(i => i.Content));

        Assert.Equal([experience[1], experience[3], experience[4]], ExtractiveDistiller.Distill(experience, 5).Select(i => i.Content));
    }

    [Fact]
    public async Task The_encoder_keeps_what_distillation_keeps_and_a_more_salient_turn_displaces_the_weakest()
    {
        using var pipeline = InterpretedPipeline.Create(Spec("[Encode(EncodeKind.Distill, Items = 2)]"));
        await pipeline.WriteAsync(TestData.Turn("t1", "Hi! How are you?"));
        await pipeline.WriteAsync(TestData.Turn("t2", "I bought a bike."));
        Assert.Equal(1, pipeline.Count);
        await pipeline.WriteAsync(TestData.Turn("t3", "I was diagnosed with diabetes in March 2023, so I decided to change my diet because my doctor Lee told me to."));
        Assert.Equal(2, pipeline.Count);

        // Full: the move outranks the bike, which leaves the store.
        await pipeline.WriteAsync(TestData.Turn("t4", "We moved to Porto in May and I started a new job at Siemens."));
        await pipeline.WriteAsync(TestData.Turn("t5", "Great, thanks!"));
        Assert.Equal(2, pipeline.Count);

        var hits = await pipeline.QueryAsync(new MemoryQuery("what did Ann buy? a bike?", TestData.Start.AddDays(1)));
        Assert.Equal(["distill:t3", "distill:t4"], hits.Select(h => h.Record.Key).Order(StringComparer.Ordinal));
        Assert.All(hits, h => Assert.Single(h.Record.SourceTurnIds));
    }

    [Fact]
    public async Task A_window_unit_distils_each_run_of_span_turns_on_its_own_and_a_batch_writes_the_same()
    {
        var spec = Spec("[Encode(EncodeKind.Distill, Items = 1, Unit = ExperienceUnit.Window, Span = 2)]");
        Turn[] turns =
        [
            TestData.Turn("t1", "I bought a bike.", minutes: 1),
            TestData.Turn("t2", "We moved to Porto in May and I started a new job at Siemens.", minutes: 2),
            TestData.Turn("t3", "We moved to Porto in May and I started a new job at Siemens.", minutes: 3),
            TestData.Turn("t4", "I bought a bike.", minutes: 4),
        ];
        using var single = InterpretedPipeline.Create(spec);
        foreach (var turn in turns)
        {
            await single.WriteAsync(turn);
        }

        using var batch = InterpretedPipeline.Create(spec);
        await batch.WriteBatchAsync(turns);

        var query = new MemoryQuery("Porto job", TestData.Start.AddDays(1));
        foreach (var pipeline in new[] { single, batch })
        {
            // Runs (t1, t2) and (t3, t4), one item each: the move wins both (in the first it displaces the bike).
            var hits = await pipeline.QueryAsync(query);
            Assert.Equal(["distill:t2", "distill:t3"], hits.Select(h => h.Record.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task The_description_is_the_question_before_and_its_turn_is_a_source()
    {
        using var pipeline = InterpretedPipeline.Create(Spec("[Encode(EncodeKind.Distill, Prefix = PrefixKind.Speaker)]"));
        await pipeline.WriteAsync(TestData.Turn("q", "Did you ever get the wifi back?", speaker: "Ann"));
        await pipeline.WriteAsync(TestData.Turn("a", "Thanks! " + Outcome, speaker: "Max"));

        var hits = await pipeline.QueryAsync(new MemoryQuery("router paperclip", TestData.Start.AddDays(1)));
        var hit = Assert.Single(hits);
        Assert.Equal("reset router paperclip worked | Did you ever get the wifi back? | Max: " + Outcome, hit.Record.Text);
        Assert.Equal(["q", "a"], hit.Record.SourceTurnIds);
    }

    [Fact]
    public async Task The_chat_distiller_reads_ReasoningBank_items_and_asks_for_at_most_the_items()
    {
        var chat = new ScriptedChatClient("""
            ```
            # Memory Item 1
            ## Title Reset before reconfiguring
            ## Description Regaining access to a router whose password is lost.
            ## Content
            Factory-reset the router, then log in with the default credentials on its label.
            # Memory Item 2
            ## Title Missing content
            # Memory Item 3
            ## Title: Verify the outcome
            ## Description: Checking the fix.
            ## Content: Reconnect a device to confirm the wifi works.
            ```
            """);
        var distiller = new ChatExperienceDistiller(chat);

        var items = await distiller.DistillAsync(["Ann: Did you ever get the wifi back?", "Max: " + Outcome], maxItems: 3);

        Assert.Equal(2, items.Count);
        Assert.Equal(new DistilledItem("Reset before reconfiguring", "Regaining access to a router whose password is lost.", "Factory-reset the router, then log in with the default credentials on its label.", 1f), items[0]);
        Assert.Equal(new DistilledItem("Verify the outcome", "Checking the fix.", "Reconnect a device to confirm the wifi works.", 1f), items[1]);
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("at most 3 memory items", prompt, StringComparison.Ordinal);
        Assert.Contains("# Memory Item i\n## Title", prompt, StringComparison.Ordinal);
        Assert.EndsWith("Max: " + Outcome + "\n", prompt, StringComparison.Ordinal);

        var first = Assert.Single(ChatExperienceDistiller.ParseItems("# Memory Item 1\n## Title A\n## Content B\n# Memory Item 2\n## Title C\n## Content D", maxItems: 1));
        Assert.Equal(new DistilledItem("A", string.Empty, "B", 1f), first);
    }

    [Fact]
    public async Task The_chat_distiller_falls_back_to_extraction_and_logs_when_the_answer_has_no_item()
    {
        var logger = new RecordingLogger<ChatExperienceDistiller>();
        var distiller = new ChatExperienceDistiller(new ScriptedChatClient("I cannot help with that."), logger);

        var items = await distiller.DistillAsync(["Hey there!", Outcome], maxItems: 3);

        var item = Assert.Single(items);
        Assert.Equal(Outcome, item.Content);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(603, entry.Id.Id);
    }

    private static ArchitectureSpec Spec(string encode) =>
        AttributeText.Parse("[MemoryArchitecture(\"t\")] " + encode + " [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Vector)] [Retrieve(RetrieveKind.Cosine, TopK = 5)]");
}
