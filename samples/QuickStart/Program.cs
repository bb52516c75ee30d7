using MemDsl.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using QuickStart;

// The generator implemented IMemoryPipeline on QuickStartMemory and wrote AddQuickStartMemory().
await using var provider = new ServiceCollection().AddQuickStartMemory().BuildServiceProvider();
var memory = provider.GetRequiredService<IMemoryPipeline>();

var written = 0;
foreach (var turn in Conversation.Turns())
{
    await memory.WriteAsync(turn);
    written++;
}

Console.WriteLine($"Architecture '{memory.ArchitectureName}': wrote {written} turns, stored {memory.Count} records.");
Console.WriteLine(QuickStartMemory.Spec.ToAttributeText());

foreach (var question in Conversation.Questions)
{
    Console.WriteLine($"Q: {question}");
    foreach (var hit in await memory.QueryAsync(question))
    {
        Console.WriteLine($"   {hit.Score:0.000}  [{hit.Record.Key}] {hit.Record.Text}");
    }
}
