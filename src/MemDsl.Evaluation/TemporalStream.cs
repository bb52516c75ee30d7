using System.Globalization;

namespace MemDsl.Evaluation;

/// <summary>Builds the temporal stream (see <see cref="SyntheticStreams.Temporal"/>).</summary>
internal static class TemporalStream
{
    private static readonly Topic[] Topics =
    [
        new("dining",
            ["Had dinner at {x}, the {y} was excellent.", "Lunch with Priya at {x}.", "Tried {x} tonight, ordered the {y} again.", "Quick bite at {x} before the film."],
            ["Casa Lupo", "Noodle Bar Kiko", "The Green Fork", "Marisqueira Azul", "Bistro Odette"],
            ["risotto", "ramen", "grilled octopus", "tacos", "dumplings"],
            ["Where did I eat out {w}?", "Which restaurants did I go to {w}?"]),
        new("running",
            ["Ran {x} km along the {y}.", "Morning jog, {x} kilometres, legs felt heavy.", "Intervals on the {y} today, {x} reps.", "Long slow run by the {y}."],
            ["5", "8", "10", "12", "21"],
            ["river path", "park loop", "old railway trail", "harbour front"],
            ["How much running did I do {w}?", "Which workouts did I log {w}?"]),
        new("reading",
            ["Finished reading {x}.", "Started {x} on the train.", "Book club argued about {x} for two hours.", "A few chapters of {x} before sleep."],
            ["The Left Hand of Darkness", "Middlemarch", "Piranesi", "The Remains of the Day", "Station Eleven"],
            [""],
            ["What books was I reading {w}?", "Which novels did I pick up {w}?"]),
        new("health",
            ["Dentist appointment, {x}.", "Saw the physio about my {y}.", "Got the flu shot at the pharmacy.", "Check-up with Dr. Okafor, {x}."],
            ["all fine", "one small filling", "blood pressure a bit high", "new prescription"],
            ["knee", "shoulder", "lower back"],
            ["Which medical appointments did I have {w}?", "What health visits happened {w}?"]),
        new("social",
            ["Coffee with {x} downtown.", "{x}'s birthday party at the bowling alley.", "Called {x} for an hour, lots of news.", "Board game night at {x}'s place."],
            ["Lena", "Tomas", "Mira", "Jakob", "Sofia"],
            [""],
            ["Who did I meet {w}?", "Which friends did I catch up with {w}?"]),
    ];

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 20, 0, 0, TimeSpan.Zero);
    private const int Days = 182;

    public static TaskStream Create(int seed)
    {
        var random = new DeterministicRandom(seed);
        var events = new List<StreamEvent>();
        var log = new List<(Turn Turn, Topic Topic)>();
        var number = 0;
        var queryNumber = 0;
        for (var day = 0; day < Days; day++)
        {
            var date = Start.AddDays(day);
            if (day > 0 && day % 14 == 0)
            {
                // A question about the week just ended, asked now, before today's entries.
                var topic = random.Pick(Topics);
                var gold = log.Where(e => e.Topic == topic && e.Turn.Timestamp >= date.AddDays(-7) && e.Turn.Timestamp < date).Select(e => e.Turn.Id).ToList();
                if (gold.Count > 0)
                {
                    var text = random.Pick(topic.Questions).Replace("{w}", "last week", StringComparison.Ordinal);
                    events.Add(new QueryEvent(new StreamQuery($"temporal/q{++queryNumber}", text, date, gold, "last-week")));
                }
            }

            var entries = random.Next(100) switch
            {
                < 35 => 0,
                < 80 => 1,
                _ => 2,
            };
            for (var i = 0; i < entries; i++)
            {
                var topic = random.Pick(Topics);
                var text = random.Pick(topic.Templates)
                    .Replace("{x}", random.Pick(topic.X), StringComparison.Ordinal)
                    .Replace("{y}", random.Pick(topic.Y), StringComparison.Ordinal);
                var week = ISOWeek.GetWeekOfYear(date.DateTime).ToString(CultureInfo.InvariantCulture);
                var turn = new Turn($"t{++number}", "Sam", text, date.AddMinutes(i * 30), "week" + week);
                events.Add(new WriteEvent(turn));
                log.Add((turn, topic));
            }
        }

        var end = Start.AddDays(Days);
        foreach (var topic in Topics)
        {
            var months = new List<int> { 1, 2, 3, 4, 5, 6 };
            random.Shuffle(months);
            foreach (var month in months.Take(2))
            {
                var gold = log.Where(e => e.Topic == topic && e.Turn.Timestamp.Month == month).Select(e => e.Turn.Id).ToList();
                if (gold.Count == 0)
                {
                    continue;
                }

                var name = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
                var text = random.Pick(topic.Questions).Replace("{w}", "in " + name, StringComparison.Ordinal);
                events.Add(new QueryEvent(new StreamQuery($"temporal/q{++queryNumber}", text, end, gold, "month")));
            }
        }

        return new TaskStream(SyntheticStreams.TemporalName, events);
    }

    private sealed record Topic(string Name, string[] Templates, string[] X, string[] Y, string[] Questions);
}
