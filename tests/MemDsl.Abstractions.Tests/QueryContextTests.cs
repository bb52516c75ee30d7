using MemDsl.Abstractions;

namespace MemDsl.Abstractions.Tests;

public sealed class QueryContextTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static MemoryHit HitAt(DateTimeOffset timestamp) =>
        new(new MemoryRecord(0, "k", "text", timestamp, "s", ["k"]), 0.5f);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(90, 0.125)]
    public void Recency_halves_every_default_half_life(int daysOld, double expected)
    {
        var context = new QueryContext("q", Now);
        Assert.Equal(expected, context.Recency(HitAt(Now.AddDays(-daysOld))), 6);
    }

    [Fact]
    public void Records_dated_after_the_query_count_as_new()
    {
        Assert.Equal(1f, new QueryContext("q", Now).Recency(HitAt(Now.AddDays(3))));
    }

    [Fact]
    public void A_custom_half_life_is_honoured_and_must_be_positive()
    {
        var context = new QueryContext("q", Now);
        Assert.Equal(0.5, context.Recency(HitAt(Now.AddHours(-6)), TimeSpan.FromHours(6)), 6);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => context.Recency(HitAt(Now), TimeSpan.Zero));
        Assert.Equal("halfLife", error.ParamName);
    }
}
