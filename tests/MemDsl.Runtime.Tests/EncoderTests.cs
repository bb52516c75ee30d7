using MemDsl.Abstractions;

namespace MemDsl.Runtime.Tests;

public sealed class EncoderTests
{
    [Fact]
    public void Formatter_writes_the_prefixes()
    {
        var turn = new Turn("D1:1", "Ann", "hi there", new DateTimeOffset(2023, 5, 7, 23, 30, 0, TimeSpan.FromHours(-8)), "s1");
        Assert.Equal("hi there", TurnFormatter.Format(turn, PrefixKind.None));
        Assert.Equal("Ann: hi there", TurnFormatter.Format(turn, PrefixKind.Speaker));

        // The date is the turn's own (2023-05-07 at -08:00), not converted to UTC (which is the 8th).
        Assert.Equal("[2023-05-07] Ann: hi there", TurnFormatter.Format(turn, PrefixKind.SpeakerAndDate));
    }

    [Fact]
    public void Turn_encoder_keys_by_turn_id()
    {
        var record = new TurnEncoder().Encode(TestData.Turn("t1", "x", session: "s9"), "line");
        Assert.Equal("t1", record.Key);
        Assert.Equal("line", record.Text);
        Assert.Equal("s9", record.Session);
        Assert.Equal(["t1"], record.SourceTurnIds);
    }

    [Fact]
    public void Window_encoder_keeps_the_last_turns_of_the_same_session()
    {
        var encoder = new WindowEncoder(3);
        encoder.Encode(TestData.Turn("a1", "", session: "A"), "a one");
        encoder.Encode(TestData.Turn("b1", "", session: "B"), "b one");
        var a2 = encoder.Encode(TestData.Turn("a2", "", session: "A"), "a two");
        encoder.Encode(TestData.Turn("a3", "", session: "A"), "a three");
        var a4 = encoder.Encode(TestData.Turn("a4", "", session: "A", minutes: 4), "a four");
        var b2 = encoder.Encode(TestData.Turn("b2", "", session: "B"), "b two");

        Assert.Equal("a2", a2.Key);
        Assert.Equal("a one\na two", a2.Text);
        Assert.Equal(["a1", "a2"], a2.SourceTurnIds);
        Assert.Equal("a4", a4.Key);
        Assert.Equal("a two\na three\na four", a4.Text);
        Assert.Equal(["a2", "a3", "a4"], a4.SourceTurnIds);
        Assert.Equal(TestData.Start.AddMinutes(4), a4.Timestamp);
        Assert.Equal("b one\nb two", b2.Text);
        Assert.Equal(["b1", "b2"], b2.SourceTurnIds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowEncoder(0));
    }

    [Fact]
    public void Session_encoder_grows_one_record_per_session()
    {
        var encoder = new SessionEncoder();
        var first = encoder.Encode(TestData.Turn("a1", "", session: "A"), "one");
        encoder.Encode(TestData.Turn("b1", "", session: "B"), "other");
        var second = encoder.Encode(TestData.Turn("a2", "", session: "A"), "two");
        var third = encoder.Encode(TestData.Turn("a3", "", session: "A"), "three");

        Assert.Equal("session:A", first.Key);
        Assert.Equal("one", first.Text);
        Assert.Equal("session:A", third.Key);
        Assert.Equal("one\ntwo", second.Text);
        Assert.Equal("one\ntwo\nthree", third.Text);
        Assert.Equal(["a1", "a2", "a3"], third.SourceTurnIds);
        Assert.Equal(["a1", "a2"], second.SourceTurnIds);
    }
}
