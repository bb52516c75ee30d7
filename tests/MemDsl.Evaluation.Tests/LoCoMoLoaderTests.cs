using System.Text;

namespace MemDsl.Evaluation.Tests;

public sealed class LoCoMoLoaderTests
{
    [Fact]
    public void Dev_json_counts_match_the_data_readme()
    {
        var loaded = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev);
        var report = loaded.Report;

        Assert.Equal(4, report.Conversations);
        Assert.Equal(99, report.Sessions);
        Assert.Equal(2080, report.Turns);
        Assert.Equal(438, report.ImageTurns);
        Assert.Equal(757, report.QaItems);
        Assert.Equal(173, report.AdversarialSkipped);
        Assert.Equal(1007, report.EvidenceEntries);
        Assert.Equal(2, report.MalformedEvidence);
        Assert.Equal(1, report.UnknownEvidence);
        Assert.Equal(3, report.QuestionsWithoutEvidence);
        Assert.Equal(581, report.QuestionsKept);

        var streams = loaded.Dataset.Streams;
        Assert.Equal(["conv-26", "conv-30", "conv-41", "conv-42"], streams.Select(s => s.Name));
        Assert.Equal([419, 369, 663, 629], streams.Select(s => s.WriteCount));
        Assert.Equal([149, 81, 152, 199], streams.Select(s => s.QueryCount));
    }

    [Fact]
    public void Dev_json_turns_keep_ids_dates_and_order_and_queries_come_after_the_conversation()
    {
        var stream = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev).Dataset.Streams[0];
        var first = Assert.IsType<WriteEvent>(stream.Events[0]).Turn;

        Assert.Equal("D1:1", first.Id);
        Assert.Equal("Caroline", first.Speaker);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.Zero), first.Timestamp);
        Assert.Equal("S1", first.Session);

        var lastWrite = stream.Events.OfType<WriteEvent>().Last().Turn;
        var firstQueryIndex = stream.Events.ToList().FindIndex(e => e is QueryEvent);
        Assert.Equal(419, firstQueryIndex);
        Assert.All(stream.Events.OfType<QueryEvent>(), q => Assert.Equal(lastWrite.Timestamp, q.Query.AsOf));

        var turnIds = stream.Events.OfType<WriteEvent>().Select(w => w.Turn.Id).ToHashSet();
        Assert.All(stream.Events.OfType<QueryEvent>(), q => Assert.All(q.Query.GoldIds, id => Assert.Contains(id, turnIds)));
        Assert.DoesNotContain(stream.Events.OfType<QueryEvent>(), q => q.Query.Category == "5:adversarial");
    }

    [Fact]
    public void Captions_are_appended_only_when_asked()
    {
        var without = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { MaxConversations = 1 });
        var with = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { MaxConversations = 1, IncludeImageCaptions = true });

        Assert.DoesNotContain(without.Dataset.Streams[0].Events.OfType<WriteEvent>(), w => w.Turn.Text.Contains("[image: ", StringComparison.Ordinal));
        Assert.Equal(116, with.Dataset.Streams[0].Events.OfType<WriteEvent>().Count(w => w.Turn.Text.Contains("[image: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Splits_alternate_conversations()
    {
        var search = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { Split = LoCoMoSplit.Search });
        var validation = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev, new LoCoMoLoadOptions { Split = LoCoMoSplit.Validation });

        Assert.Equal(["conv-26", "conv-41"], search.Dataset.Streams.Select(s => s.Name));
        Assert.Equal(["conv-30", "conv-42"], validation.Dataset.Streams.Select(s => s.Name));
        Assert.Equal("locomo:dev/search", search.Dataset.Name);
        Assert.Equal(581, search.Report.QuestionsKept + validation.Report.QuestionsKept);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_line()
    {
        var bytes = File.ReadAllBytes(RepositoryLayout.LoCoMoDev);
        var truncated = bytes.AsMemory(0, bytes.Length / 2);

        var exception = Assert.Throws<LoCoMoFormatException>(() => LoCoMoLoader.Parse(truncated, "half.json"));

        Assert.Equal("half.json", exception.File);
        Assert.StartsWith("line ", exception.Position, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "$", "expected an array")]
    [InlineData("[{\"sample_id\": 5}]", "$[0].sample_id", "expected a string, found the number 5")]
    [InlineData("[{\"sample_id\": \"c\", \"conversation\": {\"session_1\": [{\"dia_id\": \"D1:1\", \"speaker\": \"A\", \"text\": \"hi\"}]}, \"qa\": []}]", "$[0].conversation.session_1_date_time", "has no date")]
    [InlineData("[{\"sample_id\": \"c\", \"conversation\": {\"session_1_date_time\": \"yesterday\", \"session_1\": []}, \"qa\": []}]", "$[0].conversation.session_1_date_time", "expected a date")]
    [InlineData("[{\"sample_id\": \"c\", \"conversation\": {}, \"qa\": [{\"question\": \"q\", \"category\": \"one\"}]}]", "$[0].qa[0].category", "expected an integer from 1 to 5")]
    [InlineData("[{\"sample_id\": \"c\", \"conversation\": {}, \"qa\": [{\"question\": \"q\", \"category\": 1, \"evidence\": [3]}]}]", "$[0].qa[0].evidence[0]", "expected a string")]
    [InlineData("[{\"sample_id\": \"c\", \"conversation\": {}}]", "$[0]", "missing property \"qa\"")]
    public void Wrong_types_name_the_json_path(string json, string position, string reason)
    {
        var exception = Assert.Throws<LoCoMoFormatException>(() => LoCoMoLoader.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));

        Assert.Equal(position, exception.Position);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.StartsWith("bad.json: " + position, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_and_malformed_evidence_ids_are_counted_and_their_questions_skipped()
    {
        const string Json = """
            [{"sample_id": "c", "conversation": {
                "session_1_date_time": "1:56 pm on 8 May, 2023",
                "session_1": [{"dia_id": "D1:1", "speaker": "A", "text": "I like tea."}, {"dia_id": "D1:2", "speaker": "B", "text": "Coffee for me."}]},
              "qa": [
                {"question": "What does A like?", "answer": "tea", "category": 4, "evidence": ["D1:1", "D1:9"]},
                {"question": "Unknown only", "answer": "x", "category": 4, "evidence": ["D1:9"]},
                {"question": "Malformed only", "answer": "x", "category": 1, "evidence": ["D1:1; D1:2"]},
                {"question": "No evidence", "answer": "x", "category": 3, "evidence": []},
                {"question": "Adversarial", "adversarial_answer": "x", "category": 5, "evidence": ["D1:2"]}]}]
            """;

        var loaded = LoCoMoLoader.Parse(Encoding.UTF8.GetBytes(Json), "small.json");

        Assert.Equal(2, loaded.Report.UnknownEvidence);
        Assert.Equal(1, loaded.Report.MalformedEvidence);
        Assert.Equal(3, loaded.Report.QuestionsWithoutEvidence);
        Assert.Equal(1, loaded.Report.AdversarialSkipped);
        var query = Assert.Single(loaded.Dataset.Streams[0].Events.OfType<QueryEvent>()).Query;
        Assert.Equal(["D1:1"], query.GoldIds);
        Assert.Equal("4:single-hop", query.Category);
    }

    [Fact]
    public void A_missing_file_is_a_format_error_naming_it()
    {
        var exception = Assert.Throws<LoCoMoFormatException>(() => LoCoMoLoader.Load("/nonexistent/locomo.json"));
        Assert.Equal("/nonexistent/locomo.json", exception.File);
    }
}
