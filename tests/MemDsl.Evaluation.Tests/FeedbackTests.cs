using MemDsl.Model;
using MemDsl.Runtime;

namespace MemDsl.Evaluation.Tests;

/// <summary>Gold-evidence feedback reaches the pipeline only where the dataset asks for it, and rewards exactly the hits that hold gold turns.</summary>
public sealed class FeedbackTests
{
    private static readonly ArchitectureSpec Utility = AttributeText.Parse(
        "[MemoryArchitecture(\"utility\")] [Encode(EncodeKind.Turn)] [Embed(EmbedderKind.Hashing)] [Store(StoreKind.Tracked)] [Retrieve(RetrieveKind.Utility, TopK = 5, UtilityWeight = 0.8f, LearningRate = 1f)]");

    [Fact]
    public async Task Feedback_is_given_only_when_the_dataset_asks_and_rewards_exactly_the_gold_hits()
    {
        var dataset = SyntheticStreams.FactUpdates();
        var recorders = new List<FeedbackRecorder>();
        var design = new BenchmarkDesign("utility", "test", "hashing-256", () =>
        {
            var recorder = new FeedbackRecorder(InterpretedPipeline.Create(Utility));
            recorders.Add(recorder);
            return recorder;
        }, Utility);
        var runner = new BenchmarkRunner();

        var without = await runner.RunOneAsync(design, dataset);
        Assert.All(recorders, r => Assert.Empty(r.Feedback));

        recorders.Clear();
        var with = await runner.RunOneAsync(design, dataset with { FeedbackFromGold = true });
        var gold = dataset.Streams.SelectMany(s => s.Events).OfType<QueryEvent>()
            .GroupBy(e => (e.Query.Text, e.Query.AsOf))
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Query.GoldIds).ToHashSet(StringComparer.Ordinal));
        var feedback = recorders.SelectMany(r => r.Feedback).ToList();
        Assert.Equal(recorders.Sum(r => r.HitsReturned), feedback.Count);
        Assert.Contains(feedback, f => f.Reward == 1f);
        Assert.Contains(feedback, f => f.Reward == 0f);
        foreach (var (query, hit, reward) in feedback)
        {
            var relevant = hit.Record.SourceTurnIds.Any(gold[(query.Text, query.AsOf!.Value)].Contains);
            Assert.Equal(relevant ? 1f : 0f, reward);
        }

        // Feedback only helps later queries, and on this stream it changes what they return.
        Assert.True(
            without.Overall.Mrr != with.Overall.Mrr || !without.Overall.Ndcg.SequenceEqual(with.Overall.Ndcg),
            $"feedback changed nothing: MRR {without.Overall.Mrr} and {with.Overall.Mrr}");
    }

    /// <summary>A real pipeline wrapped to record the feedback it receives.</summary>
    private sealed class FeedbackRecorder(IMemoryPipeline inner) : IMemoryPipeline, IDisposable
    {
        public List<(MemoryQuery Query, MemoryHit Hit, float Reward)> Feedback { get; } = [];

        public int HitsReturned { get; private set; }

        public string ArchitectureName => inner.ArchitectureName;

        public int Count => inner.Count;

        public ValueTask WriteAsync(Turn turn, CancellationToken cancellationToken = default) => inner.WriteAsync(turn, cancellationToken);

        public async ValueTask<IReadOnlyList<MemoryHit>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
        {
            var hits = await inner.QueryAsync(query, cancellationToken);
            HitsReturned += hits.Count;
            return hits;
        }

        public ValueTask<ManageResult> ManageAsync(CancellationToken cancellationToken = default) => inner.ManageAsync(cancellationToken);

        public ValueTask FeedbackAsync(MemoryQuery query, MemoryHit hit, float reward, CancellationToken cancellationToken = default)
        {
            Feedback.Add((query, hit, reward));
            return inner.FeedbackAsync(query, hit, reward, cancellationToken);
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
