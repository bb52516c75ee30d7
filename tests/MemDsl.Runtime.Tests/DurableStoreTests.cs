using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

public sealed class DurableStoreTests
{
    [Fact]
    public async Task Records_vectors_ids_and_ticks_survive_a_reopen_exactly()
    {
        using var folder = new TempFolder();
        var path = folder.File("agent.db");
        List<(MemoryRecord Record, float[] Vector, long LastAccess)> before;
        var offset = TimeSpan.FromHours(5.5);
        using (var pipeline = DurableSpecs.Open(path))
        {
            Assert.True(pipeline.IsDurable);
            await pipeline.WriteAsync(new Turn("t1", "Ann", "I adopted a puppy named Max. 🐶 ünïcödé", new DateTimeOffset(2024, 3, 1, 9, 0, 0, offset), "D1"));
            await pipeline.WriteAsync(TestData.Turn("t2", "My sister is getting married in Lisbon."));
            await pipeline.WriteAsync(TestData.Turn("t3", "He chews every shoe in the apartment."));
            await pipeline.QueryAsync("Lisbon wedding");
        }

        before = DurableSpecs.ReadBack(path);
        Assert.Equal([0L, 1L, 2L], before.Select(r => r.Record.Id));
        Assert.Equal("Ann: I adopted a puppy named Max. 🐶 ünïcödé", before[0].Record.Text);
        Assert.Equal(offset, before[0].Record.Timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 9, 0, 0, offset), before[0].Record.Timestamp);
        Assert.Equal(["t1"], before[0].Record.SourceTurnIds);
        Assert.Equal("D1", before[0].Record.Session);

        // The reopened pipeline retrieves what the first one stored and continues the ids.
        using (var pipeline = DurableSpecs.Open(path))
        {
            Assert.Equal(3, pipeline.Count);
            var hits = await pipeline.QueryAsync("sister married Lisbon");
            Assert.Equal("t2", hits[0].Record.Key);
            await pipeline.WriteAsync(TestData.Turn("t4", "A fourth turn."));
        }

        var after = DurableSpecs.ReadBack(path);
        Assert.Equal([0L, 1L, 2L, 3L], after.Select(r => r.Record.Id));
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Record.Text, after[i].Record.Text);
            Assert.Equal(before[i].Vector, after[i].Vector);
        }
    }

    [Fact]
    public async Task Removals_and_the_next_id_persist_so_ids_are_never_reused()
    {
        using var folder = new TempFolder();
        var path = folder.File("capacity.db");
        var spec = DurableSpecs.Spec(managers: new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(2)), new ParameterValue("Policy", SpecValue.Named("Lru"))));
        using (var pipeline = DurableSpecs.Open(path, spec))
        {
            await pipeline.WriteAsync(TestData.Turn("a", "alpha apples"));
            await pipeline.WriteAsync(TestData.Turn("b", "bravo bananas"));
            await pipeline.QueryAsync("alpha apples"); // a is now more recent than b
            await pipeline.WriteAsync(TestData.Turn("c", "charlie cherries")); // evicts b (LRU)
        }

        var stored = DurableSpecs.ReadBack(path);
        Assert.Equal(["a", "c"], stored.Select(r => r.Record.Key));

        using (var pipeline = DurableSpecs.Open(path, spec))
        {
            await pipeline.WriteAsync(TestData.Turn("d", "delta dates")); // evicts a? c is newer: LRU order a(touched) < c
        }

        stored = DurableSpecs.ReadBack(path);
        Assert.Equal(2, stored.Count);
        Assert.Equal(3L, stored[^1].Record.Id);
        Assert.Equal("d", stored[^1].Record.Key);

        // Remove the newest record, reopen: the next record still gets a fresh id.
        using (var pipeline = DurableSpecs.Open(path, DurableSpecs.Spec()))
        {
            await pipeline.WriteAsync(TestData.Turn("e", "echo eggs"));
        }

        Assert.Equal(4L, DurableSpecs.ReadBack(path)[^1].Record.Id);
    }

    [Fact]
    public async Task Dedupe_compaction_removals_persist()
    {
        using var folder = new TempFolder();
        var path = folder.File("dedupe.db");
        using (var pipeline = DurableSpecs.Open(path))
        {
            await pipeline.WriteAsync(TestData.Turn("a", "the same words again"));
            await pipeline.WriteAsync(TestData.Turn("b", "the same words again"));
            await pipeline.WriteAsync(TestData.Turn("c", "something else entirely"));
        }

        var dedupe = DurableSpecs.Spec(managers: new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(0.95f))));
        using (var pipeline = DurableSpecs.Open(path, dedupe))
        {
            var result = await pipeline.ManageAsync();
            Assert.Equal(1, result.Removed);
        }

        Assert.Equal(["b", "c"], DurableSpecs.ReadBack(path).Select(r => r.Record.Key));
    }

    [Fact]
    public async Task A_session_record_is_replaced_in_place_on_disk()
    {
        using var folder = new TempFolder();
        var path = folder.File("session.db");
        var spec = new ArchitectureSpec("sessions", [
            new(StageSlot.Encode, "Session"),
            new(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(64))),
            new(StageSlot.Store, "Vector", new ParameterValue("Persistence", SpecValue.Named("Sqlite"))),
            new(StageSlot.Retrieve, "Cosine"),
        ]);
        using (var pipeline = DurableSpecs.Open(path, spec))
        {
            await pipeline.WriteAsync(TestData.Turn("1", "first line", "S"));
            await pipeline.WriteAsync(TestData.Turn("2", "second line", "S"));
        }

        var record = Assert.Single(DurableSpecs.ReadBack(path)).Record;
        Assert.Equal(0L, record.Id);
        Assert.Equal(["1", "2"], record.SourceTurnIds);
        Assert.Contains("second line", record.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_durable_declaration_without_a_path_fails_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => InterpretedPipeline.Create(DurableSpecs.Spec()));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("MemoryStorageOptions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_embedder_dimension_fails_naming_both_and_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("dims.db");
        DurableSpecs.Open(path).Dispose();
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<DurableStoreException>(() => DurableSpecs.Open(path, DurableSpecs.Spec(dimensions: 128)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);

        var embedder = Assert.Throws<DurableStoreException>(() => MemoryStore.OpenDurable(path, 64, false, "MiniLM"));
        Assert.Contains("'Hashing'", embedder.Message, StringComparison.Ordinal);
        Assert.Contains("'MiniLM'", embedder.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_newer_schema_fails_naming_both_versions_and_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("newer.db");
        DurableSpecs.Open(path).Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 7;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<DurableStoreException>(() => DurableSpecs.Open(path));
        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_pipeline_on_the_same_file_is_refused_while_the_first_is_open()
    {
        using var folder = new TempFolder();
        var path = folder.File("locked.db");
        using (DurableSpecs.Open(path))
        {
            var error = Assert.Throws<DurableStoreException>(() => DurableSpecs.Open(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("another pipeline", error.Message, StringComparison.Ordinal);
        }

        DurableSpecs.Open(path).Dispose();
    }

    [Fact]
    public async Task Rejected_inputs_leave_nothing_in_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("rejected.db");
        using (var pipeline = DurableSpecs.Open(path))
        {
            await pipeline.WriteAsync(TestData.Turn("ok", "a fine turn"));
            await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteAsync(TestData.Turn("empty", string.Empty)).AsTask());
            await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteAsync(TestData.Turn("long", new string('x', MemoryCatalog.MaxTextLength + 1))).AsTask());
            await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteAsync(TestData.Turn("lone", "bad \uD800 surrogate")).AsTask());
            await Assert.ThrowsAsync<ArgumentException>(() => pipeline.WriteBatchAsync([TestData.Turn("b1", "fine"), TestData.Turn("b2", "\uDC00")]).AsTask());
            Assert.Equal(1, pipeline.Count);
        }

        Assert.Equal(["ok"], DurableSpecs.ReadBack(path).Select(r => r.Record.Key));

        using var store = MemoryStore.OpenDurable(path, 64, false, "Hashing");
        lock (store.SyncRoot)
        {
            var nan = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("nan", "x"), new float[64] { float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
            Assert.Equal("vector", nan.ParamName);
            var wrong = Assert.Throws<ArgumentException>(() => store.Upsert(TestData.Record("short", "x"), new float[3]));
            Assert.Contains("64", wrong.Message, StringComparison.Ordinal);
            store.Commit();
        }

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task A_batch_is_committed_as_one_unit_and_ids_follow_write_order()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch.db");
        using (var pipeline = DurableSpecs.Open(path))
        {
            var turns = Enumerable.Range(0, 50).Select(i => TestData.Turn("k" + i, "turn number " + i + " about topic " + (i % 7))).ToArray();
            await pipeline.WriteBatchAsync(turns);
            Assert.Equal(50, pipeline.Count);
        }

        var stored = DurableSpecs.ReadBack(path);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "k" + i), stored.Select(r => r.Record.Key));
    }
}
