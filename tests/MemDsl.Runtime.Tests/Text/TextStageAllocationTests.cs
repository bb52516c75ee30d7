using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

/// <summary>
/// The text stages run once per write or query inside the pipelines; they must not add garbage.
/// Measured in bytes allocated on this thread (not time), after a warm-up call of each.
/// </summary>
public sealed class TextStageAllocationTests
{
    private static readonly string[] Queries =
    [
        "Where did I eat out last week?",
        "What did John do the week before August 3, 2023 involving his kids?",
        "What new activity did Maria start recently, as mentioned on 3 June, 2023?",
        "Which torunament did Nate win in the beginning of November 2022?",
        "What is the name of Maria's puppy she got two weeks before August 11, 2023?",
        "What breed is Maya's dog?",
    ];

    private static readonly string[] Facts =
    [
        "I no longer work at the bakery.",
        "Hey Mel! I went to the LGBTQ support group yesterday.",
        "Thanks, Caroline! Ana moved to Porto in May.",
        "I was diagnosed with diabetes in March and my doctor, Dr. Okafor, changed my prescription.",
    ];

    [Fact]
    public void Resolving_time_expressions_allocates_nothing()
    {
        var asOf = new DateTimeOffset(2023, 10, 22, 12, 0, 0, TimeSpan.FromHours(2));
        var found = 0;
        foreach (var query in Queries)
        {
            found += TimeExpressions.TryResolve(query, asOf, out _) ? 1 : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            foreach (var query in Queries)
            {
                found += TimeExpressions.TryResolve(query, asOf, out _) ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5 * 101, found);
    }

    [Fact]
    public void Scoring_importance_and_detecting_retractions_allocate_nothing()
    {
        var total = 0f;
        var retractions = 0;
        foreach (var fact in Facts)
        {
            total += ImportanceHeuristic.Score(fact);
            retractions += FactSubjects.IsRetraction(fact) ? 1 : 0;
            _ = FactSubjects.Subject(fact, "Max");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            foreach (var fact in Facts)
            {
                total += ImportanceHeuristic.Score(fact);
                retractions += FactSubjects.IsRetraction(fact) ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101, retractions);
        Assert.True(total > 0f);
    }

    [Fact]
    public void A_first_person_subject_allocates_nothing()
    {
        const string Speaker = "Max";
        _ = FactSubjects.Subject("Hey Mel! I went to the LGBTQ support group yesterday.", Speaker);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            Assert.Same(Speaker, FactSubjects.Subject("Hey Mel! I went to the LGBTQ support group yesterday.", Speaker));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
