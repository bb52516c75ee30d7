using System.Globalization;
using MemDsl.Abstractions;
using MemDsl.CrashWriter;
using MemDsl.Runtime;

// Usage: dotnet MemDsl.CrashWriter.dll <store file> <trial> [count]
// Prints "open" once the store is open, then each turn id once its WriteAsync has completed
// (the write is then durable), and "done" at the end. Killed at random moments by the crash trials.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MemDsl.CrashWriter <store file> <trial> [count]");
    return 2;
}

var trial = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
using var memory = new CrashMemory(new MemoryStorageOptions { Path = args[0] });
Console.WriteLine("open");
for (var n = 0; n < count; n++)
{
    var id = CrashText.Id(trial, n);
    await memory.WriteAsync(new Turn(id, "writer", CrashText.Text(id), CrashText.Timestamp(n), "trial" + trial.ToString(CultureInfo.InvariantCulture)));
    Console.WriteLine(id);
}

Console.WriteLine("done");
return 0;

/// <summary>The declaration the crash trials write through: durable, hashed vectors, text index.</summary>
[MemoryArchitecture("crash-writer")]
[Encode(EncodeKind.Turn)]
[Embed(EmbedderKind.Hashing, Dimensions = 64)]
[Store(StoreKind.VectorAndText, Persistence = PersistenceKind.Sqlite)]
[Retrieve(RetrieveKind.Hybrid)]
internal sealed partial class CrashMemory
{
}
