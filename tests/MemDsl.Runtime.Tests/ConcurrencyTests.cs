using System.Collections.Concurrent;
using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>8 writers and 8 readers on one durable pipeline, with managers, for a few seconds.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Writers_and_readers_lose_nothing_and_see_only_whole_records()
    {
        using var folder = new TempFolder();
        var path = folder.File("concurrent.db");
        var written = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var errors = new ConcurrentQueue<Exception>();
        using (var pipeline = DurableSpecs.Open(path))
        {
            using var stop = new CancellationTokenSource(Duration);
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"w{w}-{i}";
                    var text = $"writer {w} note {i} topic {(i * 7) % 13}";
                    await pipeline.WriteAsync(TestData.Turn(id, text));
                    written[id] = "Ann: " + text;
                }
            })).ToArray();
            var readers = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
            {
                var lastCount = 0;
                while (!stop.IsCancellationRequested)
                {
                    var count = pipeline.Count;
                    Assert.True(count >= lastCount, $"count went from {lastCount} to {count}");
                    lastCount = count;
                    var hits = await pipeline.QueryAsync(new MemoryQuery($"writer {r} note topic {r}"));
                    foreach (var hit in hits)
                    {
                        // A record is seen whole: its text matches what its writer wrote, byte for byte.
                        var key = hit.Record.Key;
                        var parts = key.Split('-');
                        var expected = $"Ann: writer {parts[0][1..]} note {parts[1]} topic {(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 7) % 13}";
                        Assert.Equal(expected, hit.Record.Text);
                        Assert.Equal([key], hit.Record.SourceTurnIds);
                    }
                }
            })).ToArray();

            foreach (var task in writers.Concat(readers))
            {
                try
                {
                    await task;
                }
                catch (Exception exception)
                {
                    errors.Enqueue(exception);
                }
            }

            Assert.Empty(errors);
            Assert.Equal(written.Count, pipeline.Count);
        }

        var stored = DurableSpecs.ReadBack(path);
        Assert.Equal(written.Count, stored.Count);
        foreach (var (record, _, _) in stored)
        {
            Assert.Equal(written[record.Key], record.Text);
        }

        Assert.True(DurableStoreInspector.Verify(path).IsValid);
    }

    [Fact]
    public async Task Managers_running_beside_writers_keep_their_invariants()
    {
        using var folder = new TempFolder();
        var path = folder.File("managed.db");
        const int max = 40;
        const float threshold = 0.9f;
        var spec = DurableSpecs.Spec(
            managers: [
                new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(threshold))),
                new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(max)), new ParameterValue("Policy", SpecValue.Named("Lru"))),
            ]);
        var errors = new ConcurrentQueue<Exception>();
        using (var pipeline = DurableSpecs.Open(path, spec))
        {
            using var stop = new CancellationTokenSource(Duration);
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    // Few distinct texts, so near-duplicates keep arriving from different writers.
                    await pipeline.WriteAsync(TestData.Turn($"w{w}-{i}", $"topic {(i + w) % 60} detail {(i % 3 == 0 ? "same" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
                    Assert.True(pipeline.Count <= max, $"{pipeline.Count} records after a write; Max is {max}");
                }
            }));
            var managers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var result = await pipeline.ManageAsync();
                    Assert.True(result.Remaining <= max);
                }
            }));
            var readers = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Assert.True((await pipeline.QueryAsync(new MemoryQuery("topic " + r))).Count <= 5);
                }
            }));
            foreach (var task in writers.Concat(managers).Concat(readers))
            {
                try
                {
                    await task;
                }
                catch (Exception exception)
                {
                    errors.Enqueue(exception);
                }
            }

            Assert.Empty(errors);
            await pipeline.ManageAsync();
        }

        // After the last compaction, no two stored records are near-duplicates, and the file agrees with memory.
        var stored = DurableSpecs.ReadBack(path);
        Assert.InRange(stored.Count, 1, max);
        for (var i = 0; i < stored.Count; i++)
        {
            for (var j = i + 1; j < stored.Count; j++)
            {
                Assert.True(System.Numerics.Tensors.TensorPrimitives.Dot<float>(stored[i].Vector, stored[j].Vector) < threshold, $"{stored[i].Record.Key} and {stored[j].Record.Key} are near-duplicates");
            }
        }
    }
}
