using MemDsl.Model;

namespace MemDsl.Runtime;

/// <summary>
/// Runs any valid <see cref="ArchitectureSpec"/> without compilation, with exactly the semantics of
/// the generated pipeline: writes are serialized by a semaphore, every store access holds the
/// store's lock, and managers run in declaration order. Safe for concurrent use. A durable
/// declaration's writes are on disk when their task completes; dispose the pipeline to close the file.
/// </summary>
public sealed class InterpretedPipeline : IMemoryPipeline, IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly MemoryStore _store;
    private readonly EncodeKind _encodeKind;
    private readonly PrefixKind _prefix;
    private readonly TurnEncoder? _turnEncoder;
    private readonly WindowEncoder? _windowEncoder;
    private readonly SessionEncoder? _sessionEncoder;
    private readonly DistillEncoder? _distillEncoder;
    private readonly HashingEmbedder? _hashing;
    private readonly ExternalEmbedder? _external;
    private readonly CosineRetriever? _cosine;
    private readonly Bm25Retriever? _bm25;
    private readonly HybridRetriever? _hybrid;
    private readonly UtilityRetriever? _utility;
    private readonly GenerativeRetriever? _generative;
    private readonly TemporalRetriever? _temporal;
    private readonly MmrRetriever? _mmr;
    private readonly HierarchicalRetriever? _hierarchical;
    private readonly GraphRetriever? _graph;
    private readonly NotesRetriever? _notes;
    private readonly RefineRetriever? _refine;

    // Declaration order matters for ManageAsync; the typed arrays keep the write path free of type tests.
    private readonly object[] _managers;
    private readonly object[] _writeChecks;
    private readonly CapacityManager[] _capacities;
    private readonly Func<Turn, string>? _encodeWith;
    private readonly HitScorer? _scoreWith;
    private readonly ContextBuilder? _context;
    private readonly RoutedStore? _routed;
    private readonly TieredStore? _tiered;
    private readonly int _topK;

    private InterpretedPipeline(ArchitectureSpec spec, InterpretedPipelineOptions options)
    {
        ArchitectureName = spec.Name;
        Spec = spec;

        var encode = spec.Encode;
        _prefix = Enum.Parse<PrefixKind>(encode.GetSymbol(MemoryCatalog.Prefix.Name));
        _encodeKind = Enum.Parse<EncodeKind>(encode.KindName!);
        switch (_encodeKind)
        {
            case EncodeKind.Turn:
                _turnEncoder = new TurnEncoder();
                break;
            case EncodeKind.Window:
                _windowEncoder = new WindowEncoder(encode.GetInt32(MemoryCatalog.WindowSize.Name));
                break;
            case EncodeKind.Session:
                _sessionEncoder = new SessionEncoder();
                break;
            default:
                _distillEncoder = new DistillEncoder(
                    encode.GetInt32(MemoryCatalog.Items.Name),
                    Enum.Parse<ExperienceUnit>(encode.GetSymbol(MemoryCatalog.Unit.Name)),
                    encode.GetInt32(MemoryCatalog.Span.Name));
                break;
        }

        var dimensions = spec.EmbeddingDimensions;
        if (Enum.Parse<EmbedderKind>(spec.Embed.KindName!) == EmbedderKind.MiniLM)
        {
            var generator = options.EmbeddingGenerator
                ?? throw new ArgumentException(
                    $"The architecture '{spec.Name}' embeds with MiniLM: supply InterpretedPipelineOptions.EmbeddingGenerator (a {MemoryCatalog.MiniLMDimensions}-dimensional IEmbeddingGenerator<string, Embedding<float>>).",
                    nameof(options));
            _external = new ExternalEmbedder(generator, MemoryCatalog.MiniLMDimensions);
        }
        else
        {
            _hashing = new HashingEmbedder(dimensions);
        }

        var retrieve = spec.Retrieve;
        var topK = retrieve.GetInt32(MemoryCatalog.TopK.Name);
        _topK = topK;
        RetrieveKind = Enum.Parse<RetrieveKind>(retrieve.KindName!);
        switch (RetrieveKind)
        {
            case RetrieveKind.Cosine:
                _cosine = new CosineRetriever(topK);
                break;
            case RetrieveKind.Bm25:
                _bm25 = new Bm25Retriever(topK);
                break;
            case RetrieveKind.Hybrid:
                _hybrid = new HybridRetriever(topK, retrieve.GetSingle(MemoryCatalog.Alpha.Name));
                break;
            case RetrieveKind.Utility:
                _utility = new UtilityRetriever(
                    topK,
                    retrieve.GetInt32(MemoryCatalog.Candidates.Name),
                    retrieve.GetSingle(MemoryCatalog.UtilityWeight.Name),
                    retrieve.GetSingle(MemoryCatalog.LearningRate.Name));
                break;
            case RetrieveKind.Generative:
                _generative = new GenerativeRetriever(
                    topK,
                    retrieve.GetSingle(MemoryCatalog.Decay.Name),
                    retrieve.GetSingle(MemoryCatalog.RecencyWeight.Name),
                    retrieve.GetSingle(MemoryCatalog.ImportanceWeight.Name),
                    retrieve.GetSingle(MemoryCatalog.RelevanceWeight.Name));
                break;
            case RetrieveKind.Temporal:
                _temporal = new TemporalRetriever(topK);
                break;
            case RetrieveKind.Mmr:
                _mmr = new MmrRetriever(topK, retrieve.GetInt32(MemoryCatalog.Candidates.Name), retrieve.GetSingle(MemoryCatalog.Lambda.Name));
                break;
            case RetrieveKind.Hierarchical:
                _hierarchical = new HierarchicalRetriever(topK, retrieve.GetInt32(MemoryCatalog.Chunks.Name));
                break;
            case RetrieveKind.Notes:
                _notes = new NotesRetriever(topK, retrieve.GetInt32(MemoryCatalog.Seeds.Name), retrieve.GetSingle(MemoryCatalog.Alpha.Name));
                break;
            case RetrieveKind.Graph:
                _graph = new GraphRetriever(
                    topK,
                    retrieve.GetInt32(MemoryCatalog.Seeds.Name),
                    retrieve.GetInt32(MemoryCatalog.Hops.Name),
                    retrieve.GetInt32(MemoryCatalog.Fanout.Name));
                break;
            default:
                _refine = new RefineRetriever(
                    topK,
                    retrieve.GetInt32(MemoryCatalog.Candidates.Name),
                    retrieve.GetSingle(MemoryCatalog.RelativeCut.Name),
                    retrieve.GetSingle(MemoryCatalog.Redundancy.Name),
                    retrieve.GetInt32(MemoryCatalog.PruneAfter.Name));
                break;
        }

        var managers = new List<object>();
        var writeChecks = new List<object>();
        if (_distillEncoder is not null)
        {
            writeChecks.Add(_distillEncoder); // First: a turn that gives no item meets no manager.
        }

        var capacities = new List<CapacityManager>();
        foreach (var stage in spec.Managers)
        {
            switch (Enum.Parse<ManageKind>(stage.KindName!))
            {
                case ManageKind.Dedupe:
                    var dedupe = new DedupeManager(stage.GetSingle(MemoryCatalog.Threshold.Name));
                    managers.Add(dedupe);
                    writeChecks.Add(dedupe);
                    break;
                case ManageKind.Capacity:
                    var capacity = new CapacityManager(stage.GetInt32(MemoryCatalog.Max.Name), Enum.Parse<EvictionPolicy>(stage.GetSymbol(MemoryCatalog.Policy.Name)));
                    managers.Add(capacity);
                    capacities.Add(capacity);
                    break;
                case ManageKind.Utility:
                    managers.Add(new UtilityManager(stage.GetSingle(MemoryCatalog.PruneBelow.Name), stage.GetInt32(MemoryCatalog.MinUses.Name)));
                    break;
                case ManageKind.Update:
                    var update = new UpdateManager(stage.GetSingle(MemoryCatalog.Similarity.Name));
                    managers.Add(update);
                    writeChecks.Add(update);
                    break;
                default:
                    break; // ManageKind.None keeps everything.
            }
        }

        _managers = managers.ToArray();
        _writeChecks = writeChecks.ToArray();
        _capacities = capacities.ToArray();

        if (spec.FindCustomMethod(MemoryCatalog.EncodeWith.AttributeName) is { } encodeWith)
        {
            _encodeWith = options.EncodeWith
                ?? throw new ArgumentException($"The architecture '{spec.Name}' declares [EncodeWith] method '{encodeWith.MethodName}': supply InterpretedPipelineOptions.EncodeWith.", nameof(options));
        }

        if (spec.FindCustomMethod(MemoryCatalog.ScoreWith.AttributeName) is { } scoreWith)
        {
            _scoreWith = options.ScoreWith
                ?? throw new ArgumentException($"The architecture '{spec.Name}' declares [ScoreWith] method '{scoreWith.MethodName}': supply InterpretedPipelineOptions.ScoreWith.", nameof(options));
        }

        if (spec.Context is { } context)
        {
            _context = new ContextBuilder(
                Enum.Parse<ContextKind>(context.KindName!),
                context.GetInt32(MemoryCatalog.Neighbours.Name),
                context.GetInt32(MemoryCatalog.TokenBudget.Name));
        }

        // Last, so a missing option never leaves a file open.
        var storeKind = Enum.Parse<StoreKind>(spec.Store.KindName!);
        if (storeKind == StoreKind.Routed)
        {
            _routed = new RoutedStore(
                dimensions,
                spec.Store.GetInt32(MemoryCatalog.CoreQuota.Name),
                spec.Store.GetInt32(MemoryCatalog.SemanticQuota.Name),
                spec.Store.GetInt32(MemoryCatalog.CoreMax.Name));
        }
        else if (storeKind == StoreKind.Tiered)
        {
            _tiered = new TieredStore(dimensions, spec.Store.GetInt32(MemoryCatalog.CoreTokens.Name), spec.Store.GetInt32(MemoryCatalog.RecallSize.Name));
        }

        var persistence = spec.Store.Descriptor!.FindParameter(MemoryCatalog.Persistence.Name) is null
            ? PersistenceKind.None
            : Enum.Parse<PersistenceKind>(spec.Store.GetSymbol(MemoryCatalog.Persistence.Name));
        var quantization = spec.Store.Descriptor!.FindParameter(MemoryCatalog.Quantization.Name) is null
            ? QuantizationKind.None
            : Enum.Parse<QuantizationKind>(spec.Store.GetSymbol(MemoryCatalog.Quantization.Name));
        _store = storeKind == StoreKind.Notes
            ? new MemoryStore(dimensions, indexText: true, trackStatistics: true, summarizeSessions: false, linkEntities: false, noteLinks: spec.Store.GetInt32(MemoryCatalog.Links.Name))
            : MemoryStore.Open(storeKind, persistence, options.Storage, dimensions, spec.Embed.KindName!, spec.Name, quantization);
    }

    /// <inheritdoc />
    public string ArchitectureName { get; }

    /// <summary>The spec this pipeline runs.</summary>
    public ArchitectureSpec Spec { get; }

    /// <summary>The retriever kind the spec declares.</summary>
    public RetrieveKind RetrieveKind { get; }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_store.SyncRoot)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>Builds a pipeline for <paramref name="spec"/>.</summary>
    /// <param name="spec">A valid spec.</param>
    /// <param name="options">The external embedder and custom stage code the spec needs.</param>
    /// <exception cref="ArgumentException">The spec has validation errors (all are listed), or it needs an option that is missing.</exception>
    public static InterpretedPipeline Create(ArchitectureSpec spec, InterpretedPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var validation = spec.Validate();
        if (validation.HasErrors)
        {
            var message = new System.Text.StringBuilder();
            message.Append("The architecture '").Append(spec.Name).Append("' is invalid:");
            foreach (var diagnostic in validation.Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    message.AppendLine().Append("  ").Append(diagnostic.ToString());
                }
            }

            throw new ArgumentException(message.ToString(), nameof(spec));
        }

        return new InterpretedPipeline(spec, options ?? new InterpretedPipelineOptions());
    }

    /// <summary>True when the declaration persists to SQLite.</summary>
    public bool IsDurable => _store.IsDurable;

    /// <inheritdoc />
    public async ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckTurn(turn);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (encoded, vector, rented) = await EncodeAndEmbedAsync(turn, cancellationToken).ConfigureAwait(false);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                lock (_store.SyncRoot)
                {
                    Apply(turn, encoded, vector.AsSpan(0, _store.Dimensions));
                    _store.Commit();
                }
            }
            finally
            {
                if (rented)
                {
                    ArrayPool<float>.Shared.Return(vector);
                }
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Writes several turns as one unit: each is encoded, embedded and applied in order exactly as
    /// <see cref="WriteAsync"/> would, and a durable store commits them in one transaction, so when the
    /// task completes all are on disk, and after a crash before that none are. Every turn is checked
    /// before any is written.
    /// </summary>
    /// <param name="turns">The turns, in write order.</param>
    /// <param name="cancellationToken">Cancels before the store is changed.</param>
    public async ValueTask WriteBatchAsync(IReadOnlyList<Turn> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        for (var i = 0; i < turns.Count; i++)
        {
            InputLimits.CheckTurn(turns[i]);
        }

        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        var encodedAll = new EncodedRecord[turns.Count];
        var vectors = new float[turns.Count][];
        var rentedAll = new bool[turns.Count];
        try
        {
            for (var i = 0; i < turns.Count; i++)
            {
                (encodedAll[i], vectors[i], rentedAll[i]) = await EncodeAndEmbedAsync(turns[i], cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_store.SyncRoot)
            {
                for (var i = 0; i < turns.Count; i++)
                {
                    Apply(turns[i], encodedAll[i], vectors[i].AsSpan(0, _store.Dimensions));
                }

                _store.Commit();
            }
        }
        finally
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                if (rentedAll[i] && vectors[i] is { } vector)
                {
                    ArrayPool<float>.Shared.Return(vector);
                }
            }

            _writes.Release();
        }
    }

    /// <summary>Closes a durable store's file (an in-memory pipeline has nothing to release).</summary>
    public void Dispose() => _store.Dispose();

    private async ValueTask<(EncodedRecord Encoded, float[] Vector, bool Rented)> EncodeAndEmbedAsync(Turn turn, CancellationToken cancellationToken)
    {
        var line = _encodeWith is null
            ? TurnFormatter.Format(turn, _prefix)
            : _encodeWith(turn) ?? throw new InvalidOperationException($"The [EncodeWith] method of '{ArchitectureName}' returned null for turn '{turn.Id}'.");
        var encoded = Encode(turn, line);
        if (_hashing is not null)
        {
            var rented = ArrayPool<float>.Shared.Rent(_hashing.Dimensions);
            _hashing.Embed(encoded.Text, rented.AsSpan(0, _hashing.Dimensions));
            return (encoded, rented, true);
        }

        return (encoded, await _external!.EmbedAsync(encoded.Text, cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>Write checks in declaration order (the first that vetoes stops the rest), upsert and capacity eviction for one record; the caller holds the lock and commits.</summary>
    private void Apply(in Turn turn, in EncodedRecord encoded, ReadOnlySpan<float> span)
    {
        var skip = false;
        foreach (var check in _writeChecks)
        {
            skip = check switch
            {
                DedupeManager dedupe => dedupe.IsDuplicate(_store, span, encoded.Key),
                DistillEncoder distill => distill.SkipOrDisplace(_store, encoded),
                _ => ((UpdateManager)check).Apply(_store, span, encoded, turn),
            };
            if (skip)
            {
                break;
            }
        }

        if (!skip)
        {
            if (_routed is not null)
            {
                _routed.Upsert(_store, encoded, span, turn);
            }
            else if (_tiered is not null)
            {
                _tiered.Upsert(_store, encoded, span);
            }
            else
            {
                _store.Upsert(encoded, span);
            }
        }

        foreach (var capacity in _capacities)
        {
            capacity.AfterWrite(_store);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckQuery(query);

        cancellationToken.ThrowIfCancellationRequested();
        if (_bm25 is not null)
        {
            return new ValueTask<IReadOnlyList<MemoryHit>>(Finish(RetrieveAndRecord(query, default), query));
        }

        if (_hashing is not null)
        {
            // The common synchronous path: embed into a pooled buffer, no state machine.
            var dimensions = _hashing.Dimensions;
            var rented = ArrayPool<float>.Shared.Rent(dimensions);
            try
            {
                _hashing.Embed(query.Text, rented.AsSpan(0, dimensions));
                return new ValueTask<IReadOnlyList<MemoryHit>>(Finish(RetrieveAndRecord(query, rented.AsSpan(0, dimensions)), query));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        return QueryExternalAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_store.SyncRoot)
            {
                var removed = 0;
                _routed?.RemoveOrphans(_store); // copies are not records of their own: not counted
                _tiered?.SleepTime(_store); // moves between tiers remove nothing
                foreach (var manager in _managers)
                {
                    removed += manager switch
                    {
                        DedupeManager dedupe => dedupe.Compact(_store),
                        CapacityManager capacity => capacity.Compact(_store),
                        UtilityManager utility => utility.Compact(_store),
                        UpdateManager update => update.Compact(_store),
                        _ => 0,
                    };
                }

                _store.Commit();
                return new ManageResult(removed, _store.Count);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckFeedback(in query, in hit, reward);
        cancellationToken.ThrowIfCancellationRequested();
        if (_store.Statistics is null && _utility is null)
        {
            return default; // Nothing in this declaration learns from feedback.
        }

        lock (_store.SyncRoot)
        {
            _store.Statistics?.RecordReward(_store, hit.Record.Id, reward);
            _utility?.Learn(_store, hit.Record.Id, reward);
            _store.Commit();
        }

        return default;
    }

    private EncodedRecord Encode(in Turn turn, string line) => _encodeKind switch
    {
        EncodeKind.Turn => _turnEncoder!.Encode(turn, line),
        EncodeKind.Window => _windowEncoder!.Encode(turn, line),
        EncodeKind.Session => _sessionEncoder!.Encode(turn, line),
        _ => _distillEncoder!.Encode(turn, line),
    };

    private async ValueTask<IReadOnlyList<MemoryHit>> QueryExternalAsync(MemoryQuery query, CancellationToken cancellationToken)
    {
        var vector = await _external!.EmbedAsync(query.Text, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Finish(RetrieveAndRecord(query, vector), query);
    }

    private MemoryHit[] RetrieveAndRecord(in MemoryQuery query, ReadOnlySpan<float> vector)
    {
        var asOf = query.AsOf ?? DateTimeOffset.UtcNow;
        lock (_store.SyncRoot)
        {
            // A routed store runs the retriever in each of its stores (core, semantic, then episodic) and merges.
            var hits = _routed is not null
                ? _routed.Merge(
                    _store,
                    Retrieve(_routed.Core, query.Text, vector, asOf),
                    Retrieve(_routed.Semantic, query.Text, vector, asOf),
                    Retrieve(_store, query.Text, vector, asOf))
                : _tiered is not null
                    ? _tiered.Merge(
                        _store,
                        _topK,
                        Retrieve(_tiered.Core, query.Text, vector, asOf),
                        Retrieve(_tiered.Recall, query.Text, vector, asOf),
                        Retrieve(_tiered.Archival, query.Text, vector, asOf))
                    : Retrieve(_store, query.Text, vector, asOf);

            _store.Statistics?.RecordUses(_store, hits, asOf);

            foreach (var capacity in _capacities)
            {
                capacity.OnRetrieved(_store, hits);
            }

            return hits;
        }
    }

    private MemoryHit[] Retrieve(MemoryStore store, string text, ReadOnlySpan<float> vector, DateTimeOffset asOf) => RetrieveKind switch
    {
        RetrieveKind.Cosine => _cosine!.Retrieve(store, vector),
        RetrieveKind.Bm25 => _bm25!.Retrieve(store, text),
        RetrieveKind.Hybrid => _hybrid!.Retrieve(store, vector, text),
        RetrieveKind.Utility => _utility!.Retrieve(store, vector),
        RetrieveKind.Generative => _generative!.Retrieve(store, vector, asOf),
        RetrieveKind.Temporal => _temporal!.Retrieve(store, vector, text, asOf),
        RetrieveKind.Mmr => _mmr!.Retrieve(store, vector),
        RetrieveKind.Hierarchical => _hierarchical!.Retrieve(store, vector),
        RetrieveKind.Notes => _notes!.Retrieve(store, vector, text),
        RetrieveKind.Graph => _graph!.Retrieve(store, vector),
        _ => _refine!.Retrieve(store, vector),
    };

    /// <summary>[ScoreWith] rescoring, then the context stage; the caller no longer holds the store's lock.</summary>
    private MemoryHit[] Finish(MemoryHit[] hits, in MemoryQuery query)
    {
        if (_scoreWith is not null)
        {
            var context = new QueryContext(query.Text, query.AsOf ?? DateTimeOffset.UtcNow);
            for (var i = 0; i < hits.Length; i++)
            {
                hits[i] = hits[i] with { Score = _scoreWith(hits[i], context) };
            }

            HitOrdering.Sort(hits);
        }

        return _context is null ? hits : _context.Build(_store, hits);
    }
}
