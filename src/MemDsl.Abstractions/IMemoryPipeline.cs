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
}
