namespace MemDsl.Evaluation;

/// <summary>
/// Built-in task streams, deterministic from a seed and needing no files. Each is written with
/// paraphrase variety and vocabulary shared across entities, families and topics, so exact word
/// overlap alone does not solve it (see docs/bench.md for the measured difficulty).
/// </summary>
public static class SyntheticStreams
{
    public const int DefaultSeed = 42;

    public const string FactUpdatesName = "fact-updates";
    public const string ExperienceReuseName = "experience-reuse";
    public const string TemporalName = "temporal";

    public static IReadOnlyList<string> Names { get; } = [FactUpdatesName, ExperienceReuseName, TemporalName];

    /// <summary>
    /// People whose city, employer, pet, hobby and commute change over four months, stated in first or
    /// third person with varied wording, among chatter that names other cities and employers. Queries
    /// ask for the current value (category "current") or the value on a past date ("past"); gold is
    /// the turn that set the value. Rewards update handling and recency.
    /// </summary>
    public static BenchmarkDataset FactUpdates(int seed = DefaultSeed) =>
        Wrap(FactUpdateStream.Create(seed), "synthetic fact updates: current and past attribute values after changes");

    /// <summary>
    /// Solved tasks from ten families (router login, flat sourdough, ...) with six paraphrases each
    /// and shared filler vocabulary; a query is a new task phrased in an unseen way, and its gold is
    /// every earlier solution of the same family. Rewards encoding and retrieval quality.
    /// </summary>
    public static BenchmarkDataset ExperienceReuse(int seed = DefaultSeed) =>
        Wrap(ExperienceReuseStream.Create(seed), "synthetic experience reuse: new task, gold = earlier same-family solutions");

    /// <summary>
    /// Half a year of diary turns on five topics with no dates in the text; queries name a time
    /// ("in May", "last week") and a topic, and gold is the topic's turns in that time.
    /// </summary>
    public static BenchmarkDataset Temporal(int seed = DefaultSeed) =>
        Wrap(TemporalStream.Create(seed), "synthetic temporal: topic questions scoped by month or last week");

    public static IReadOnlyList<BenchmarkDataset> All(int seed = DefaultSeed) => [FactUpdates(seed), ExperienceReuse(seed), Temporal(seed)];

    public static BenchmarkDataset Create(string name, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            FactUpdatesName => FactUpdates(seed),
            ExperienceReuseName => ExperienceReuse(seed),
            TemporalName => Temporal(seed),
            _ => throw new ArgumentException($"Unknown synthetic stream '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static BenchmarkDataset Wrap(TaskStream stream, string description) =>
        new("synthetic:" + stream.Name, description, [stream], [$"{stream.WriteCount} writes, {stream.QueryCount} queries"]);
}
