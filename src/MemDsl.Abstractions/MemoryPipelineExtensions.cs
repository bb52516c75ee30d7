namespace MemDsl.Abstractions;

/// <summary>Conveniences over <see cref="IMemoryPipeline"/>.</summary>
public static class MemoryPipelineExtensions
{
    /// <summary>Queries with plain text, asked now.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="text">The query text.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(this IMemoryPipeline pipeline, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.QueryAsync(new MemoryQuery(text), cancellationToken);
    }

    /// <summary>Writes turns in order.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="turns">The turns.</param>
    /// <param name="cancellationToken">Cancels between writes.</param>
    public static async ValueTask WriteAllAsync(this IMemoryPipeline pipeline, IEnumerable<Turn> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(turns);
        foreach (var turn in turns)
        {
            await pipeline.WriteAsync(turn, cancellationToken).ConfigureAwait(false);
        }
    }
}
