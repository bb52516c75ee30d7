using System.Runtime.CompilerServices;
using MemDsl.Abstractions;
using MemDsl.Evaluation;
using MemDsl.Model;
using MemDsl.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Evolution;

/// <summary>
/// A memory that evolves its own design while it serves (MemEvolve's "at runtime"): it serves one
/// pipeline, keeps every turn written and the recent queries with the feedback given on their hits,
/// and every <see cref="EvolvingMemoryOptions.Interval"/> runs a bounded <see cref="EvolutionarySearch"/>
/// on that traffic in the background. When a candidate beats the served design by
/// <see cref="EvolvingMemoryOptions.SwapMargin"/>, it builds the candidate's pipeline by re-writing every
/// stored turn (so each is re-encoded and re-embedded as the new design wants) and then serves it.
/// </summary>
/// <remarks>
/// <para>The search stream: the newest <see cref="EvolvingMemoryOptions.MaxRecentTurns"/> turns as writes, and
/// each remembered query that has positively rewarded hits, asked where it was asked (after the turns
/// written before it), with the turn ids of those hits as its gold evidence. Quality is recall@10, as in
/// <c>memdsl evolve</c>. Feedback on hits the served design returned can only keep it in place; what lets
/// another design win is feedback naming turns the served design missed, e.g. a hit the agent found with
/// a rephrased query and reports as the answer to the first one.</para>
/// <para>Thread safety: writes are serialized; queries never wait for writes or rounds. A swap builds the
/// new pipeline from a snapshot of the turns while the old one keeps serving, then, holding the write
/// lock, re-writes the turns that arrived meanwhile and switches; so a query sees either the old or the
/// complete new pipeline, and no write is lost. One round runs at a time.</para>
/// </remarks>
public sealed class EvolvingMemory : IMemoryPipeline, IAsyncDisposable, IDisposable
{
    private readonly EvolvingMemoryOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _roundGate = new(1, 1);
    private readonly List<Turn> _turns = [];
    private readonly object _trafficLock = new();
    private readonly Queue<RecordedQuery> _queries = new();
    private readonly Dictionary<MemoryQuery, RecordedQuery> _queryIndex = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private BenchmarkRunner? _runner;
    private volatile IMemoryPipeline _pipeline;

    // The records the served pipeline returned, so feedback reaches it only for its own records: after a
    // swap, a record id of the old pipeline may name another record of the new one.
    private volatile ConditionalWeakTable<MemoryRecord, IMemoryPipeline> _served = new();
    private volatile ArchitectureSpec _spec;
    private int _turnCount;
    private long _trafficVersion;
    private long _searchedVersion = -1;
    private int _round;
    private int _disposed;

    /// <summary>Builds the initial pipeline and starts the background rounds.</summary>
    /// <exception cref="ArgumentException">An option is invalid, or the initial pipeline cannot be built.</exception>
    public EvolvingMemory(EvolvingMemoryOptions options, ILogger<EvolvingMemory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _spec = options.InitialSpec;
        _pipeline = Build(options.InitialSpec);
        EvolutionLog.Serving(_logger, _spec.Name);
        _loop = options.Interval == Timeout.InfiniteTimeSpan ? Task.CompletedTask : RunLoopAsync(_stopping.Token);
    }

    /// <summary>Raised after a better design has replaced the served one (on the thread that ran the round).</summary>
    public event EventHandler<DesignSwappedEventArgs>? DesignSwapped;

    /// <summary>The design served now.</summary>
    public ArchitectureSpec CurrentSpec => _spec;

    /// <inheritdoc />
    public string ArchitectureName => _spec.Name;

    /// <inheritdoc />
    public int Count => _pipeline.Count;

    /// <summary>Turns written so far (all are kept, to rebuild the store for a new design).</summary>
    public int TurnCount => Volatile.Read(ref _turnCount);

    /// <summary>Rounds run so far, skipped ones included.</summary>
    public int Rounds => Volatile.Read(ref _round);

    /// <inheritdoc />
    public async ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Stored first: a turn the pipeline refuses is not kept for rebuilds either.
            await _pipeline.WriteAsync(turn, cancellationToken).ConfigureAwait(false);
            _turns.Add(turn);
            Volatile.Write(ref _turnCount, _turns.Count);
            Interlocked.Increment(ref _trafficVersion);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var position = Volatile.Read(ref _turnCount);
        var pipeline = _pipeline;
        var served = _served;
        var hits = await pipeline.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        foreach (var hit in hits)
        {
            served.AddOrUpdate(hit.Record, pipeline);
        }

        lock (_trafficLock)
        {
            Remember(query, position);
        }

        return hits;
    }

    /// <inheritdoc />
    public ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _pipeline.ManageAsync(cancellationToken);
    }

    /// <summary>
    /// Records how useful <paramref name="hit"/> was for <paramref name="query"/>: a positive reward makes
    /// the hit's turns gold evidence of the query in later searches, zero or negative removes them. The hit
    /// may come from another query (an answer found by rephrasing); the query should be one asked of this
    /// memory, else it counts as asked now. The served pipeline gets the feedback as well when the hit is
    /// one of its own records (not one served before a swap).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reward"/> is not a finite number.</exception>
    public ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(query.Text, nameof(query));
        ArgumentNullException.ThrowIfNull(hit.Record, nameof(hit));
        if (!float.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "The reward must be a finite number (positive: relevant).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_trafficLock)
        {
            if (!_queryIndex.TryGetValue(query, out var recorded))
            {
                recorded = Remember(query, Volatile.Read(ref _turnCount));
            }

            foreach (var turnId in hit.Record.SourceTurnIds)
            {
                if (reward > 0)
                {
                    recorded.Relevant.Add(turnId);
                }
                else
                {
                    recorded.Relevant.Remove(turnId);
                }
            }
        }

        Interlocked.Increment(ref _trafficVersion);

        // The served design's own stages learn from it too (utility, success counts), for hits it served.
        var pipeline = _pipeline;
        return _served.TryGetValue(hit.Record, out var server) && ReferenceEquals(server, pipeline)
            ? pipeline.FeedbackAsync(query, hit, reward, cancellationToken)
            : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs one round now (the background loop calls the same): when the recent traffic has enough rewarded
    /// queries and changed since the last search, searches, and swaps when a candidate wins by the margin.
    /// Waits for a round already running.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The memory was disposed.</exception>
    public async Task<EvolvingMemoryRound> EvolveNowAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        await _roundGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            return await RunRoundAsync(token).ConfigureAwait(false);
        }
        finally
        {
            _roundGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        // A round started by EvolveNowAsync sees the cancellation; wait for it before closing the pipeline.
        await _roundGate.WaitAsync().ConfigureAwait(false);
        (_pipeline as IDisposable)?.Dispose();
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private IMemoryPipeline Build(ArchitectureSpec spec) =>
        _options.PipelineFactory is { } factory ? factory(spec) : InterpretedPipeline.Create(spec, _options.PipelineOptions);

    private RecordedQuery Remember(MemoryQuery query, int position)
    {
        if (_queryIndex.TryGetValue(query, out var known))
        {
            return known;
        }

        var recorded = new RecordedQuery(query, position, DateTimeOffset.UtcNow);
        _queries.Enqueue(recorded);
        _queryIndex[query] = recorded;
        while (_queries.Count > _options.MaxRecentQueries)
        {
            var oldest = _queries.Dequeue();
            _queryIndex.Remove(oldest.Query);
        }

        return recorded;
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        // Off the constructor's thread: the first tick is one interval away anyway.
        await Task.Yield();
        using var timer = new PeriodicTimer(_options.Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await EvolveNowAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A failed round must never stop serving or later rounds.
                EvolutionLog.RoundFailed(_logger, Volatile.Read(ref _round), exception);
            }
        }
    }

    private async Task<EvolvingMemoryRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        var round = Interlocked.Increment(ref _round);
        var version = Interlocked.Read(ref _trafficVersion);
        var (stream, turns, rewarded) = await SnapshotTrafficAsync(cancellationToken).ConfigureAwait(false);
        if (rewarded < _options.MinRewardedQueries || version == _searchedVersion)
        {
            EvolutionLog.RoundSkipped(_logger, round, rewarded, _options.MinRewardedQueries);
            return new EvolvingMemoryRound(round, false, rewarded, null, null, null, null);
        }

        _searchedVersion = version;
        var served = _spec;
        var archive = await SearchAsync(round, served, stream, cancellationToken).ConfigureAwait(false);
        var current = archive.Entries[0];
        ArchiveEntry? best = null;
        for (var i = 1; i < archive.Count; i++)
        {
            var entry = archive.Entries[i];
            if (!entry.Failed && (best is null || entry.Quality > best.Quality || (entry.Quality == best.Quality && entry.ContextTokens < best.ContextTokens)))
            {
                best = entry;
            }
        }

        EvolutionLog.RoundSearched(_logger, round, archive.Count, turns, rewarded, current.Quality, best?.Quality);
        if (current.Failed || best is null || best.Quality < current.Quality + _options.SwapMargin)
        {
            return new EvolvingMemoryRound(round, true, rewarded, archive, current.Quality, best?.Quality, null);
        }

        var next = best.Spec with { Name = served.Name };
        var replayed = await SwapAsync(next, cancellationToken).ConfigureAwait(false);
        EvolutionLog.Swapped(_logger, served.Name, current.Quality!.Value, next.Name, best.Quality!.Value, replayed, AttributeText.Render(next));
        var swapped = new DesignSwappedEventArgs(served, next, current.Quality.Value, best.Quality.Value, replayed);
        try
        {
            DesignSwapped?.Invoke(this, swapped);
        }
        catch (Exception exception)
        {
            EvolutionLog.SwapHandlerFailed(_logger, exception);
        }

        return new EvolvingMemoryRound(round, true, rewarded, archive, current.Quality, best.Quality, next);
    }

    /// <summary>The search stream of the recent traffic; see the class remarks.</summary>
    private async Task<(TaskStream Stream, int Turns, int RewardedQueries)> SnapshotTrafficAsync(CancellationToken cancellationToken)
    {
        Turn[] turns;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = Math.Max(0, _turns.Count - _options.MaxRecentTurns);
            turns = _turns.GetRange(start, _turns.Count - start).ToArray();
        }
        finally
        {
            _writeGate.Release();
        }

        var positionOfFirst = Volatile.Read(ref _turnCount) - turns.Length;
        var window = new HashSet<string>(turns.Length, StringComparer.Ordinal);
        foreach (var turn in turns)
        {
            window.Add(turn.Id);
        }

        var queries = new List<(int Position, StreamQuery Query)>();
        lock (_trafficLock)
        {
            foreach (var recorded in _queries)
            {
                var gold = new List<string>();
                foreach (var id in recorded.Relevant)
                {
                    if (window.Contains(id))
                    {
                        gold.Add(id);
                    }
                }

                if (gold.Count > 0)
                {
                    gold.Sort(StringComparer.Ordinal);
                    var id = "feedback-" + queries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    queries.Add((recorded.Position - positionOfFirst, new StreamQuery(id, recorded.Query.Text, recorded.Query.AsOf ?? recorded.AskedAt, gold, "feedback")));
                }
            }
        }

        // A query asked after n turns runs before the turn at index n; stable, so equal positions keep their order.
        var ordered = queries.OrderBy(q => q.Position).ToList();
        var events = new List<StreamEvent>(turns.Length + ordered.Count);
        var next = 0;
        for (var i = 0; i < turns.Length; i++)
        {
            while (next < ordered.Count && ordered[next].Position <= i)
            {
                events.Add(new QueryEvent(ordered[next++].Query));
            }

            events.Add(new WriteEvent(turns[i]));
        }

        while (next < ordered.Count)
        {
            events.Add(new QueryEvent(ordered[next++].Query));
        }

        return (new TaskStream("recent traffic", events), turns.Length, ordered.Count);
    }

    private async Task<ParetoArchive> SearchAsync(int round, ArchitectureSpec served, TaskStream stream, CancellationToken cancellationToken)
    {
        var dataset = new BenchmarkDataset("recent traffic", "the evolving memory's recent turns and rewarded queries", [stream], []);
        var pipelineOptions = _options.PipelineOptions;
        var options = new EvolutionOptions
        {
            Seed = _options.Seed + round - 1,
            Budget = _options.CandidateBudget,
            StartingSpecs = [served],
            DesignFactory = spec => new BenchmarkDesign(spec.Name, "evolving memory", "serving embedder", () => InterpretedPipeline.Create(spec, pipelineOptions), spec),
        };
        _runner ??= new BenchmarkRunner(new BenchmarkOptions { MeasureManagedHeap = false });
        var search = new EvolutionarySearch(dataset, "evolving memory round " + round.ToString(System.Globalization.CultureInfo.InvariantCulture), options, _runner);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.RoundTimeout);
        try
        {
            // The search is CPU-bound and mostly synchronous: keep it off the caller's thread.
            await Task.Run(() => search.RunAsync(null, bounded.Token), bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            EvolutionLog.RoundTimedOut(_logger, round, search.Archive.Count);
        }

        if (search.Archive.Count == 0)
        {
            throw new TimeoutException($"Round {round} evaluated no candidate within {_options.RoundTimeout}.");
        }

        return search.Archive;
    }

    /// <summary>Builds <paramref name="spec"/>'s pipeline from every stored turn and serves it; returns the turns re-written.</summary>
    private async Task<int> SwapAsync(ArchitectureSpec spec, CancellationToken cancellationToken)
    {
        var pipeline = Build(spec);
        try
        {
            Turn[] snapshot;
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                snapshot = _turns.ToArray();
            }
            finally
            {
                _writeGate.Release();
            }

            // The old pipeline keeps serving reads and writes while the bulk of the turns are re-written.
            var session = await ReplayAsync(pipeline, snapshot, 0, snapshot.Length, null, cancellationToken).ConfigureAwait(false);
            IMemoryPipeline old;
            int replayed;
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Turns written during the bulk replay; writers wait for these few.
                var all = _turns.ToArray();
                await ReplayAsync(pipeline, all, snapshot.Length, all.Length, session, cancellationToken).ConfigureAwait(false);
                await pipeline.ManageAsync(cancellationToken).ConfigureAwait(false);
                old = _pipeline;
                _pipeline = pipeline;
                _served = new();
                _spec = spec;
                replayed = all.Length;
            }
            finally
            {
                _writeGate.Release();
            }

            // In-memory stores hold nothing to close; a query still running on the old pipeline finishes on it.
            (old as IDisposable)?.Dispose();
            return replayed;
        }
        catch
        {
            (pipeline as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Writes turns [from, to) as the benchmark runner does: a manage pass whenever the session changes.</summary>
    private static async Task<string?> ReplayAsync(IMemoryPipeline pipeline, Turn[] turns, int from, int to, string? session, CancellationToken cancellationToken)
    {
        for (var i = from; i < to; i++)
        {
            var turn = turns[i];
            if (session is not null && !string.Equals(session, turn.Session, StringComparison.Ordinal))
            {
                await pipeline.ManageAsync(cancellationToken).ConfigureAwait(false);
            }

            session = turn.Session;
            await pipeline.WriteAsync(turn, cancellationToken).ConfigureAwait(false);
        }

        return session;
    }

    private sealed class RecordedQuery(MemoryQuery query, int position, DateTimeOffset askedAt)
    {
        public MemoryQuery Query { get; } = query;

        /// <summary>Turns written when the query was asked.</summary>
        public int Position { get; } = position;

        public DateTimeOffset AskedAt { get; } = askedAt;

        public HashSet<string> Relevant { get; } = new(StringComparer.Ordinal);
    }
}
