namespace MemDsl.Runtime;

/// <summary>
/// A half-open interval [<see cref="Start"/>, <see cref="End"/>) of absolute time, as resolved
/// from a time expression by <see cref="TimeExpressions.TryResolve"/>. Open-ended ranges ("before
/// May 2023", "after 8 May 2023") use <see cref="DateTimeOffset.MinValue"/> / <see cref="DateTimeOffset.MaxValue"/>.
/// </summary>
/// <param name="Start">The first instant inside the window.</param>
/// <param name="End">The first instant after the window.</param>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>True when <paramref name="time"/> lies in [Start, End); offsets are compared as instants.</summary>
    public bool Contains(DateTimeOffset time) => Start <= time && time < End;

    /// <summary>The length of the window.</summary>
    public TimeSpan Duration => End - Start;

    /// <inheritdoc/>
    public override string ToString() => $"[{Start:yyyy-MM-dd HH:mm zzz}, {End:yyyy-MM-dd HH:mm zzz})";
}
