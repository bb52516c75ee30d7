namespace MemDsl.Abstractions;

/// <summary>What a <see cref="ScoreWithAttribute"/> method knows about the query being answered.</summary>
public readonly struct QueryContext
{
    /// <summary>The default half-life of <see cref="Recency(in MemoryHit)"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultHalfLife = TimeSpan.FromDays(30);

    /// <summary>Creates a query context.</summary>
    /// <param name="text">The query text.</param>
    /// <param name="now">The time the question is asked.</param>
    public QueryContext(string text, DateTimeOffset now)
    {
        Text = text;
        Now = now;
    }

    /// <summary>The query text.</summary>
    public string Text { get; }

    /// <summary>The time the question is asked.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>
    /// Exponential recency weight of a hit: 1 for a record as new as <see cref="Now"/>, 0.5 one
    /// <see cref="DefaultHalfLife"/> older, and 1 for records dated after <see cref="Now"/>.
    /// </summary>
    /// <param name="hit">The hit to weigh.</param>
    public float Recency(in MemoryHit hit) => Recency(hit, DefaultHalfLife);

    /// <summary>Exponential recency weight of a hit with the given half-life.</summary>
    /// <param name="hit">The hit to weigh.</param>
    /// <param name="halfLife">Age at which the weight is 0.5; must be positive.</param>
    public float Recency(in MemoryHit hit, TimeSpan halfLife)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be positive.");
        }

        var age = Now - hit.Record.Timestamp;
        return age <= TimeSpan.Zero ? 1f : (float)Math.Pow(0.5, age.TotalSeconds / halfLife.TotalSeconds);
    }
}
