namespace MemDsl.Abstractions;

/// <summary>
/// A memory pipeline: encode → embed → store on write, retrieve on query, manage on demand.
/// Generated for each <see cref="MemoryArchitectureAttribute"/> class, or interpreted from a spec.
/// Implementations are safe for concurrent use.
/// </summary>
public interface IMemoryPipeline
{
    /// <summary>The <see cref="MemoryArchitectureAttribute.Name"/> of the declaration.</summary>
    string ArchitectureName { get; }

    /// <summary>Records stored now.</summary>
    int Count { get; }

    /// <summary>Encodes, embeds and stores one turn (managers may skip or evict records).</summary>
    /// <param name="turn">The turn; its text must not be null.</param>
    /// <param name="cancellationToken">Cancels before the store is changed.</param>
    ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default);

    /// <summary>Returns the best records for a query, best first (ties: lower record id first).</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Runs every declared manager's full pass (dedupe, capacity).</summary>
    /// <param name="cancellationToken">Cancels before the pass starts.</param>
    ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells memory how useful a hit was for a query. Stages that learn (a <see cref="StoreKind.Tracked"/>
    /// store counts successes; <see cref="RetrieveKind.Utility"/> moves the hit's utility toward the
    /// reward) update the hit's record; other declarations ignore feedback. A record removed since the
    /// query is ignored.
    /// </summary>
    /// <param name="query">The query the hit answered.</param>
    /// <param name="hit">A hit that query returned.</param>
    /// <param name="reward">How useful it was: positive counts as a success; must be finite.</param>
    /// <param name="cancellationToken">Cancels before anything is changed.</param>
    ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default);
}
