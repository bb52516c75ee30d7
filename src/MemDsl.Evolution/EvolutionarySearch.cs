using System.Globalization;
using MemDsl.Evaluation;
using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// The meta-search loop: evaluates the starting specs, then asks its <see cref="IProposer"/> (by
/// default the <see cref="EvolutionaryProposer"/>) for children of archive members, skips those
/// already proposed, benches up to <see cref="EvolutionOptions.Parallelism"/> new ones at once on the
/// search data and records them in proposal order, until the budget or the time limit is spent.
/// </summary>
/// <remarks>
/// Determinism: proposal number <c>p</c> (starting specs count as proposals 0, 1, ...) draws all its
/// random choices from <see cref="ProposalRandom"/>(seed, p); the proposal for archive slot <c>s</c>
/// sees only entries 0 .. <c>s - Parallelism</c> (those whose results are certainly known, however
/// long each candidate takes); parent choice depends only on the archive's qualities and specs,
/// never on latency. So the same seed, data, budget and parallelism give the same archive
/// (latencies aside), and a resumed run, knowing only the archive and the proposal count, makes the
/// same proposals an uninterrupted one would. A time limit, a candidate timeout and an LLM proposer
/// make a run depend on the clock or the model, so they are outside that promise.
/// </remarks>
public sealed class EvolutionarySearch
{
    private readonly EvolutionOptions _options;
    private readonly BenchmarkDataset _dataset;
    private readonly string _datasetKey;
    private readonly BenchmarkRunner _runner;
    private readonly ParetoArchive _archive;
    private readonly IProposer _proposer;
    private readonly List<int> _proposalsAfter = [];
    private readonly List<RejectedAnswer> _rejected = [];
    private int _proposals;
    private readonly Lock _compilerLock = new();
    private CandidateCompiler? _compiler;

    /// <param name="dataset">The search data.</param>
    /// <param name="datasetKey">Names the search data in the checkpoint so a resume on other data is refused.</param>
    /// <param name="options">Seed, budget, proposer, metric, parallelism, starting specs, checkpoint path; defaults when null.</param>
    /// <param name="runner">The bench runner; a default one when null.</param>
    public EvolutionarySearch(BenchmarkDataset dataset, string datasetKey, EvolutionOptions? options = null, BenchmarkRunner? runner = null)
        : this(dataset, datasetKey, options ?? new EvolutionOptions(), runner, new ParetoArchive((options ?? new EvolutionOptions()).MaxContextTokens), 0, [])
    {
    }

    private EvolutionarySearch(BenchmarkDataset dataset, string datasetKey, EvolutionOptions options, BenchmarkRunner? runner, ParetoArchive archive, int proposals, IReadOnlyList<RejectedAnswer> rejected)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetKey);
        ArgumentNullException.ThrowIfNull(options.Metric);
        if (options.Budget < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The budget must be at least 1 candidate.");
        }

        if (options.Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, "The parallelism must be at least 1 candidate at a time.");
        }

        if (options.CandidateTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "The candidate timeout must be positive.");
        }

        if (options.TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "The time limit must be positive.");
        }

        _dataset = dataset;
        _datasetKey = datasetKey;
        _options = options;
        _runner = runner ?? new BenchmarkRunner();
        _archive = archive;
        _proposer = options.Proposer ?? new EvolutionaryProposer(options.CrossoverProbability);
        _proposals = proposals;
        _rejected.AddRange(rejected);
        for (var i = 0; i < archive.Count; i++)
        {
            // What a resumed search knows of earlier slots: they were all proposed by proposal `proposals`.
            _proposalsAfter.Add(proposals);
        }
    }

    public ParetoArchive Archive => _archive;

    public int ProposalsMade => _proposals;

    /// <summary>Proposer answers thrown away before they were benched (LLM answers that did not parse or validate), in order.</summary>
    public IReadOnlyList<RejectedAnswer> Rejected => _rejected;

    /// <summary>True when the last <see cref="RunAsync"/> stopped because <see cref="EvolutionOptions.TimeLimit"/> ran out.</summary>
    public bool StoppedByTimeLimit { get; private set; }

    /// <summary>Continues the search a checkpoint describes; its seed, data, metric, proposer and parallelism must be the ones given.</summary>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or from another seed, data, metric, proposer, parallelism or token limit.</exception>
    public static EvolutionarySearch Resume(string checkpointPath, BenchmarkDataset dataset, string datasetKey, EvolutionOptions options, BenchmarkRunner? runner = null) =>
        Resume(Checkpoint.Load(checkpointPath), checkpointPath, dataset, datasetKey, options, runner);

    /// <summary>Continues the search of a checkpoint already read from <paramref name="checkpointPath"/> (where the search goes on writing it); its seed, data, metric, proposer and parallelism must be the ones given.</summary>
    /// <exception cref="CheckpointException">The checkpoint is from another seed, data, metric, proposer, parallelism or token limit.</exception>
    public static EvolutionarySearch Resume(Checkpoint checkpoint, string checkpointPath, BenchmarkDataset dataset, string datasetKey, EvolutionOptions options, BenchmarkRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(options);
        if (checkpoint.Seed != options.Seed)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search with seed {checkpoint.Seed}, not {options.Seed}");
        }

        if (checkpoint.Dataset != datasetKey)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search on '{checkpoint.Dataset}', not '{datasetKey}'");
        }

        if (checkpoint.MetricName != options.Metric.Name)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search on metric {checkpoint.MetricName}, not {options.Metric.Name}");
        }

        var proposer = options.Proposer?.Name ?? EvolutionaryProposer.ProposerName;
        if (checkpoint.ProposerName != proposer)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search with the {checkpoint.ProposerName} proposer, not {proposer}");
        }

        if (checkpoint.EffectiveParallelism != options.Parallelism)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search evaluating {checkpoint.EffectiveParallelism} candidates at once, not {options.Parallelism}");
        }

        if (checkpoint.MaxContextTokens != options.MaxContextTokens)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search with {Describe(checkpoint.MaxContextTokens)}, not {Describe(options.MaxContextTokens)}");
        }

        return new EvolutionarySearch(dataset, datasetKey, options with { CheckpointPath = checkpointPath }, runner, checkpoint.ToArchive(checkpointPath), checkpoint.ProposalsMade, checkpoint.Rejected ?? []);
    }

    private static string Describe(double? maxContextTokens) => maxContextTokens is { } limit
        ? string.Create(CultureInfo.InvariantCulture, $"a limit of {limit} context tokens")
        : "no context token limit";

    /// <summary>The generator of proposal <paramref name="proposal"/>: a fixed mix of the seed and the proposal number.</summary>
    public static Random ProposalRandom(int seed, int proposal)
    {
        unchecked
        {
            var x = ((ulong)(uint)seed << 32) ^ (uint)proposal;
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return new Random((int)(x & 0x7FFFFFFF));
        }
    }

    /// <summary>The starting specs: the given ones, or the three model-free baselines and some random samples.</summary>
    public IReadOnlyList<ArchitectureSpec> StartingSpecs() => _options.StartingSpecs ?? DefaultStartingSpecs(_options);

    /// <summary>What a search starts from when <see cref="EvolutionOptions.StartingSpecs"/> is not given: the model-free baselines and <see cref="EvolutionOptions.Samples"/> random samples drawn from the seed.</summary>
    public static IReadOnlyList<ArchitectureSpec> DefaultStartingSpecs(EvolutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var specs = new List<ArchitectureSpec>();
        foreach (var (name, text) in BuiltInDesigns.Baselines)
        {
            specs.Add(AttributeText.Parse(text) with { Name = name });
        }

        var random = ProposalRandom(options.Seed, -1);
        for (var i = 0; i < options.Samples; i++)
        {
            specs.Add(SpecSampler.Sample(random, "sample-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return specs;
    }

    /// <summary>
    /// Runs until <see cref="EvolutionOptions.Budget"/> candidates are in the archive, the time limit
    /// passes, or no new one can be proposed. Each candidate is checkpointed and reported as soon as it
    /// and every candidate proposed before it are done.
    /// </summary>
    public async Task<ParetoArchive> RunAsync(IProgress<EvolutionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var starting = StartingSpecs();
        var deadline = _options.TimeLimit is { } limit ? DateTime.UtcNow + limit : DateTime.MaxValue;
        StoppedByTimeLimit = false;

        // Proposals whose candidates are not yet recorded, oldest first; at most Parallelism of them.
        var running = new Queue<Running>();

        // The proposer's view of the archive: entries 0 .. slot - Parallelism, fed from _archive as slots advance.
        var view = new ParetoArchive(_options.MaxContextTokens);
        var duplicates = 0;
        var exhausted = false;
        try
        {
            while (true)
            {
                while (!exhausted && running.Count < _options.Parallelism && _archive.Count + running.Count < _options.Budget)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (DateTime.UtcNow >= deadline)
                    {
                        StoppedByTimeLimit = true;
                        exhausted = true;
                        break;
                    }

                    var slot = _archive.Count + running.Count;
                    var candidate = await ProposeAsync(starting, view, slot, running, cancellationToken).ConfigureAwait(false);
                    if (candidate is null)
                    {
                        if (++duplicates >= _options.MaxConsecutiveDuplicates)
                        {
                            exhausted = true;
                        }

                        continue;
                    }

                    duplicates = 0;
                    running.Enqueue(candidate with { Evaluation = EvaluateAsync(slot, candidate.Proposal, cancellationToken) });
                }

                if (running.Count == 0)
                {
                    break;
                }

                var next = running.Dequeue();
                Record(next, await next.Evaluation!.ConfigureAwait(false), progress);
            }
        }
        finally
        {
            // Stopped by an exception (a proposer's, or cancellation): finish what is running. Evaluated
            // candidates are recorded and checkpointed, so a resume does not redo them; cancelled ones end
            // as soon as they observe the token.
            while (running.Count > 0)
            {
                var next = running.Dequeue();
                try
                {
                    var entry = await next.Evaluation!.ConfigureAwait(false);
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        Record(next, entry, progress);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        return _archive;
    }

    private void Record(Running candidate, ArchiveEntry entry, IProgress<EvolutionProgress>? progress)
    {
        _archive.Add(entry);
        _proposalsAfter.Add(candidate.ProposalsAfter);
        if (_options.CheckpointPath is { } path)
        {
            SaveCheckpoint(path, entry.Id);
        }

        progress?.Report(new EvolutionProgress(_archive.Count, _options.Budget, entry, RejectedUpTo(entry.Id)));
    }

    private async Task<Running?> ProposeAsync(IReadOnlyList<ArchitectureSpec> starting, ParetoArchive view, int slot, Queue<Running> running, CancellationToken cancellationToken)
    {
        var proposal = _proposals;
        Proposal answer;
        if (proposal < starting.Count)
        {
            answer = new Proposal(starting[proposal], "seed", [], []);
        }
        else
        {
            // Show the proposer the entries whose results every run knows at this slot.
            var known = Math.Max(0, slot - _options.Parallelism + 1);
            for (var id = view.Count; id < known; id++)
            {
                view.Add(_archive.Entries[id]);
            }

            var context = new ProposalContext(view, slot, proposal, ProposalRandom(_options.Seed, proposal), _options.Metric);
            answer = await _proposer.ProposeAsync(context, cancellationToken).ConfigureAwait(false);
        }

        _proposals++;
        foreach (var reason in answer.Rejected)
        {
            _rejected.Add(new RejectedAnswer(slot, reason));
        }

        if (answer.Spec is null || _archive.Contains(answer.Spec) || IsRunning(running, answer.Spec))
        {
            return null;
        }

        return new Running(answer, _proposals, null);
    }

    private static bool IsRunning(Queue<Running> running, ArchitectureSpec spec)
    {
        var key = ParetoArchive.Key(spec);
        foreach (var item in running)
        {
            if (ParetoArchive.Key(item.Proposal.Spec!) == key)
            {
                return true;
            }
        }

        return false;
    }

    private int RejectedUpTo(int slot)
    {
        var count = 0;
        foreach (var rejected in _rejected)
        {
            if (rejected.Slot <= slot)
            {
                count++;
            }
        }

        return count;
    }

    private void SaveCheckpoint(string path, int lastId)
    {
        var rejected = new List<RejectedAnswer>();
        foreach (var answer in _rejected)
        {
            if (answer.Slot <= lastId)
            {
                rejected.Add(answer);
            }
        }

        new Checkpoint(Checkpoint.CurrentVersion, _options.Seed, _datasetKey, _proposalsAfter[lastId], _archive.Entries, _options.Metric.Name, _proposer.Name, _options.Parallelism, rejected, _options.MaxContextTokens).Save(path);
    }

    private async Task<ArchiveEntry> EvaluateAsync(int id, Proposal proposal, CancellationToken cancellationToken)
    {
        var spec = proposal.Spec!;
        var text = AttributeText.Render(spec);
        var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.CandidateTimeout;
        if (timeout is { } limit)
        {
            timeoutSource.CancelAfter(limit);
        }

        var token = timeoutSource.Token;
        // A thread of its own per candidate: an evaluation is long and mostly synchronous, and work queued to
        // the pool from a pool thread runs one item at a time, newest first, on that thread when no other
        // worker steals it, so the candidates would not overlap.
        var work = Task.Factory.StartNew(
            async () =>
            {
                using var design = BuildDesign(spec, proposal.Code, token);
                return await _runner.RunOneAsync(design, _dataset, null, token).ConfigureAwait(false);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default).Unwrap();
        try
        {
            // WaitAsync also gives up on a candidate that never looks at its token; it keeps its thread until it returns.
            var result = timeout is { } wait
                ? await work.WaitAsync(wait, cancellationToken).ConfigureAwait(false)
                : await work.WaitAsync(cancellationToken).ConfigureAwait(false);
            timeoutSource.Dispose();
            var categories = new List<CategoryScore>(result.ByCategory.Count);
            foreach (var (name, summary) in result.ByCategory)
            {
                categories.Add(new CategoryScore(name, summary.Queries, _options.Metric.Read(summary)));
            }

            return new ArchiveEntry(id, proposal.Origin, proposal.Parents, text, _options.Metric.Read(result.Overall), result.Costs.MeanContextTokens, result.Costs.QueryP50Microseconds, null, categories, proposal.Code);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (timeout is not null && (exception is TimeoutException || (exception is OperationCanceledException && timeoutSource.IsCancellationRequested)))
        {
            return Failed(id, proposal, text, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"timed out: still running after the candidate time budget of {timeout.Value.TotalSeconds:0.###} s"));
        }
        catch (Exception exception)
        {
            timeoutSource.Dispose();
            return Failed(id, proposal, text, exception.GetType().Name + ": " + exception.Message);
        }
    }

    /// <summary>
    /// The candidate as a design: the test hook when set, else interpreted or compiled as the options
    /// say. Only a compiled build can run the methods an LLM proposal brings; the interpreted runtime
    /// refuses such a spec, so the candidate is archived as failed.
    /// </summary>
    private BenchmarkDesign BuildDesign(ArchitectureSpec spec, string? code, CancellationToken cancellationToken)
    {
        if (_options.DesignFactory is { } factory)
        {
            return factory(spec);
        }

        if (_options.Build != CandidateBuild.Compiled)
        {
            return DesignFactory.FromSpec(spec, "evolve", _options.Benchmark);
        }

        // One compiler (and its bound references) for the run; compilations take turns.
        lock (_compilerLock)
        {
            return (_compiler ??= new CandidateCompiler(_options.Benchmark)).Compile(spec, "evolve", code, cancellationToken);
        }
    }

    private static ArchiveEntry Failed(int id, Proposal proposal, string text, string reason) =>
        new(id, proposal.Origin, proposal.Parents, text, null, null, null, reason, null, proposal.Code);

    /// <summary>A proposal being evaluated; <see cref="ProposalsAfter"/> is the proposal count right after it was made.</summary>
    private sealed record Running(Proposal Proposal, int ProposalsAfter, Task<ArchiveEntry>? Evaluation);
}
