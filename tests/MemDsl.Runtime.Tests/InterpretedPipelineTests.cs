using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

public sealed class InterpretedPipelineTests
{
    private static readonly Turn[] Conversation =
    [
        TestData.Turn("D1:1", "I adopted a golden retriever puppy named Max last week.", "D1", "Ann", 0),
        TestData.Turn("D1:2", "Congratulations! How is Max settling in?", "D1", "Bob", 1),
        TestData.Turn("D1:3", "He chews every shoe in the apartment.", "D1", "Ann", 2),
        TestData.Turn("D2:1", "My sister is getting married in Lisbon in June.", "D2", "Bob", 60 * 24),
        TestData.Turn("D2:2", "Lisbon in June sounds lovely, are you giving a speech?", "D2", "Ann", (60 * 24) + 1),
        TestData.Turn("D2:3", "Yes, I am nervous about the wedding speech.", "D2", "Bob", (60 * 24) + 2),
    ];

    private static ArchitectureSpec Spec(string encode, string retrieve, string store = "VectorAndText", params StageSpec[] managers)
    {
        var stages = new List<StageSpec>
        {
            new(StageSlot.Encode, encode, new ParameterValue("Prefix", SpecValue.Named("Speaker"))),
            new(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(512))),
            new(StageSlot.Store, store),
            new(StageSlot.Retrieve, retrieve, new ParameterValue("TopK", SpecValue.Integer(3))),
        };
        stages.AddRange(managers);
        return new ArchitectureSpec("test-" + encode + "-" + retrieve, stages.ToArray());
    }

    private static async Task<InterpretedPipeline> Filled(ArchitectureSpec spec, InterpretedPipelineOptions? options = null)
    {
        var pipeline = InterpretedPipeline.Create(spec, options);
        await pipeline.WriteAllAsync(Conversation);
        return pipeline;
    }

    [Theory]
    [InlineData("Cosine")]
    [InlineData("Bm25")]
    [InlineData("Hybrid")]
    public async Task Turn_records_answer_questions_with_every_retriever(string retrieve)
    {
        var pipeline = await Filled(Spec("Turn", retrieve));
        Assert.Equal("test-Turn-" + retrieve, pipeline.ArchitectureName);
        Assert.Equal(6, pipeline.Count);

        var married = await pipeline.QueryAsync("my sister got married?");
        Assert.InRange(married.Count, 1, 3);
        Assert.Equal("Bob: My sister is getting married in Lisbon in June.", married[0].Record.Text);

        var dog = await pipeline.QueryAsync("golden retriever puppy Max");
        Assert.Equal("D1:1", dog[0].Record.Key);
        for (var i = 1; i < dog.Count; i++)
        {
            Assert.True(dog[i - 1].Score >= dog[i].Score);
        }
    }

    [Fact]
    public async Task Session_and_window_encoders_store_grouped_records()
    {
        var sessions = await Filled(Spec("Session", "Cosine"));
        Assert.Equal(2, sessions.Count);
        var hit = (await sessions.QueryAsync("wedding speech Lisbon"))[0].Record;
        Assert.Equal("session:D2", hit.Key);
        Assert.Equal(["D2:1", "D2:2", "D2:3"], hit.SourceTurnIds);

        var windows = await Filled(Spec("Window", "Bm25"));
        Assert.Equal(6, windows.Count);
        var window = (await windows.QueryAsync("shoe apartment"))[0].Record;
        Assert.Equal("D1:3", window.Key);
        Assert.Equal(["D1:1", "D1:2", "D1:3"], window.SourceTurnIds);
    }

    [Fact]
    public async Task Dedupe_skips_repeats_and_capacity_evicts_oldest()
    {
        var spec = Spec("Turn", "Cosine", "Vector",
            new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(0.99f))),
            new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(4))));
        var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("a", "the same words", speaker: "Ann"));
        await pipeline.WriteAsync(TestData.Turn("b", "The same words!", speaker: "Ann"));
        Assert.Equal(1, pipeline.Count);
        await pipeline.WriteAsync(TestData.Turn("a", "The same words!", speaker: "Ann")); // update of a known key
        Assert.Equal(1, pipeline.Count);

        foreach (var id in new[] { "c", "d", "e", "f" })
        {
            await pipeline.WriteAsync(TestData.Turn(id, "distinct text about " + id + " " + id + "x", speaker: "Ann"));
        }

        Assert.Equal(4, pipeline.Count);
        var keys = (await pipeline.QueryAsync("anything")).Select(h => h.Record.Key).ToList();
        Assert.DoesNotContain("a", keys);

        var result = await pipeline.ManageAsync();
        Assert.Equal(new ManageResult(0, 4), result);
    }

    [Fact]
    public async Task Manage_removes_near_duplicates_created_by_updates()
    {
        var spec = Spec("Turn", "Cosine", "Vector",
            new StageSpec(StageSlot.Manage, "Dedupe", new ParameterValue("Threshold", SpecValue.Float(0.99f))),
            new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(2))));
        var pipeline = InterpretedPipeline.Create(spec);
        await pipeline.WriteAsync(TestData.Turn("a", "hello there"));
        await pipeline.WriteAsync(TestData.Turn("b", "goodbye"));

        // An update of "b" is never a duplicate on write, but now duplicates the older "a".
        await pipeline.WriteAsync(TestData.Turn("b", "hello there"));
        Assert.Equal(2, pipeline.Count);
        Assert.Equal(new ManageResult(1, 1), await pipeline.ManageAsync());
        Assert.Equal("b", (await pipeline.QueryAsync("hello"))[0].Record.Key);
        Assert.Equal(new ManageResult(0, 1), await pipeline.ManageAsync());
    }

    [Fact]
    public async Task Capacity_keeps_the_newest_turns()
    {
        var spec = Spec("Turn", "Cosine", "Vector",
            new StageSpec(StageSlot.Manage, "Capacity", new ParameterValue("Max", SpecValue.Integer(2))));
        var pipeline = await Filled(spec);
        Assert.Equal(2, pipeline.Count);
        Assert.Equal(new ManageResult(0, 2), await pipeline.ManageAsync());
        var keys = (await pipeline.QueryAsync("wedding")).Select(h => h.Record.Key).Order().ToArray();
        Assert.Equal(["D2:2", "D2:3"], keys);
    }

    [Fact]
    public async Task Custom_encode_and_score_methods_are_used()
    {
        var spec = Spec("Turn", "Cosine") with
        {
            CustomMethods = EquatableArray.Create(
                new CustomMethodSpec("EncodeWith", "Encode", true, false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in"))),
                new CustomMethodSpec("ScoreWith", "Boost", true, false, "float", EquatableArray.Create(
                    new MethodParameterShape(KnownNames.MemoryHitType, "in"), new MethodParameterShape(KnownNames.QueryContextType, "in")))),
        };
        Assert.Contains("'Encode'", Assert.Throws<ArgumentException>(() => InterpretedPipeline.Create(spec)).Message);
        Assert.Contains("'Boost'", Assert.Throws<ArgumentException>(() => InterpretedPipeline.Create(spec, new InterpretedPipelineOptions { EncodeWith = t => t.Text })).Message);

        DateTimeOffset seenNow = default;
        var pipeline = await Filled(spec, new InterpretedPipelineOptions
        {
            EncodeWith = t => t.Id + " | " + t.Text.ToUpperInvariant(),
            ScoreWith = (in MemoryHit hit, in QueryContext query) =>
            {
                seenNow = query.Now;
                return hit.Record.Id; // newest first, regardless of similarity
            },
        });
        var asOf = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var hits = await pipeline.QueryAsync(new MemoryQuery("puppy", asOf));
        Assert.Equal(asOf, seenNow);
        Assert.Equal(3, hits.Count);
        Assert.True(hits[0].Record.Id > hits[1].Record.Id && hits[1].Record.Id > hits[2].Record.Id);
        Assert.Equal(hits[0].Record.Id, hits[0].Score);
        Assert.StartsWith("D", hits[0].Record.Text);
        Assert.Contains(" | ", hits[0].Record.Text);
    }

    [Fact]
    public void Invalid_spec_lists_its_diagnostic_ids()
    {
        var spec = new ArchitectureSpec(
            "broken",
            new StageSpec(StageSlot.Encode, "Turn"),
            new StageSpec(StageSlot.Embed, "Hashing"),
            new StageSpec(StageSlot.Store, "Vector"),
            new StageSpec(StageSlot.Retrieve, "Bm25", new ParameterValue("TopK", SpecValue.Integer(0))));
        var error = Assert.Throws<ArgumentException>(() => InterpretedPipeline.Create(spec));
        Assert.Equal("spec", error.ParamName);
        Assert.Contains("MEMDSL0003", error.Message); // TopK out of range
        Assert.Contains("MEMDSL0004", error.Message); // BM25 needs indexed text
    }

    [Fact]
    public void MiniLM_needs_an_embedding_generator()
    {
        var spec = new ArchitectureSpec(
            "minilm",
            new StageSpec(StageSlot.Encode, "Turn"),
            new StageSpec(StageSlot.Embed, "MiniLM"),
            new StageSpec(StageSlot.Store, "Vector"),
            new StageSpec(StageSlot.Retrieve, "Cosine"));
        var error = Assert.Throws<ArgumentException>(() => InterpretedPipeline.Create(spec));
        Assert.Contains("EmbeddingGenerator", error.Message);
    }

    [Fact]
    public async Task MiniLM_kind_runs_through_the_supplied_generator()
    {
        var spec = new ArchitectureSpec(
            "minilm",
            new StageSpec(StageSlot.Encode, "Turn"),
            new StageSpec(StageSlot.Embed, "MiniLM"),
            new StageSpec(StageSlot.Store, "Vector"),
            new StageSpec(StageSlot.Retrieve, "Cosine"));
        var pipeline = await Filled(spec, new InterpretedPipelineOptions { EmbeddingGenerator = new HashingEmbedder(384) });
        Assert.Equal(6, pipeline.Count);
        Assert.Equal("D1:3", (await pipeline.QueryAsync("chews every shoe"))[0].Record.Key);

        var wrong = InterpretedPipeline.Create(spec, new InterpretedPipelineOptions { EmbeddingGenerator = new HashingEmbedder(100) });
        await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.WriteAsync(Conversation[0]).AsTask());
        Assert.Equal(0, wrong.Count);
    }

    [Fact]
    public async Task Null_fields_and_cancellation_are_rejected_before_the_store_changes()
    {
        var pipeline = InterpretedPipeline.Create(Spec("Turn", "Cosine"));
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => pipeline.WriteAsync(new Turn("x", "Ann", null!, TestData.Start)).AsTask());
        Assert.Equal("turn", error.ParamName);
        Assert.Contains("Text", error.Message);
        error = await Assert.ThrowsAnyAsync<ArgumentException>(() => pipeline.WriteAsync(new Turn("x", "Ann", "t", TestData.Start, null!)).AsTask());
        Assert.Contains("Session", error.Message);
        Assert.Throws<ArgumentException>(() => { _ = pipeline.QueryAsync(new MemoryQuery(null!)); });

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.WriteAsync(Conversation[0], cancelled.Token).AsTask());
        Assert.Equal(0, pipeline.Count);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_end_with_every_record()
    {
        var pipeline = InterpretedPipeline.Create(Spec("Window", "Hybrid"));
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await pipeline.WriteAsync(TestData.Turn($"w{w}:{i}", $"writer {w} says message number {i} about topic {i % 7}", session: "s" + w));
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                var hits = await pipeline.QueryAsync($"message about topic {(i + r) % 7}");
                Assert.True(hits.Count <= 3);
                _ = pipeline.Count;
            }
        }));
        await Task.WhenAll(writers.Concat(readers));
        Assert.Equal(400, pipeline.Count);
        Assert.Equal(3, (await pipeline.QueryAsync("writer 2 says message number 17")).Count);
    }
}
