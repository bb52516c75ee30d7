using MemDsl.Abstractions;

namespace QuickStart;

/// <summary>A short built-in conversation over three sessions, so the sample needs no files.</summary>
internal static class Conversation
{
    private static readonly DateTimeOffset Start = new(2024, 5, 6, 18, 0, 0, TimeSpan.Zero);

    private static readonly (string Session, int Day, string Speaker, string Text)[] Lines =
    {
        ("s1", 0, "Maya", "Hi Leo! I finally adopted a dog last weekend, a three-year-old greyhound called Biscuit."),
        ("s1", 0, "Leo", "Congratulations! Greyhounds are so calm. How is Biscuit settling in?"),
        ("s1", 0, "Maya", "He sleeps most of the day and sprints around the park at dusk."),
        ("s1", 0, "Leo", "I started a pottery class on Tuesdays, mostly bowls for now."),
        ("s1", 0, "Maya", "That sounds relaxing. Do you get to keep what you make?"),
        ("s1", 0, "Leo", "Yes, after the glaze firing. My first bowl came out lopsided but I love it."),
        ("s1", 0, "Maya", "I am also training for the Lisbon half marathon in October."),
        ("s1", 0, "Leo", "Impressive. What is your weekly mileage right now?"),
        ("s1", 0, "Maya", "About thirty kilometres, with one long run on Sundays."),
        ("s1", 0, "Leo", "My sister Ana is moving to Berlin for a job at a robotics startup."),
        ("s2", 14, "Leo", "Ana landed in Berlin, she says the apartment has a tiny balcony with tomatoes."),
        ("s2", 14, "Maya", "Lovely. Biscuit chewed my running shoes, so I bought new ones."),
        ("s2", 14, "Leo", "Oh no. Which shoes did you get this time?"),
        ("s2", 14, "Maya", "Trail shoes with a wide toe box; my physio recommended them for my knee."),
        ("s2", 14, "Leo", "Is the knee pain from the marathon training?"),
        ("s2", 14, "Maya", "Probably, I increased the long run too fast, so I am cutting back for two weeks."),
        ("s2", 14, "Leo", "In pottery we moved on to mugs. Handles are harder than they look."),
        ("s2", 14, "Maya", "Make me a mug for my coffee, please!"),
        ("s2", 14, "Leo", "Deal. Blue glaze or green?"),
        ("s2", 14, "Maya", "Green, like the sea in Lisbon."),
        ("s3", 45, "Maya", "The knee is fine again, I ran twenty-one kilometres on Sunday without pain."),
        ("s3", 45, "Leo", "Great news. Your green mug is out of the kiln, it survived the firing."),
        ("s3", 45, "Maya", "I cannot wait to see it. Biscuit now has a winter coat, he hates the cold."),
        ("s3", 45, "Leo", "Ana invited me to Berlin in December; her startup builds warehouse robots."),
        ("s3", 45, "Maya", "Bring her one of your bowls as a gift."),
        ("s3", 45, "Leo", "Good idea. I also switched my pottery class to Thursdays."),
        ("s3", 45, "Maya", "I booked flights to Lisbon for the race, leaving on the tenth of October."),
        ("s3", 45, "Leo", "Who looks after Biscuit while you are away?"),
        ("s3", 45, "Maya", "My neighbour Tomas, he has a whippet, so they will race each other."),
        ("s3", 45, "Leo", "Ha, a greyhound against a whippet. Send me a video."),
    };

    public static IEnumerable<Turn> Turns()
    {
        var turnInSession = 0;
        var session = string.Empty;
        for (var i = 0; i < Lines.Length; i++)
        {
            var line = Lines[i];
            turnInSession = line.Session == session ? turnInSession + 1 : 1;
            session = line.Session;
            yield return new Turn($"{line.Session}:{turnInSession}", line.Speaker, line.Text, Start.AddDays(line.Day).AddMinutes(i), line.Session);
        }
    }

    public static readonly string[] Questions =
    {
        "What breed is Maya's dog?",
        "Which race is Maya training for?",
        "What happened to Maya's knee?",
        "Where does Leo's sister work?",
        "What colour is the mug Leo made?",
        "When is the pottery class now?",
    };
}
