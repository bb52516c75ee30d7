using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

public sealed class EntityExtractorTests
{
    [Fact]
    public async Task Rule_extractor_returns_the_names_the_rules_find()
    {
        var names = await new RuleEntityExtractor().ExtractAsync("Hey Mel! I took Biscuit to New York.");
        Assert.Equal(["Biscuit", "New York"], names);
    }

    [Fact]
    public async Task Chat_extractor_reads_one_entity_per_line_without_list_markers()
    {
        var chat = new ScriptedChatClient("- Biscuit\n2. \"New York\"\n* biscuit\n\nMel");
        var names = await new ChatEntityExtractor(chat).ExtractAsync("Hey Mel! I took Biscuit to New York.");

        Assert.Equal(["Biscuit", "New York", "Mel"], names);
        var prompt = Assert.Single(chat.Prompts);
        Assert.StartsWith("List the entities the following text names:", prompt, StringComparison.Ordinal);
        Assert.EndsWith("Text: Hey Mel! I took Biscuit to New York.\nEntities:", prompt, StringComparison.Ordinal);

        Assert.Empty(await new ChatEntityExtractor(new ScriptedChatClient("None")).ExtractAsync("It rained."));
    }

    [Fact]
    public async Task Chat_extractor_falls_back_to_the_rules_on_a_blank_answer()
    {
        var logger = new RecordingLogger<ChatEntityExtractor>();
        var names = await new ChatEntityExtractor(new ScriptedChatClient("  \n "), logger).ExtractAsync("Ana relocated to Porto.");
        Assert.Equal(["Ana", "Porto"], names);
        Assert.Single(logger.Entries);
    }
}
