using MemDsl.Evaluation;
using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// The meta-search loop: evaluates the starting specs, then proposes children of archive members
/// (a <see cref="SpecMutator.Mutate"/> of one parent, or with <see cref="EvolutionOptions.CrossoverProbability"/>
/// a <see cref="SpecMutator.Crossover"/> of two), skips those already in the archive, benches each new
/// one on the search data and records it, until the budget is spent.
/// </summary>
/// <remarks>
/// Determinism: proposal number <c>p</c> (starting specs count as proposals 0, 1, ...) draws all its
/// random choices from <see cref="ProposalRandom"/>(seed, p), and parent choice depends only on the
/// archive's qualities and specs, never on latency. So the same seed, data and budget give the same
/// archive (latencies aside), and a resumed run, knowing only the archive and the proposal count,
/// makes the same proposals an uninterrupted one would.
/// </remarks>
public sealed class EvolutionarySearch
{
    private readonly EvolutionOptions _options;
    private readonly BenchmarkDataset _dataset;
    private readonly string _datasetKey;
    private readonly BenchmarkRunner _runner;
    private readonly ParetoArchive _archive;
    private int _proposals;
    private CandidateCompiler? _compiler;

    /// <param name="dataset">The search data.</param>
    /// <param name="datasetKey">Names the search data in the checkpoint so a resume on other data is refused.</param>
    /// <param name="options">Seed, budget, starting specs, checkpoint path; defaults when null.</param>
    /// <param name="runner">The bench runner; a default one when null.</param>
    public EvolutionarySearch(BenchmarkDataset dataset, string datasetKey, EvolutionOptions? options = null, BenchmarkRunner? runner = null)
        : this(dataset, datasetKey, options ?? new EvolutionOptions(), runner, new ParetoArchive(), 0)
    {
    }

    private EvolutionarySearch(BenchmarkDataset dataset, string datasetKey, EvolutionOptions options, BenchmarkRunner? runner, ParetoArchive archive, int proposals)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetKey);
        if (options.Budget < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The budget must be at least 1 candidate.");
        }

        _dataset = dataset;
        _datasetKey = datasetKey;
        _options = options;
        _runner = runner ?? new BenchmarkRunner();
        _archive = archive;
        _proposals = proposals;
    }

    public ParetoArchive Archive => _archive;

    public int ProposalsMade => _proposals;

    /// <summary>Continues the search a checkpoint describes; its seed and data must be the ones given.</summary>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or from another seed or data.</exception>
    public static EvolutionarySearch Resume(string checkpointPath, BenchmarkDataset dataset, string datasetKey, EvolutionOptions options, BenchmarkRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checkpoint = Checkpoint.Load(checkpointPath);
        if (checkpoint.Seed != options.Seed)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search with seed {checkpoint.Seed}, not {options.Seed}");
        }

        if (checkpoint.Dataset != datasetKey)
        {
            throw new CheckpointException(checkpointPath, null, $"it was written by a search on '{checkpoint.Dataset}', not '{datasetKey}'");
        }

        return new EvolutionarySearch(dataset, datasetKey, options with { CheckpointPath = checkpointPath }, runner, checkpoint.ToArchive(checkpointPath), checkpoint.ProposalsMade);
    }

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
    public IReadOnlyList<ArchitectureSpec> StartingSpecs()
    {
        if (_options.StartingSpecs is { } given)
        {
            return given;
        }

        var specs = new List<ArchitectureSpec>();
        foreach (var (name, text) in BuiltInDesigns.Baselines)
        {
            specs.Add(AttributeText.Parse(text) with { Name = name });
        }

        var random = ProposalRandom(_options.Seed, -1);
        for (var i = 0; i < _options.Samples; i++)
        {
            specs.Add(SpecSampler.Sample(random, "sample-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return specs;
    }

    /// <summary>Runs until <see cref="EvolutionOptions.Budget"/> candidates are in the archive (or no new one can be proposed).</summary>
    public async Task<ParetoArchive> RunAsync(IProgress<EvolutionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var starting = StartingSpecs();
        var duplicates = 0;
        while (_archive.Count < _options.Budget && duplicates < _options.MaxConsecutiveDuplicates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var proposal = _proposals;
            var random = ProposalRandom(_options.Seed, proposal);
            var (spec, origin, parents) = proposal < starting.Count
                ? (starting[proposal], "seed", Array.Empty<int>())
                : Propose(random);
            _proposals++;
            if (spec is null || _archive.Contains(spec))
            {
                duplicates++;
                continue;
            }

            duplicates = 0;
            var entry = await EvaluateAsync(_archive.Count, origin, parents, spec, cancellationToken).ConfigureAwait(false);
            _archive.Add(entry);
            if (_options.CheckpointPath is { } path)
            {
                new Checkpoint(Checkpoint.CurrentVersion, _options.Seed, _datasetKey, _proposals, _archive.Entries).Save(path);
            }

            progress?.Report(new EvolutionProgress(_archive.Count, _options.Budget, entry));
        }

        return _archive;
    }

    private (ArchitectureSpec? Spec, string Origin, int[] Parents) Propose(Random random)
    {
        var first = _archive.ChooseParent(random);
        if (first is null)
        {
            // Every candidate so far failed: start again from a random spec.
            return (SpecSampler.Sample(random), "sample", []);
        }

        var name = "c" + _archive.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (random.NextDouble() < _options.CrossoverProbability)
            {
                var second = _archive.ChooseParent(random)!;
                if (second.Id != first.Id)
                {
                    var child = SpecMutator.Crossover(first.Spec, second.Spec, random) with { Name = name };
                    return (child, "crossover", [first.Id, second.Id]);
                }
            }

            return (SpecMutator.Mutate(first.Spec, random) with { Name = name }, "mutation", [first.Id]);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // No legal edit of this parent: count it as a wasted proposal.
            return (null, "mutation", [first.Id]);
        }
    }

    private BenchmarkDesign BuildDesign(ArchitectureSpec spec)
    {
        if (_options.DesignFactory is { } factory)
        {
            return factory(spec);
        }

        return _options.Build == CandidateBuild.Compiled
            ? (_compiler ??= new CandidateCompiler()).Compile(spec, "evolve")
            : DesignFactory.FromSpec(spec, "evolve");
    }

    private async Task<ArchiveEntry> EvaluateAsync(int id, string origin, int[] parents, ArchitectureSpec spec, CancellationToken cancellationToken)
    {
        var text = AttributeText.Render(spec);
        try
        {
            using var design = BuildDesign(spec);
            var result = await _runner.RunOneAsync(design, _dataset, null, cancellationToken).ConfigureAwait(false);
            return new ArchiveEntry(id, origin, parents, text, result.Overall.RecallAt(_options.QualityK), result.Costs.MeanContextTokens, result.Costs.QueryP50Microseconds, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return new ArchiveEntry(id, origin, parents, text, null, null, null, exception.GetType().Name + ": " + exception.Message);
        }
    }
}
