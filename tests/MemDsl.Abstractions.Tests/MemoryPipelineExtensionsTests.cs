using MemDsl.Abstractions;

namespace MemDsl.Abstractions.Tests;

public sealed class MemoryPipelineExtensionsTests
{
    /// <summary>Records what the extensions pass through, to check they add nothing and drop nothing.</summary>
    private sealed class RecordingPipeline : IMemoryPipeline
    {
        public List<Turn> Written { get; } = [];

        public List<MemoryQuery> Queries { get; } = [];

        public string ArchitectureName => "recording";

        public int Count => Written.Count;

        public ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Written.Add(turn);
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            return ValueTask.FromResult<IReadOnlyList<MemoryHit>>([]);
        }

        public ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new ManageResult(0, Count));

        public ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default) => default;
    }

    [Fact]
    public async Task Text_queries_are_asked_now_with_the_text_unchanged()
    {
        var pipeline = new RecordingPipeline();
        await pipeline.QueryAsync("where is the key?");
        Assert.Equal(new MemoryQuery("where is the key?"), Assert.Single(pipeline.Queries));
    }

    [Fact]
    public async Task WriteAll_writes_in_order_and_stops_when_cancelled()
    {
        var pipeline = new RecordingPipeline();
        var day = DateTimeOffset.UnixEpoch;
        var turns = Enumerable.Range(0, 5).Select(i => new Turn(i.ToString(), "a", "t" + i, day, "s")).ToList();

        await pipeline.WriteAllAsync(turns);
        Assert.Equal(turns, pipeline.Written);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pipeline.WriteAllAsync(turns, cancelled.Token));
        Assert.Equal(5, pipeline.Written.Count);
    }

    [Fact]
    public async Task Null_arguments_are_named()
    {
        IMemoryPipeline? none = null;
        var error = await Assert.ThrowsAsync<ArgumentNullException>(async () => await none!.QueryAsync("q"));
        Assert.Equal("pipeline", error.ParamName);
        var turnsError = await Assert.ThrowsAsync<ArgumentNullException>(async () => await new RecordingPipeline().WriteAllAsync(null!));
        Assert.Equal("turns", turnsError.ParamName);
    }
}
