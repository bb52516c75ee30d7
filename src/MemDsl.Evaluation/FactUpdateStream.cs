using System.Globalization;

namespace MemDsl.Evaluation;

/// <summary>Builds the fact-updates stream (see <see cref="SyntheticStreams.FactUpdates"/>).</summary>
internal static class FactUpdateStream
{
    private static readonly string[] People = ["Ana", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Iris", "Jonas"];

    private static readonly string[] Friends = ["Max", "Noor", "Oskar"];

    // {v} value; first-person lines are spoken by the person, third-person ones by a friend about {p}.
    private static readonly Attribute[] Attributes =
    [
        new("city",
            ["Lisbon", "Porto", "Madrid", "Berlin", "Vienna", "Prague", "Oslo", "Dublin", "Krakow", "Lyon"],
            ["I finally moved to {v}, boxes everywhere.", "Signed the lease on a flat in {v} today.", "New address: I'm settled in {v} now.", "Home is {v} from this week on."],
            ["{p} relocated to {v}.", "{p} has a new place in {v} now.", "{p} told me the move to {v} went smoothly."],
            ["Where does {p} live now?", "Which city is {p} based in these days?", "What is {p}'s home town at the moment?"],
            "Where was {p} living on {d}?"),
        new("employer",
            ["a bakery", "the city hospital", "a small bank", "a primary school", "a law firm", "a robotics startup", "the science museum", "a shipping company"],
            ["I started a new job at {v}.", "First week working for {v}, lots to learn.", "I accepted the offer from {v}."],
            ["{p} works at {v} now.", "{p} got hired by {v}.", "{p} switched jobs and joined {v}."],
            ["Who does {p} work for at the moment?", "What is {p}'s current employer?", "Where is {p} employed these days?"],
            "Who was {p} working for on {d}?"),
        new("pet",
            ["a beagle puppy", "a grey cat", "two rabbits", "a green parrot", "an old tortoise", "a rescue greyhound"],
            ["We brought home {v}!", "Meet the newest family member: {v}.", "I adopted {v} from the shelter."],
            ["{p} adopted {v}.", "{p} has {v} at home now.", "{p} is looking after {v} these days."],
            ["What animal does {p} have now?", "Which pet lives with {p} currently?", "What kind of pet does {p} keep?"],
            "Which pet did {p} have on {d}?"),
        new("hobby",
            ["bouldering", "pottery", "chess", "salsa dancing", "sailing", "watercolour painting"],
            ["I signed up for a {v} course.", "Spending every free evening on {v} lately.", "Picked up {v}, totally hooked."],
            ["{p} took up {v}.", "{p} is really into {v} now.", "{p} spends weekends on {v}."],
            ["What does {p} do for fun now?", "Which pastime keeps {p} busy these days?", "What is {p}'s current hobby?"],
            "What was {p}'s hobby on {d}?"),
        new("commute",
            ["an electric scooter", "a cargo bike", "the night bus", "a red hatchback", "the regional train", "a vintage van"],
            ["I get to work by {v} now.", "Bought {v} for the daily trip.", "My commute is {v} from now on."],
            ["{p} travels by {v} now.", "{p} commutes with {v}.", "{p} bought {v} to get around."],
            ["How does {p} get to work now?", "What does {p} use to commute these days?", "How is {p} travelling around currently?"],
            "How did {p} commute on {d}?"),
    ];

    private static readonly string[] Chatter =
    [
        "{p} says the weather in {city} was awful this weekend.",
        "I visited {city} for a conference, lovely old town.",
        "My cousin just got a job at {employer}, maybe I should apply too.",
        "Thinking about getting {pet}, but nothing decided yet.",
        "{p} was talking about {hobby} again at dinner.",
        "Saw someone riding {commute} and thought of moving somewhere new.",
        "Not much new this week, work at home and a quiet weekend.",
        "A friend from {city} called, she works at {employer} now.",
    ];

    private static readonly DateTimeOffset Start = new(2024, 1, 8, 19, 0, 0, TimeSpan.Zero);
    private const int Sessions = 16;

    public static TaskStream Create(int seed)
    {
        var random = new DeterministicRandom(seed);

        // The timeline: per person and attribute, the value set in each of a few sessions.
        var changes = new List<Change>();
        foreach (var person in People)
        {
            foreach (var attribute in Attributes)
            {
                var sessions = new SortedSet<int> { random.Between(0, 2) };
                var updates = random.Between(1, 3);
                while (sessions.Count < updates + 1)
                {
                    sessions.Add(random.Between(3, Sessions - 1));
                }

                string? previous = null;
                foreach (var session in sessions)
                {
                    string value;
                    do
                    {
                        value = random.Pick(attribute.Values);
                    }
                    while (value == previous);
                    previous = value;
                    changes.Add(new Change(person, attribute, session, value));
                }
            }
        }

        var events = new List<StreamEvent>();
        var statementIds = new Dictionary<Change, Turn>();
        var number = 0;
        for (var session = 0; session < Sessions; session++)
        {
            var lines = new List<(string Speaker, string Text, Change? Change)>();
            foreach (var change in changes)
            {
                if (change.Session == session)
                {
                    var firstPerson = random.Chance(50);
                    var template = random.Pick(firstPerson ? change.Attribute.FirstPerson : change.Attribute.ThirdPerson);
                    lines.Add((firstPerson ? change.Person : random.Pick(Friends), Fill(template, change.Person, change.Value), change));
                }
            }

            foreach (var person in People)
            {
                var count = random.Between(0, 2);
                for (var i = 0; i < count; i++)
                {
                    var text = random.Pick(Chatter)
                        .Replace("{city}", random.Pick(Attributes[0].Values), StringComparison.Ordinal)
                        .Replace("{employer}", random.Pick(Attributes[1].Values), StringComparison.Ordinal)
                        .Replace("{pet}", random.Pick(Attributes[2].Values), StringComparison.Ordinal)
                        .Replace("{hobby}", random.Pick(Attributes[3].Values), StringComparison.Ordinal)
                        .Replace("{commute}", random.Pick(Attributes[4].Values), StringComparison.Ordinal);
                    lines.Add((text.Contains("{p}", StringComparison.Ordinal) ? random.Pick(Friends) : person, Fill(text, person, string.Empty), null));
                }
            }

            random.Shuffle(lines);
            var date = Start.AddDays(7 * session);
            for (var i = 0; i < lines.Count; i++)
            {
                var turn = new Turn($"f{++number}", lines[i].Speaker, lines[i].Text, date.AddMinutes(i), "week" + (session + 1).ToString(CultureInfo.InvariantCulture));
                events.Add(new WriteEvent(turn));
                if (lines[i].Change is { } change)
                {
                    statementIds[change] = turn;
                }
            }
        }

        var asOf = Start.AddDays(7 * Sessions);
        var queryNumber = 0;
        foreach (var person in People)
        {
            foreach (var attribute in Attributes)
            {
                var history = changes.Where(c => c.Person == person && c.Attribute == attribute).OrderBy(c => c.Session).ToList();
                if (random.Chance(60))
                {
                    var current = statementIds[history[^1]];
                    var text = Fill(random.Pick(attribute.CurrentQuestions), person, string.Empty);
                    events.Add(new QueryEvent(new StreamQuery($"fact/q{++queryNumber}", text, asOf, [current.Id], "current")));
                }

                if (history.Count > 1 && random.Chance(50))
                {
                    // A day inside an earlier value's interval, stated as a date.
                    var index = random.Next(history.Count - 1);
                    var from = Start.AddDays(7 * history[index].Session);
                    var until = Start.AddDays(7 * history[index + 1].Session);
                    var day = from.AddDays(random.Between(1, Math.Max(1, (int)(until - from).TotalDays - 1)));
                    var text = attribute.PastQuestion
                        .Replace("{p}", person, StringComparison.Ordinal)
                        .Replace("{d}", day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    events.Add(new QueryEvent(new StreamQuery($"fact/q{++queryNumber}", text, asOf, [statementIds[history[index]].Id], "past")));
                }
            }
        }

        return new TaskStream(SyntheticStreams.FactUpdatesName, events);
    }

    private static string Fill(string template, string person, string value) =>
        template.Replace("{p}", person, StringComparison.Ordinal).Replace("{v}", value, StringComparison.Ordinal);

    private sealed record Attribute(string Name, string[] Values, string[] FirstPerson, string[] ThirdPerson, string[] CurrentQuestions, string PastQuestion);

    private sealed record Change(string Person, Attribute Attribute, int Session, string Value);
}
