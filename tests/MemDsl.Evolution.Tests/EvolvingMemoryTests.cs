using System.Collections.Concurrent;
using MemDsl.Abstractions;
using MemDsl.Evolution;
using MemDsl.Model;
using MemDsl.Runtime;
using Microsoft.Extensions.Logging;

namespace MemDsl.Evolution.Tests;

/// <summary>
/// The runtime host that evolves its design. Embeddings come from the hashing embedder: these tests are
/// about serving, feedback, swapping and thread safety, not about embedding quality.
/// </summary>
public sealed class EvolvingMemoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Cosine over 16 hashed dimensions returning one hit: a weak design that the search can improve on.
    private static readonly ArchitectureSpec Weak = AttributeText.Parse("""
        [MemoryArchitecture("agent-memory")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 16)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 1)]
        """);

    private static readonly string[] Names = ["Orla", "Bram", "Cleo", "Dario", "Esme", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaia", "Leon", "Mira", "Nils", "Olek", "Pia", "Quinn", "Rhea", "Sami", "Tove"];
    private static readonly string[] Things = ["boat", "bicycle", "telescope", "violin", "kayak", "camera", "piano", "tent", "drone", "sled"];
    private static readonly string[] Places = ["Kestrel", "Marlow", "Tindra", "Vesper", "Halden", "Ostara", "Brisa", "Calder", "Dunmore", "Elowen", "Fenwick", "Galloway"];

    private static Turn FactTurn(int i, string prefix = "t")
    {
        var name = Names[i % Names.Length];
        var thing = Things[i / Names.Length % Things.Length];
        var place = Places[i % Places.Length] + (i / Places.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        return new Turn($"{prefix}{i}", name, $"My {thing} is stored at the {place} depot.", start.AddMinutes(i), "s" + (i / 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static MemoryQuery FactQuery(Turn turn)
    {
        var thing = turn.Text.Split(' ')[1];
        return new MemoryQuery($"Where does {turn.Speaker} keep the {thing}?", turn.Timestamp.AddDays(1));
    }

    /// <summary>
    /// What an agent does: asks, rewards the hit that holds the answer, punishes the others, and when the
    /// answer was not among the hits finds it with a literal lookup and reports it for the question.
    /// Returns the questions it gave positive feedback for.
    /// </summary>
    private static async Task<int> AskAndRewardAsync(EvolvingMemory memory, IReadOnlyList<Turn> facts)
    {
        var rewarded = 0;
        foreach (var fact in facts)
        {
            var question = FactQuery(fact);
            var hits = await memory.QueryAsync(question);
            var found = false;
            foreach (var hit in hits)
            {
                var relevant = hit.Record.SourceTurnIds.Contains(fact.Id);
                found |= relevant;
                await memory.FeedbackAsync(question, hit, relevant ? 1f : -1f);
            }

            if (!found && await FindAsync(memory, fact) is { } answer)
            {
                await memory.FeedbackAsync(question, answer, 1f);
                found = true;
            }

            rewarded += found ? 1 : 0;
        }

        return rewarded;
    }

    /// <summary>The hit holding <paramref name="turn"/> when its exact text is the query; null when none does.</summary>
    private static async Task<MemoryHit?> FindAsync(IMemoryPipeline memory, Turn turn)
    {
        foreach (var hit in await memory.QueryAsync(new MemoryQuery($"{turn.Speaker}: {turn.Text}")))
        {
            if (hit.Record.SourceTurnIds.Contains(turn.Id))
            {
                return hit;
            }
        }

        return null;
    }

    private static async Task<List<Turn>> WriteFactsAsync(EvolvingMemory memory, int count, string prefix = "t", int from = 0)
    {
        var turns = new List<Turn>();
        for (var i = from; i < from + count; i++)
        {
            var turn = FactTurn(i, prefix);
            await memory.WriteAsync(turn);
            turns.Add(turn);
        }

        return turns;
    }

    private static EvolvingMemoryOptions Options() => new()
    {
        InitialSpec = Weak,
        Interval = Timeout.InfiniteTimeSpan,
        MinRewardedQueries = 20,
        CandidateBudget = 12,
        SwapMargin = 0.05,
        Seed = 5,
    };

    [Fact]
    public async Task Background_round_swaps_to_a_better_design_and_keeps_the_records_written_before()
    {
        var logger = new CollectingLogger();
        await using var memory = new EvolvingMemory(Options() with { Interval = TimeSpan.FromMilliseconds(100) }, logger);
        var swapped = new TaskCompletionSource<DesignSwappedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        memory.DesignSwapped += (_, e) => swapped.TrySetResult(e);
        var facts = await WriteFactsAsync(memory, 60);
        var early = facts[0];
        Assert.True(await AskAndRewardAsync(memory, facts) >= 20);

        var swap = await swapped.Task.WaitAsync(Patience);

        Assert.Equal(Weak, swap.Previous);
        Assert.NotEqual(ParetoArchive.Key(Weak), ParetoArchive.Key(memory.CurrentSpec));
        Assert.Equal(swap.Current, memory.CurrentSpec);
        Assert.Equal("agent-memory", memory.ArchitectureName);
        Assert.True(swap.CurrentQuality >= swap.PreviousQuality + 0.05);
        Assert.Equal(60, swap.ReplayedTurns);
        Assert.Equal(60, memory.TurnCount);

        // The fact only the first turn holds is served by the new design.
        Assert.NotNull(await FindAsync(memory, early));
        foreach (var fact in facts)
        {
            Assert.NotNull(await FindAsync(memory, fact));
        }

        // And the new design answers the questions better than the old one did.
        var answered = 0;
        foreach (var fact in facts)
        {
            var hits = await memory.QueryAsync(FactQuery(fact));
            answered += hits.Any(h => h.Record.SourceTurnIds.Contains(fact.Id)) ? 1 : 0;
        }

        var weak = InterpretedPipeline.Create(Weak);
        foreach (var fact in facts)
        {
            await weak.WriteAsync(fact);
        }

        var weakAnswered = 0;
        foreach (var fact in facts)
        {
            var hits = await weak.QueryAsync(FactQuery(fact));
            weakAnswered += hits.Any(h => h.Record.SourceTurnIds.Contains(fact.Id)) ? 1 : 0;
        }

        Assert.True(answered > weakAnswered, $"new design answers {answered} of 60, the old one {weakAnswered}");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Swapped design", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_racing_a_swap_are_kept_and_queries_see_the_old_design_until_the_new_one_is_built()
    {
        var rebuildStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racingDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builds = 0;
        var options = Options() with
        {
            // The serving pipeline of the new design is real; the test holds its first re-written turn until
            // the racing writes are in, so they land while the rebuild runs.
            PipelineFactory = spec => Interlocked.Increment(ref builds) == 1
                ? InterpretedPipeline.Create(spec)
                : new HeldPipeline(InterpretedPipeline.Create(spec), rebuildStarted, racingDone.Task),
        };
        await using var memory = new EvolvingMemory(options);
        var facts = await WriteFactsAsync(memory, 60);
        Assert.True(await AskAndRewardAsync(memory, facts) >= 20);

        var round = memory.EvolveNowAsync();
        await rebuildStarted.Task.WaitAsync(Patience);
        var racing = await WriteFactsAsync(memory, 25, "race", 60);
        Assert.Equal(Weak, memory.CurrentSpec);
        Assert.Equal(85, memory.Count);
        Assert.NotNull(await FindAsync(memory, racing[^1]));
        racingDone.SetResult();
        var result = await round.WaitAsync(Patience);

        Assert.True(result.Swapped);
        Assert.Equal(result.SwappedTo, memory.CurrentSpec);
        Assert.Equal(2, builds);
        Assert.Equal(85, memory.TurnCount);
        foreach (var turn in facts.Concat(racing))
        {
            Assert.NotNull(await FindAsync(memory, turn));
        }

        // Writes after the swap go to the new design.
        var after = FactTurn(200, "after");
        await memory.WriteAsync(after);
        Assert.NotNull(await FindAsync(memory, after));
    }

    [Fact]
    public async Task A_failing_background_round_is_logged_and_serving_and_later_rounds_go_on()
    {
        var logger = new CollectingLogger();
        var options = Options() with
        {
            Interval = TimeSpan.FromMilliseconds(100),
            // Building any design but the first fails, as a broken deployment would.
            PipelineFactory = spec => ParetoArchive.Key(spec).Equals(ParetoArchive.Key(Weak))
                ? InterpretedPipeline.Create(spec)
                : throw new InvalidOperationException("the new design cannot be deployed"),
        };
        await using var memory = new EvolvingMemory(options, logger);
        var facts = await WriteFactsAsync(memory, 60);
        await AskAndRewardAsync(memory, facts);
        await WaitForAsync(() => logger.Failures() >= 1);

        // New traffic makes the next round search again, and it fails again: the loop is alive.
        var more = await WriteFactsAsync(memory, 5, "more", 60);
        await AskAndRewardAsync(memory, more);
        await WaitForAsync(() => logger.Failures() >= 2);

        Assert.Equal(Weak, memory.CurrentSpec);
        Assert.Equal(65, memory.Count);
        var late = FactTurn(300, "late");
        await memory.WriteAsync(late);
        Assert.NotNull(await FindAsync(memory, late));
        var failure = logger.Entries.First(e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Contains("keeps serving", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_without_enough_rewarded_queries_does_not_search()
    {
        await using var memory = new EvolvingMemory(Options());
        var facts = await WriteFactsAsync(memory, 30);
        await AskAndRewardAsync(memory, facts.Take(5).ToList());

        var round = await memory.EvolveNowAsync();

        Assert.False(round.Searched);
        Assert.Equal(5, round.RewardedQueries);
        Assert.Equal(Weak, memory.CurrentSpec);
    }

    [Fact]
    public async Task Feedback_reaches_the_served_design_so_its_utility_stage_learns()
    {
        var utility = AttributeText.Parse("""
            [MemoryArchitecture("utility")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Tracked)]
            [Retrieve(RetrieveKind.Utility, TopK = 2, Candidates = 2, UtilityWeight = 0.9f, LearningRate = 1f)]
            """);
        await using var memory = new EvolvingMemory(Options() with { InitialSpec = utility });
        var start = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
        await memory.WriteAsync(new Turn("t1", "Ann", "coffee with milk every morning", start));
        await memory.WriteAsync(new Turn("t2", "Ann", "coffee beans from the market", start.AddMinutes(1)));
        var query = new MemoryQuery("coffee with milk", start.AddDays(1));
        var first = await memory.QueryAsync(query);
        Assert.Equal("t1", first[0].Record.Key);

        await memory.FeedbackAsync(query, first[1], 1f);
        await memory.FeedbackAsync(query, first[0], -1f);

        Assert.Equal("t2", (await memory.QueryAsync(query))[0].Record.Key);
    }

    [Fact]
    public void Durable_initial_designs_and_bad_options_are_refused()
    {
        var durableSpec = AttributeText.Parse(AttributeText.Render(Weak).Replace("[Store(StoreKind.Vector)]", "[Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new EvolvingMemory(Options() with { InitialSpec = durableSpec }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvolvingMemory(Options() with { CandidateBudget = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvolvingMemory(Options() with { SwapMargin = double.NaN }));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the background round");
            await Task.Delay(20);
        }
    }

    /// <summary>A real pipeline whose first write waits for the test (and tells it that the write began).</summary>
    private sealed class HeldPipeline(IMemoryPipeline inner, TaskCompletionSource started, Task release) : IMemoryPipeline
    {
        private int _writes;

        public string ArchitectureName => inner.ArchitectureName;

        public int Count => inner.Count;

        public async ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                started.SetResult();
                await release.WaitAsync(cancellationToken);
            }

            await inner.WriteAsync(turn, cancellationToken);
        }

        public ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default) => inner.ManageAsync(cancellationToken);

        public ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default) => inner.FeedbackAsync(query, hit, reward, cancellationToken);
    }

    /// <summary>Keeps what was logged, to assert on it.</summary>
    private sealed class CollectingLogger : ILogger<EvolvingMemory>
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public int Failures() => Entries.Count(e => e.Level == LogLevel.Error);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
