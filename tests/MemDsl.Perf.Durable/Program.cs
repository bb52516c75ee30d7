using System.Diagnostics;
using System.Globalization;
using MemDsl.Abstractions;
using MemDsl.Model;
using MemDsl.Runtime;

// Writes N records (hashing embedder, 384-d, durable SQLite store) in batches, then reopens the
// store and reports writes/s, reopen time and resident bytes per record.
// Usage: dotnet run -c Release --project tests/MemDsl.Perf.Durable -- [records=1000000] [batch=1000] [folder]
var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
var folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "memdsl-perf-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var path = Path.Combine(folder, "scale.db");

var spec = new ArchitectureSpec("scale", [
    new(StageSlot.Encode, "Turn"),
    new(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(384))),
    new(StageSlot.Store, "Vector", new ParameterValue("Persistence", SpecValue.Named("Sqlite"))),
    new(StageSlot.Retrieve, "Cosine"),
]);
var options = new InterpretedPipelineOptions { Storage = new MemoryStorageOptions { Path = path } };
string[] words = ["budget", "garden", "Lisbon", "puppy", "deadline", "coffee", "wedding", "meeting", "project", "office", "gift", "book"];
var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

var write = Stopwatch.StartNew();
using (var pipeline = InterpretedPipeline.Create(spec, options))
{
    var turns = new Turn[batch];
    for (var written = 0; written < records; written += batch)
    {
        var size = Math.Min(batch, records - written);
        for (var i = 0; i < size; i++)
        {
            var n = written + i;
            var text = string.Create(CultureInfo.InvariantCulture, $"note {n}: {words[n % 12]} {words[(n / 12) % 12]} {words[(n / 144) % 12]} item {n % 9973}");
            turns[i] = new Turn("t" + n.ToString(CultureInfo.InvariantCulture), "user", text, start.AddSeconds(n), "s" + (n / 100).ToString(CultureInfo.InvariantCulture));
        }

        await pipeline.WriteBatchAsync(size == batch ? turns : turns[..size]);
        if ((written / batch) % 100 == 0)
        {
            Console.Error.WriteLine($"  {written + size:N0} written, {(written + size) / write.Elapsed.TotalSeconds:N0}/s");
        }
    }
}

write.Stop();
var fileBytes = new FileInfo(path).Length;

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
var residentBefore = Process.GetCurrentProcess().WorkingSet64;
var reopen = Stopwatch.StartNew();
using (var pipeline = InterpretedPipeline.Create(spec, options))
{
    reopen.Stop();
    GC.Collect();
    var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var residentAfter = process.WorkingSet64;
    var hits = await pipeline.QueryAsync(new MemoryQuery("Lisbon garden budget item 42"));
    Console.WriteLine($"records            {pipeline.Count:N0} (batch {batch:N0}, hashing 384-d, Persistence = Sqlite, synchronous=FULL)");
    Console.WriteLine($"write              {write.Elapsed.TotalSeconds:N1} s, {records / write.Elapsed.TotalSeconds:N0} writes/s ({records / batch:N0} commits)");
    Console.WriteLine($"file               {fileBytes / 1e6:N0} MB, {fileBytes / (double)records:N0} bytes/record");
    Console.WriteLine($"reopen             {reopen.Elapsed.TotalSeconds:N2} s (read, checksum and index every record)");
    Console.WriteLine($"resident per record {(residentAfter - residentBefore) / (double)records:N0} bytes (working set), {(managedAfter - managedBefore) / (double)records:N0} bytes (managed heap); vector alone is {384 * 4} bytes");
    Console.WriteLine($"query after reopen {hits.Count} hits, best '{hits[0].Record.Text}'");
}

if (args.Length <= 2)
{
    Directory.Delete(folder, recursive: true);
}
