using MemDsl.Evaluation;
using MemDsl.Model;

namespace MemDsl.Evolution.Tests;

/// <summary>
/// The LLM proposer against <see cref="ScriptedChatClient"/>, a test double for an external chat
/// service: it returns good, invalid and code-bearing answers in a fixed order.
/// </summary>
public sealed class LlmProposerTests
{
    private const string Key = "stream fact-updates seed 42";

    private const string Good = """
        Retrieval misses paraphrased facts; a hybrid with more BM25 weight should help.

        ```csharp
        [MemoryArchitecture("better")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 1024)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.3f)]
        ```
        """;

    private const string GoodInClass = """
        ```cs
        [MemoryArchitecture("windowed")]
        [Encode(EncodeKind.Window, Size = 4)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Bm25, TopK = 12)]
        [Manage(ManageKind.Dedupe, Threshold = 0.98f)]
        public sealed partial class WindowedMemory { }
        ```
        """;

    private const string OutOfRange = """
        ```csharp
        [MemoryArchitecture("huge")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing, Dimensions = 100000)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 10)]
        ```
        """;

    private const string Incompatible = """
        ```csharp
        [MemoryArchitecture("bm25-without-text")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Bm25, TopK = 10)]
        ```
        """;

    private const string Garbled = """
        ```csharp
        [MemoryArchitecture("broken")]
        [Encode(EncodeKind.Turn
        [Retrieve(RetrieveKind.Cosine, TopK = 10)]
        ```
        """;

    private const string NoBlock = "I would use a hybrid retriever with TopK = 10.";

    private const string WithCode = """
        ```csharp
        [MemoryArchitecture("scored")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10)]
        public sealed partial class ScoredMemory
        {
            [ScoreWith]
            private static float Rescore(in MemoryHit hit, in QueryContext query)
            {
                return hit.Score + (hit.Record.Text.Contains(query.Text) ? 0.1f : 0f);
            }
        }
        ```
        """;

    private const string WithBadSignature = """
        ```csharp
        [MemoryArchitecture("scored")]
        [Encode(EncodeKind.Turn)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10)]
        public sealed partial class ScoredMemory
        {
            [ScoreWith]
            private float Rescore(MemoryHit hit) => hit.Score;
        }
        ```
        """;

    private static BenchmarkDataset Data { get; } = SyntheticStreams.FactUpdates();

    private static ArchitectureSpec Cosine => AttributeText.Parse(BuiltInDesigns.Baselines.First(b => b.Key == "cosine").Value) with { Name = "cosine" };

    [Fact]
    public async Task A_good_answer_becomes_a_benched_candidate_and_the_prompt_holds_catalog_declaration_and_failure_report()
    {
        var chat = new ScriptedChatClient(Good);
        var options = new EvolutionOptions { Seed = 1, Budget = 2, StartingSpecs = [Cosine], Proposer = new LlmProposer(chat) };

        var search = new EvolutionarySearch(Data, Key, options);
        var archive = await search.RunAsync();

        Assert.Equal(2, archive.Count);
        var child = archive.Entries[1];
        Assert.Equal("llm", child.Origin);
        Assert.Equal([0], child.Parents);
        Assert.False(child.Failed, child.Failure);
        Assert.Equal("c1", child.Spec.Name);
        Assert.Equal("Hybrid", child.Spec.Retrieve.KindName);
        Assert.Empty(search.Rejected);

        var prompt = Assert.Single(chat.Requests)[^1].Text;
        Assert.Contains("RetrieveKind.Hybrid", prompt, StringComparison.Ordinal);
        Assert.Contains("Alpha (float, 0..1, default 0.5f)", prompt, StringComparison.Ordinal);
        Assert.Contains(archive.Entries[0].SpecText, prompt, StringComparison.Ordinal);
        var categories = archive.Entries[0].Categories!;
        Assert.NotEmpty(categories);
        foreach (var category in categories)
        {
            Assert.Contains($"- {category.Category}: {category.Quality:0.000} over {category.Queries} queries", prompt, StringComparison.Ordinal);
        }

        // The worst category comes first in the report.
        var worst = categories.MinBy(c => c.Quality)!;
        Assert.True(prompt.IndexOf("- " + worst.Category + ":", StringComparison.Ordinal) <= categories.Min(c => prompt.IndexOf("- " + c.Category + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invalid_answers_are_counted_retried_with_the_reason_and_never_benched()
    {
        var chat = new ScriptedChatClient(Garbled, OutOfRange, Incompatible, GoodInClass, NoBlock, Good);
        var built = new List<string>();
        var path = Path.Combine(Path.GetTempPath(), "memdsl-llm-" + Guid.NewGuid().ToString("N"), "checkpoint.json");
        var options = new EvolutionOptions
        {
            Seed = 2,
            Budget = 3,
            StartingSpecs = [Cosine],
            CheckpointPath = path,
            Proposer = new LlmProposer(chat, new LlmProposerOptions { MaxAttempts = 4 }),
            DesignFactory = spec =>
            {
                built.Add(AttributeText.Render(spec));
                return DesignFactory.FromSpec(spec, "test");
            },
        };
        var progress = new List<EvolutionProgress>();

        var search = new EvolutionarySearch(Data, Key, options);
        var archive = await search.RunAsync(new SyncProgress(progress.Add));

        Assert.Equal(3, archive.Count);
        Assert.Equal(["seed", "llm", "llm"], archive.Entries.Select(e => e.Origin));
        Assert.Equal("Bm25", archive.Entries[1].Spec.Retrieve.KindName);
        Assert.Equal("Hybrid", archive.Entries[2].Spec.Retrieve.KindName);
        Assert.Equal(archive.Entries.Select(e => e.SpecText), built);

        Assert.Equal(4, search.Rejected.Count);
        Assert.Contains("does not parse", search.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("MEMDSL0003", search.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("MEMDSL0004", search.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("no ```csharp block", search.Rejected[3].Reason, StringComparison.Ordinal);
        Assert.Equal([1, 1, 1, 2], search.Rejected.Select(r => r.Slot));
        Assert.Equal([0, 3, 4], progress.Select(p => p.Rejected));

        // The model was told why: each retry carries the previous rejection.
        Assert.Equal(6, chat.Requests.Count);
        Assert.Contains(search.Rejected[1].Reason, chat.Requests[2][^1].Text, StringComparison.Ordinal);

        var checkpoint = Checkpoint.Load(path);
        Assert.Equal(search.Rejected, checkpoint.Rejected);
        Assert.Equal("llm", checkpoint.Proposer);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task A_proposal_whose_every_answer_is_invalid_yields_no_candidate()
    {
        var chat = new ScriptedChatClient(Garbled, Incompatible);
        var archive = new ParetoArchive();
        var proposer = new LlmProposer(chat, new LlmProposerOptions { MaxAttempts = 2 });

        var proposal = await proposer.ProposeAsync(new ProposalContext(archive, 0, 0, new Random(1), QualityMetric.RecallAt10));

        Assert.Null(proposal.Spec);
        Assert.Equal(2, proposal.Rejected.Count);
        Assert.Contains("No design has been scored yet", chat.Requests[0][^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_bearing_answers_are_rejected_unless_code_is_allowed_and_then_must_validate()
    {
        var refused = LlmAnswer.Read(WithCode, "c1", allowCode: false);
        Assert.False(refused.IsValid);
        Assert.Contains("--allow-code", refused.Rejection, StringComparison.Ordinal);

        var accepted = LlmAnswer.Read(WithCode, "c1", allowCode: true);
        Assert.True(accepted.IsValid, accepted.Rejection);
        var method = Assert.Single(accepted.Spec!.CustomMethods);
        Assert.Equal("ScoreWith", method.AttributeName);
        Assert.True(MemoryCatalog.ScoreWith.Accepts(method));
        Assert.Contains("hit.Score + (hit.Record.Text.Contains(query.Text) ? 0.1f : 0f)", accepted.Code, StringComparison.Ordinal);

        var badSignature = LlmAnswer.Read(WithBadSignature, "c1", allowCode: true);
        Assert.False(badSignature.IsValid);
        Assert.Contains("MEMDSL0006", badSignature.Rejection, StringComparison.Ordinal);

        // Attribute-only answers in a class with an empty body are not code.
        Assert.True(LlmAnswer.Read(GoodInClass, "c1", allowCode: false).IsValid);
    }

    [Fact]
    public void Answers_that_set_a_deployment_parameter_are_rejected()
    {
        var answer = LlmAnswer.Read(Good.Replace("StoreKind.VectorAndText)", "StoreKind.VectorAndText, Persistence = PersistenceKind.Sqlite)", StringComparison.Ordinal), "c1", allowCode: false);

        Assert.False(answer.IsValid);
        Assert.Contains("Persistence is not searchable", answer.Rejection, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<EvolutionProgress> report) : IProgress<EvolutionProgress>
    {
        public void Report(EvolutionProgress value) => report(value);
    }
}
