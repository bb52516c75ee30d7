using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

public sealed class ImportanceHeuristicTests
{
    [Theory]
    [InlineData("I was diagnosed with diabetes in March.", "Thanks, see you!")]
    [InlineData("We moved to Lisbon last week and I started a new job at Feedzai.", "Haha cool, sounds good.")]
    [InlineData("My grandmother passed away on Sunday, I'm devastated.", "Good morning! How are you?")]
    [InlineData("Caroline adopted a little girl in 2022.", "Nice, glad to hear that.")]
    [InlineData("I got accepted into the design internship at Nike!", "I had some toast.")]
    [InlineData("Jon lost his job as a banker on 19 January 2023.", "Yeah, totally agree.")]
    public void Events_and_decisions_score_above_small_talk(string important, string mundane)
    {
        var high = ImportanceHeuristic.Score(important);
        var low = ImportanceHeuristic.Score(mundane);
        Assert.True(high > low + 0.2f, $"{important} ({high}) vs {mundane} ({low})");
    }

    [Fact]
    public void Small_talk_scores_low_and_a_life_event_scores_high()
    {
        Assert.True(ImportanceHeuristic.Score("Thanks, see you!") < 0.15f);
        Assert.True(ImportanceHeuristic.Score("Hey! Hi! Haha ok.") < 0.15f);
        Assert.True(ImportanceHeuristic.Score("I was diagnosed with diabetes in March and my doctor, Dr. Okafor, changed my prescription.") > 0.6f);
    }

    [Fact]
    public void A_first_person_event_outranks_the_same_words_without_an_event()
    {
        Assert.True(ImportanceHeuristic.Score("I got married to Ana in Porto.") > ImportanceHeuristic.Score("I had coffee with Ana in Porto."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("ok")]
    [InlineData("I moved, quit, married, divorced, adopted, was diagnosed, graduated, retired and I'm thrilled and devastated about 2023, May, Monday, Ana, Porto, Lisbon, Nike, Google and 42 other things that happened in the long long year before.")]
    public void Scores_stay_in_the_unit_interval(string text)
    {
        var score = ImportanceHeuristic.Score(text);
        Assert.InRange(score, 0f, 1f);
    }

    [Fact]
    public void A_diagnosis_scores_the_sum_of_its_features()
    {
        // 7 words: base 0.1 + one event word "diagnosed" 0.3 + said in the first person 0.1
        // + one calendar word "March" 0.1 * 1/2 + length 0.15 * 7/30; no entity, feeling or small talk.
        Assert.Equal(0.1f + 0.3f + 0.1f + 0.05f + (0.15f * 7 / 30), ImportanceHeuristic.Score("I was diagnosed with diabetes in March."), 5);
        // 3 words, 2 of them small talk: 0.1 + 0.15 * 3/30 - 0.45 * 2/3 is below zero, clamped.
        Assert.Equal(0f, ImportanceHeuristic.Score("Thanks, see you!"));
    }

    [Fact]
    public void Empty_text_scores_zero() => Assert.Equal(0f, ImportanceHeuristic.Score(""));

    [Fact]
    public void Scores_are_deterministic()
    {
        const string Text = "We adopted a greyhound called Biscuit on 3 June.";
        var first = ImportanceHeuristic.Score(Text);
        Assert.Equal(first, ImportanceHeuristic.Score(new string(Text.AsSpan())));
        Assert.Equal(first, ImportanceHeuristic.Score(("xx" + Text).AsSpan(2)));
    }
}
