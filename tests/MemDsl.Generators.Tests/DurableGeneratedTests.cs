using MemDsl.Abstractions;
using MemDsl.Model;
using MemDsl.Runtime;

namespace MemDsl.Generators.Tests;

/// <summary>The generated durable pipeline: its file is the interpreted pipeline's file, and it fails clearly without a path.</summary>
public sealed class DurableGeneratedTests
{
    [Fact]
    public async Task A_generated_durable_pipeline_writes_a_file_the_interpreted_pipeline_reads_back()
    {
        var snapshot = SnapshotCase.Get("DurableHashing");
        var (result, output) = GeneratorHarness.Run(snapshot.CreateCompilation());
        Assert.Empty(GeneratorHarness.Problems(output));
        var spec = GeneratorHarness.ReadSpec(output, "Acme.Durable.DurableMemory");
        var folder = Path.Combine(Path.GetTempPath(), "memdsl-gen-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "generated.db");
        var (assembly, context) = GeneratorHarness.Load(output);
        try
        {
            var type = assembly.GetType("Acme.Durable.DurableMemory", throwOnError: true)!;
            var missing = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type, new object?[] { new MemoryStorageOptions() }));
            Assert.IsType<ArgumentException>(missing.InnerException);
            Assert.Contains("MemoryStorageOptions", missing.InnerException!.Message, StringComparison.Ordinal);

            var start = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
            var generated = (IMemoryPipeline)Activator.CreateInstance(type, new object?[] { new MemoryStorageOptions { Path = path } })!;
            for (var i = 0; i < 5; i++)
            {
                await generated.WriteAsync(new Turn("t" + i, "Ann", "note number " + i + " about lisbon", start.AddMinutes(i), "s"));
            }

            Assert.Equal(3, generated.Count);
            var generatedHits = await generated.QueryAsync(new MemoryQuery("lisbon note 4"));
            ((IDisposable)generated).Dispose();

            using var interpreted = InterpretedPipeline.Create(spec, new InterpretedPipelineOptions { Storage = new MemoryStorageOptions { Path = path } });
            Assert.Equal(3, interpreted.Count);
            var interpretedHits = await interpreted.QueryAsync(new MemoryQuery("lisbon note 4"));
            Assert.Equal(generatedHits.Select(h => h.Record), interpretedHits.Select(h => h.Record), new RecordComparer());
            Assert.Equal(generatedHits.Select(h => h.Score), interpretedHits.Select(h => h.Score));
        }
        finally
        {
            context.Unload();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_persistence_parameter_is_in_the_spec_and_renders_back()
    {
        var (_, output) = GeneratorHarness.Run(SnapshotCase.Get("DurableHashing").CreateCompilation());
        var spec = GeneratorHarness.ReadSpec(output, "Acme.Durable.DurableMemory");
        Assert.Equal("Sqlite", spec.Store.GetSymbol(MemoryCatalog.Persistence.Name));
        Assert.Contains("Persistence = PersistenceKind.Sqlite", spec.ToAttributeText(), StringComparison.Ordinal);
    }

    private sealed class RecordComparer : IEqualityComparer<MemoryRecord>
    {
        public bool Equals(MemoryRecord? x, MemoryRecord? y) =>
            x!.Id == y!.Id && x.Key == y.Key && x.Text == y.Text && x.Timestamp == y.Timestamp && x.Session == y.Session && x.SourceTurnIds.SequenceEqual(y.SourceTurnIds);

        public int GetHashCode(MemoryRecord obj) => obj.Id.GetHashCode();
    }
}
