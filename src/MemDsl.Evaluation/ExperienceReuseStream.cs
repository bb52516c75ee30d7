using System.Globalization;

namespace MemDsl.Evaluation;

/// <summary>Builds the experience-reuse stream (see <see cref="SyntheticStreams.ExperienceReuse"/>).</summary>
internal static class ExperienceReuseStream
{
    private static readonly Family[] Families =
    [
        new("router",
            ["reset the wifi router admin password", "get back into the home router after forgetting its login", "recover access to the wireless box settings page",
             "change the forgotten password on the modem", "regain control of the broadband hub configuration", "unlock the network admin page again"],
            ["held the pin-hole button for ten seconds, logged in with the credentials on the sticker and set a new passphrase",
             "factory-reset the hub with a paperclip, used the default login from the label and chose a fresh password"]),
        new("laptop-charging",
            ["fix a laptop that stopped charging", "notebook battery stays at zero percent when plugged in", "the computer ignores its power adapter",
             "charging light on the laptop never turns on", "get the portable PC to take power again", "laptop says plugged in, not charging"],
            ["drained the residual charge by holding power for thirty seconds, then reseated the charger",
             "swapped the USB-C cable, cleaned the port and updated the battery firmware from the vendor app"]),
        new("phone-storage",
            ["free up space on a phone that says storage is full", "mobile keeps warning the memory is almost used up", "make room on the handset for new photos",
             "clear storage on the smartphone", "phone out of space and cannot install updates", "reclaim gigabytes on the cell"],
            ["offloaded old videos to the cloud backup, cleared the messaging app cache and removed unused apps",
             "moved the camera roll to a computer and deleted cached podcast downloads in settings"]),
        new("printer",
            ["printer shows offline on the network", "the office printer stopped accepting jobs", "documents stuck in the print queue",
             "get the wireless printer back online", "laptop cannot find the printer anymore", "printing fails with device unavailable"],
            ["gave the printer a fixed address in the router settings and re-added it on the laptop",
             "cleared the spooler queue, restarted the print service and reconnected the printer to the wifi"]),
        new("sourdough",
            ["sourdough loaf comes out flat", "bread does not rise in the oven", "my starter-based loaves spread like pancakes",
             "get more oven spring from homemade bread", "dense, flat sourdough again", "the home-baked loaf is always so low"],
            ["fed the starter twice a day for a week, shortened the bulk ferment and shaped with more tension",
             "used less water in the dough, cold-proofed overnight in the fridge and baked in a preheated dutch oven"]),
        new("bike-puncture",
            ["repair a flat bicycle tyre", "bike tire keeps losing air", "fix a puncture on the road bike",
             "patch the inner tube after a flat", "cycle wheel goes soft overnight", "get the bicycle rolling again after a puncture"],
            ["found the hole by submerging the tube in water, glued a patch and checked the rim tape",
             "removed a tiny glass shard from the tread, fitted a new tube and pumped to the pressure on the sidewall"]),
        new("expenses",
            ["submit a travel expense claim", "get reimbursed for a work trip", "file the receipts from the conference",
             "claim back hotel costs from the company", "expense report keeps getting rejected", "reimbursement for a business train ticket"],
            ["scanned each receipt into the finance app, tagged the project code and attached the manager approval",
             "split the hotel bill into room and meals, added the project code and resubmitted through the expense portal"]),
        new("houseplant",
            ["houseplant leaves turning yellow", "the monstera is getting pale spots", "indoor plant drooping with yellow leaves",
             "save a fern whose fronds go brown", "potted plant looks sick at home", "leaves on the ficus keep fading"],
            ["let the soil dry between waterings, moved the pot closer to the window and trimmed damaged leaves",
             "repotted into a pot with drainage, cut rotten roots and fed it diluted fertiliser once a month"]),
        new("banking-app",
            ["the banking app crashes on start", "mobile banking closes right after the login screen", "finance app keeps quitting on the phone",
             "can't open the bank application anymore", "account app freezes and shuts down", "the payment app dies when launched"],
            ["cleared the app data, reinstalled it and registered the device with the bank again",
             "updated the phone operating system, then reinstalled the banking app and logged in again"]),
        new("sleep",
            ["fall asleep faster at night", "stop waking up at 3 am", "poor sleep after late screens",
             "get some rest despite insomnia", "sleeping badly since starting the new job", "tired every morning after restless nights"],
            ["kept a fixed bedtime, stopped screens an hour before bed and cut coffee after noon",
             "used a wind-down routine with reading, a cooler bedroom and no phone in the room"]),
    ];

    private static readonly string[] WriteFrames =
    [
        "Problem: {t}. Fix: {s}.",
        "Ticket closed ({t}): {s}.",
        "Had this one today, {t}. In the end I {s}.",
        "Note for next time, {t}: {s}.",
        "Helped a friend who had to {t}; we {s}.",
    ];

    private static readonly string[] QueryFrames =
    [
        "New task: {t}. How was this handled before?",
        "{t}, any earlier notes?",
        "What did we do last time for this: {t}?",
    ];

    // Notes that share the families' vocabulary but solve nothing: the distractors a retriever must skip.
    private static readonly string[] Distractors =
    [
        "Restarted the {a} after the update, no problem seen since.",
        "User asked about the {a} settings page; just a question, nothing to fix.",
        "Ordered a new {a} for the home office.",
        "Reminder: back up the {a} before the weekend.",
        "The {a} works fine again, false alarm from the monitoring app.",
        "Checked the {a} warranty, it ends next month.",
        "Meeting notes: budget for a {a} replacement next quarter.",
        "Password policy update reached every {a} in the account list.",
    ];

    private static readonly string[] Things = ["router", "laptop", "phone", "printer", "oven", "bicycle", "banking app", "office plant", "company card", "alarm clock"];

    private static readonly string[] Agents = ["agent", "helpdesk", "assistant"];

    private static readonly Family Distractor = new("distractor", [], []);

    private static readonly DateTimeOffset Start = new(2024, 3, 4, 9, 0, 0, TimeSpan.Zero);

    public static TaskStream Create(int seed)
    {
        var random = new DeterministicRandom(seed);
        var writes = new List<(Family Family, string Text)>();
        var unused = new Dictionary<Family, List<string>>();
        foreach (var family in Families)
        {
            var phrasings = family.Phrasings.ToList();
            random.Shuffle(phrasings);
            var count = random.Between(3, 4);
            for (var i = 0; i < count; i++)
            {
                var frame = random.Pick(WriteFrames);
                writes.Add((family, frame.Replace("{t}", phrasings[i], StringComparison.Ordinal).Replace("{s}", random.Pick(family.Solutions), StringComparison.Ordinal)));
            }

            unused[family] = phrasings.GetRange(count, phrasings.Count - count);
        }

        for (var i = 0; i < 80; i++)
        {
            writes.Add((Distractor, random.Pick(Distractors).Replace("{a}", random.Pick(Things), StringComparison.Ordinal)));
        }

        random.Shuffle(writes);
        var events = new List<StreamEvent>();
        var ids = new Dictionary<Family, List<string>>();
        for (var i = 0; i < writes.Count; i++)
        {
            var day = i / 6;
            var turn = new Turn($"x{i + 1}", random.Pick(Agents), writes[i].Text, Start.AddDays(day).AddMinutes(i), "day" + (day + 1).ToString(CultureInfo.InvariantCulture));
            events.Add(new WriteEvent(turn));
            if (!ids.TryGetValue(writes[i].Family, out var list))
            {
                list = [];
                ids.Add(writes[i].Family, list);
            }

            list.Add(turn.Id);
        }

        var asOf = Start.AddDays((writes.Count / 6) + 1);
        var queryNumber = 0;
        foreach (var family in Families)
        {
            foreach (var phrasing in unused[family].Take(2))
            {
                var text = random.Pick(QueryFrames).Replace("{t}", phrasing, StringComparison.Ordinal);
                text = char.ToUpperInvariant(text[0]) + text[1..];
                events.Add(new QueryEvent(new StreamQuery($"reuse/q{++queryNumber}", text, asOf, ids[family], family.Name)));
            }
        }

        return new TaskStream(SyntheticStreams.ExperienceReuseName, events);
    }

    private sealed record Family(string Name, string[] Phrasings, string[] Solutions);
}
