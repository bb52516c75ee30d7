namespace MemDsl.Evaluation;

/// <summary>
/// What one leaderboard row is measured on: one or more streams whose queries are scored together
/// (LoCoMo: one stream per conversation). <paramref name="Notes"/> say what a loader skipped or changed.
/// </summary>
public sealed record BenchmarkDataset(string Name, string Description, IReadOnlyList<TaskStream> Streams, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// When true, after each query is scored every hit gets feedback through
    /// <see cref="IMemoryPipeline.FeedbackAsync"/>: reward 1 when its record holds a gold evidence turn,
    /// else 0. The score is recorded first, so feedback only helps later queries (online learning).
    /// The CLI sets it on LoCoMo's search split only, so validation numbers never see gold labels.
    /// </summary>
    public bool FeedbackFromGold { get; init; }

    public int WriteCount
    {
        get
        {
            var count = 0;
            foreach (var stream in Streams)
            {
                count += stream.WriteCount;
            }

            return count;
        }
    }

    public int QueryCount
    {
        get
        {
            var count = 0;
            foreach (var stream in Streams)
            {
                count += stream.QueryCount;
            }

            return count;
        }
    }
}
