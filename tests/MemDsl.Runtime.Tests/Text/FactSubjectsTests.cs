using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

public sealed class FactSubjectsTests
{
    [Theory]
    [InlineData("I moved to Lisbon last spring.", "Max")]
    [InlineData("I'm training for a marathon.", "Max")]
    [InlineData("My sister Ana lives in Porto.", "Max")]
    [InlineData("We adopted a greyhound called Biscuit.", "Max")]
    [InlineData("i just got a new job at Google", "Max")]
    [InlineData("Hey Mel! I went to the LGBTQ support group yesterday.", "Max")]
    [InlineData("The dog is called Biscuit and it loves me.", "Max")]
    public void First_person_statements_are_about_the_speaker(string text, string speaker) =>
        Assert.Same(speaker, FactSubjects.Subject(text, speaker));

    [Theory]
    [InlineData("Ana relocated to Porto.", "Ana")]
    [InlineData("Yesterday Ana relocated to Porto.", "Ana")]
    [InlineData("Jon lost his job as a banker.", "Jon")]
    [InlineData("Ana's dog died last week.", "Ana")]
    [InlineData("Thanks, Caroline! Ana moved to Porto in May.", "Ana")]
    [InlineData("Caroline, Ana moved to Porto.", "Ana")]
    [InlineData("After the trip, Gina opened an online store.", "Gina")]
    [InlineData("The doctor told Nate to rest.", "Nate")]
    [InlineData("The storm damaged the roof of Melanie's house.", "Melanie")]
    [InlineData("According to Gina, Jon is a perfect mentor.", "Jon")]
    [InlineData("Around the US holiday Maria had a car accident.", "Maria")]
    public void Third_person_statements_are_about_the_first_name(string text, string expected) =>
        Assert.Equal(expected, FactSubjects.Subject(text, "Max"));

    [Theory]
    [InlineData("She relocated to Porto.")]
    [InlineData("They went to Paris in June.")]
    [InlineData("What a lovely day in Rome!")]
    [InlineData("OK, LOL, sounds good.")]
    [InlineData("")]
    public void Without_a_name_or_first_person_the_speaker_is_the_subject(string text) =>
        Assert.Same("Max", FactSubjects.Subject(text, "Max"));

    [Fact]
    public void The_speaker_named_in_third_person_is_the_speaker_key()
    {
        var speaker = "Ana";
        Assert.Same(speaker, FactSubjects.Subject("Ana relocated to Porto.", speaker));
    }

    [Theory]
    [InlineData("I no longer work at the bakery.")]
    [InlineData("I don't play the guitar anymore.")]
    [InlineData("Ana doesn't live in Porto any more.")]
    [InlineData("I'm not vegetarian anymore.")]
    [InlineData("I quit my job last month.")]
    [InlineData("I stopped going to the gym.")]
    [InlineData("I gave up smoking in March.")]
    [InlineData("We sold our house in Leeds.")]
    [InlineData("I sold my car.")]
    [InlineData("Ana moved out of her flat.")]
    [InlineData("Jon and Gina broke up.")]
    [InlineData("I left my job at the bank.")]
    [InlineData("Jon lost his job as a banker.")]
    [InlineData("I used to paint every weekend.")]
    [InlineData("No more coffee for me.")]
    [InlineData("Maria got divorced.")]
    [InlineData("I got fired on Friday.")]
    public void Retractions_are_recognised(string text) => Assert.True(FactSubjects.IsRetraction(text), text);

    [Theory]
    [InlineData("I don't know.")]
    [InlineData("Not bad, thanks!")]
    [InlineData("I'm not sure about the trip.")]
    [InlineData("I never quit.")]
    [InlineData("I haven't stopped running.")]
    [InlineData("I didn't sell my car.")]
    [InlineData("I'm used to the cold by now.")]
    [InlineData("I left my keys at home.")]
    [InlineData("I moved to Lisbon and started a new job.")]
    [InlineData("Is there any more cake? I don't think so. I love it anyway.")]
    [InlineData("Do you still go there anymore?")]
    [InlineData("")]
    public void Non_retractions_are_not_recognised(string text) => Assert.False(FactSubjects.IsRetraction(text), text);
}
