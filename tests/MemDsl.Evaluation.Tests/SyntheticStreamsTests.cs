namespace MemDsl.Evaluation.Tests;

public sealed class SyntheticStreamsTests
{
    [Theory]
    [InlineData(SyntheticStreams.FactUpdatesName)]
    [InlineData(SyntheticStreams.ExperienceReuseName)]
    [InlineData(SyntheticStreams.TemporalName)]
    public void The_same_seed_gives_a_byte_identical_stream(string name)
    {
        var first = TaskStreamJson.Serialize(SyntheticStreams.Create(name, 7).Streams[0]);
        var second = TaskStreamJson.Serialize(SyntheticStreams.Create(name, 7).Streams[0]);
        var other = TaskStreamJson.Serialize(SyntheticStreams.Create(name, 8).Streams[0]);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(SyntheticStreams.FactUpdatesName)]
    [InlineData(SyntheticStreams.ExperienceReuseName)]
    [InlineData(SyntheticStreams.TemporalName)]
    public void Gold_ids_name_turns_written_before_the_query(string name)
    {
        var stream = SyntheticStreams.Create(name).Streams[0];
        var written = new HashSet<string>();
        foreach (var item in stream.Events)
        {
            if (item is WriteEvent write)
            {
                Assert.True(written.Add(write.Turn.Id), "duplicate turn id " + write.Turn.Id);
            }
            else
            {
                var query = ((QueryEvent)item).Query;
                Assert.NotEmpty(query.GoldIds);
                Assert.All(query.GoldIds, id => Assert.Contains(id, written));
            }
        }

        Assert.InRange(stream.QueryCount, 15, 100);
        Assert.InRange(stream.WriteCount, 100, 600);
    }

    // The documented difficulty (docs/bench.md): neither lexical nor hashed-cosine retrieval solves
    // a stream. Ranges are recall@10 over seed 42.
    [Theory]
    [InlineData(SyntheticStreams.FactUpdatesName, "bm25", 0.15, 0.6)]
    [InlineData(SyntheticStreams.FactUpdatesName, "cosine", 0.1, 0.6)]
    [InlineData(SyntheticStreams.ExperienceReuseName, "bm25", 0.2, 0.7)]
    [InlineData(SyntheticStreams.ExperienceReuseName, "cosine", 0.1, 0.7)]
    [InlineData(SyntheticStreams.TemporalName, "bm25", 0.0, 0.4)]
    [InlineData(SyntheticStreams.TemporalName, "cosine", 0.0, 0.4)]
    public async Task Lexical_and_cosine_baselines_stay_well_below_perfect(string stream, string baseline, double min, double max)
    {
        var runner = new BenchmarkRunner();
        var result = await runner.RunOneAsync(BuiltInDesigns.Baseline(baseline), SyntheticStreams.Create(stream));

        Assert.InRange(result.Overall.RecallAt(10), min, max);
    }

    [Fact]
    public void Unknown_stream_names_are_rejected_with_the_choices()
    {
        var exception = Assert.Throws<ArgumentException>(() => SyntheticStreams.Create("nope"));
        Assert.Equal("name", exception.ParamName);
        Assert.Contains("fact-updates", exception.Message, StringComparison.Ordinal);
    }
}
