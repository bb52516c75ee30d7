namespace MemDsl.Evaluation;

/// <summary>
/// What one leaderboard row is measured on: one or more streams whose queries are scored together
/// (LoCoMo: one stream per conversation). <paramref name="Notes"/> say what a loader skipped or changed.
/// </summary>
public sealed record BenchmarkDataset(string Name, string Description, IReadOnlyList<TaskStream> Streams, IReadOnlyList<string> Notes)
{
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
