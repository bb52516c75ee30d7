using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace MemDsl.Evaluation;

/// <summary>
/// Runs designs on datasets. Each stream gets a fresh pipeline; writes go in order; when the session
/// changes, and before the first query after writes, <see cref="IMemoryPipeline.ManageAsync"/> runs
/// (a memory would consolidate between sessions; its time is not counted as write latency). Queries
/// are asked with <see cref="MemoryQuery.AsOf"/> = the query's time, and scored by
/// <see cref="RankingMetrics"/>.
/// </summary>
public sealed class BenchmarkRunner
{
    private const int ProgressEvery = 64;

    // Keyed by the query object, so sets live exactly as long as their dataset.
    private static readonly ConditionalWeakTable<StreamQuery, HashSet<string>> GoldSets = new();

    private readonly BenchmarkOptions _options;
    private readonly MiniLMTokenCounter _tokens;

    public BenchmarkRunner(BenchmarkOptions? options = null, MiniLMTokenCounter? tokenCounter = null)
    {
        _options = options ?? new BenchmarkOptions();
        _options.Validate();
        _tokens = tokenCounter ?? new MiniLMTokenCounter();
    }

    public async Task<BenchmarkReport> RunAsync(
        IReadOnlyList<BenchmarkDesign> designs,
        IReadOnlyList<BenchmarkDataset> datasets,
        IProgress<BenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(designs);
        ArgumentNullException.ThrowIfNull(datasets);
        if (designs.Count == 0)
        {
            throw new ArgumentException("Give at least one design.", nameof(designs));
        }

        if (datasets.Count == 0)
        {
            throw new ArgumentException("Give at least one dataset.", nameof(datasets));
        }

        var runs = new List<RunResult>();
        foreach (var dataset in datasets)
        {
            foreach (var design in designs)
            {
                runs.Add(await RunOneAsync(design, dataset, progress, cancellationToken).ConfigureAwait(false));
            }
        }

        var summaries = datasets.Select(d => new DatasetSummary(d.Name, d.Description, d.Streams.Count, d.WriteCount, d.QueryCount, d.Notes)).ToList();
        return new BenchmarkReport(_options.MaxK, summaries, runs);
    }

    public async Task<RunResult> RunOneAsync(BenchmarkDesign design, BenchmarkDataset dataset, IProgress<BenchmarkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(dataset);
        var maxK = _options.MaxK;
        var overall = new MetricAccumulator(maxK);
        var byCategory = new SortedDictionary<string, MetricAccumulator>(StringComparer.Ordinal);
        var writeLatencies = new List<double>(dataset.WriteCount);
        var queryLatencies = new List<double>(dataset.QueryCount);
        var total = dataset.WriteCount + dataset.QueryCount;
        var done = 0;
        var withoutGold = 0;
        var stored = 0;
        long contextTokens = 0;
        long managedBytes = 0;

        // Token counts by record text object: hits return the store's strings, so a record retrieved by many
        // queries is counted through one reference lookup instead of hashing its whole text per query.
        var tokensByText = new Dictionary<string, int>(ReferenceEqualityComparer.Instance);
        var ticksToMicroseconds = 1_000_000.0 / Stopwatch.Frequency;
        progress?.Report(new BenchmarkProgress(design.Name, dataset.Name, 0, total));

        foreach (var stream in dataset.Streams)
        {
            var measureHeap = _options.MeasureManagedHeap;
            var before = measureHeap ? GC.GetTotalMemory(forceFullCollection: true) : 0;
            var pipeline = design.CreatePipeline();
            string? session = null;
            var pendingManage = false;
            foreach (var item in stream.Events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item is WriteEvent write)
                {
                    if (session is not null && !string.Equals(session, write.Turn.Session, StringComparison.Ordinal))
                    {
                        await pipeline.ManageAsync(cancellationToken).ConfigureAwait(false);
                    }

                    session = write.Turn.Session;
                    var start = Stopwatch.GetTimestamp();
                    await pipeline.WriteAsync(write.Turn, cancellationToken).ConfigureAwait(false);
                    writeLatencies.Add((Stopwatch.GetTimestamp() - start) * ticksToMicroseconds);
                    pendingManage = true;
                }
                else
                {
                    var query = ((QueryEvent)item).Query;
                    if (pendingManage)
                    {
                        await pipeline.ManageAsync(cancellationToken).ConfigureAwait(false);
                        pendingManage = false;
                    }

                    var asked = new MemoryQuery(query.Text, query.AsOf);
                    var start = Stopwatch.GetTimestamp();
                    var hits = await pipeline.QueryAsync(asked, cancellationToken).ConfigureAwait(false);
                    queryLatencies.Add((Stopwatch.GetTimestamp() - start) * ticksToMicroseconds);
                    if (query.GoldIds.Count == 0)
                    {
                        withoutGold++;
                    }
                    else
                    {
                        // One set serves the metrics and the feedback, built once per query of the dataset.
                        var gold = GoldSet(query);
                        var score = RankingMetrics.Score(hits, gold, maxK);
                        overall.Add(score);
                        if (!byCategory.TryGetValue(query.Category, out var category))
                        {
                            category = new MetricAccumulator(maxK);
                            byCategory.Add(query.Category, category);
                        }

                        category.Add(score);
                        for (var i = 0; i < hits.Count; i++)
                        {
                            var text = hits[i].Record.Text;
                            if (!tokensByText.TryGetValue(text, out var tokens))
                            {
                                tokens = _tokens.Count(text);
                                tokensByText.Add(text, tokens);
                            }

                            contextTokens += tokens;
                        }

                        if (dataset.FeedbackFromGold)
                        {
                            await GiveFeedbackAsync(pipeline, asked, hits, gold, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                done++;
                if (progress is not null && done % ProgressEvery == 0)
                {
                    progress.Report(new BenchmarkProgress(design.Name, dataset.Name, done, total));
                }
            }

            stored += pipeline.Count;
            if (measureHeap)
            {
                managedBytes = Math.Max(managedBytes, GC.GetTotalMemory(forceFullCollection: true) - before);
            }

            GC.KeepAlive(pipeline);
            (pipeline as IDisposable)?.Dispose();
            tokensByText.Clear();
        }

        progress?.Report(new BenchmarkProgress(design.Name, dataset.Name, total, total));
        var categories = new SortedDictionary<string, MetricSummary>(StringComparer.Ordinal);
        foreach (var (name, accumulator) in byCategory)
        {
            categories.Add(name, accumulator.ToSummary());
        }

        var costs = new CostSummary(
            Percentile(writeLatencies, 0.50),
            Percentile(writeLatencies, 0.95),
            Percentile(queryLatencies, 0.50),
            Percentile(queryLatencies, 0.95),
            Math.Max(managedBytes, 0),
            overall.Count == 0 ? 0 : (double)contextTokens / overall.Count);
        return new RunResult(design.Name, design.Source, design.Embedder, dataset.Name, writeLatencies.Count, stored, overall.Count, withoutGold, overall.ToSummary(), categories, costs);
    }

    /// <summary>The gold evidence of <paramref name="query"/> as a set, made on first use and shared by every run (read only).</summary>
    private static HashSet<string> GoldSet(StreamQuery query) =>
        GoldSets.GetValue(query, static q => new HashSet<string>(q.GoldIds, StringComparer.Ordinal));

    /// <summary>Rewards each hit 1 when its record holds a gold evidence turn, else 0.</summary>
    private static async ValueTask GiveFeedbackAsync(IMemoryPipeline pipeline, MemoryQuery query, IReadOnlyList<MemoryHit> hits, HashSet<string> gold, CancellationToken cancellationToken)
    {
        foreach (var hit in hits)
        {
            var relevant = false;
            foreach (var turn in hit.Record.SourceTurnIds)
            {
                if (gold.Contains(turn))
                {
                    relevant = true;
                    break;
                }
            }

            await pipeline.FeedbackAsync(query, hit, relevant ? 1f : 0f, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nearest-rank percentile (0 for no values).</summary>
    public static double Percentile(List<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (fraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        }

        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
