using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemDsl.Runtime;

namespace MemDsl.Runtime.Tests.Text;

/// <summary>
/// Every expected window below is worked out by hand from a calendar (weekdays checked):
/// 2023-05-17 is a Wednesday (its week runs Monday 15 – Sunday 21 May), 2024-01-01 a Monday,
/// 2024-03-01 a Friday, 2023-04-10 a Monday, 2023-08-03 a Thursday, 2023-08-11 a Friday,
/// 2022-10-25 a Tuesday, 2022-01-23 a Sunday, 2022-06-03 a Friday, 2023-08-23 a Wednesday.
/// </summary>
public sealed class TimeExpressionsTests
{
    /// <summary>Wednesday 17 May 2023, 15:30 UTC.</summary>
    private const string Wednesday = "2023-05-17T15:30:00+00:00";

    [Theory]
    [InlineData("What did I eat yesterday?", "2023-05-16T00:00:00+00:00", "2023-05-17T00:00:00+00:00")]
    [InlineData("What happened today?", "2023-05-17T00:00:00+00:00", "2023-05-18T00:00:00+00:00")]
    [InlineData("What is planned for tomorrow?", "2023-05-18T00:00:00+00:00", "2023-05-19T00:00:00+00:00")]
    [InlineData("Where am I going tonight?", "2023-05-17T18:00:00+00:00", "2023-05-18T00:00:00+00:00")]
    [InlineData("Who called this morning?", "2023-05-17T05:00:00+00:00", "2023-05-17T12:00:00+00:00")]
    [InlineData("Who called this afternoon?", "2023-05-17T12:00:00+00:00", "2023-05-17T18:00:00+00:00")]
    [InlineData("Where did we eat last night?", "2023-05-16T18:00:00+00:00", "2023-05-17T06:00:00+00:00")]
    [InlineData("the day before yesterday", "2023-05-15T00:00:00+00:00", "2023-05-16T00:00:00+00:00")]
    [InlineData("Where did I eat out last week?", "2023-05-08T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("What did I do this week?", "2023-05-15T00:00:00+00:00", "2023-05-22T00:00:00+00:00")]
    [InlineData("What did I do the previous week?", "2023-05-08T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("What did I do the week before last?", "2023-05-01T00:00:00+00:00", "2023-05-08T00:00:00+00:00")]
    [InlineData("What happened last weekend?", "2023-05-13T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("What is on this weekend?", "2023-05-20T00:00:00+00:00", "2023-05-22T00:00:00+00:00")]
    [InlineData("What did I buy last month?", "2023-04-01T00:00:00+00:00", "2023-05-01T00:00:00+00:00")]
    [InlineData("What did I buy this month?", "2023-05-01T00:00:00+00:00", "2023-06-01T00:00:00+00:00")]
    [InlineData("Where did I travel last year?", "2022-01-01T00:00:00+00:00", "2023-01-01T00:00:00+00:00")]
    [InlineData("Where did I travel this year?", "2023-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("Where was I 3 days ago?", "2023-05-14T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("Where was I two weeks ago?", "2023-05-01T00:00:00+00:00", "2023-05-08T00:00:00+00:00")]
    [InlineData("Where was I a week ago?", "2023-05-08T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("What changed a couple of months ago?", "2023-03-01T00:00:00+00:00", "2023-04-01T00:00:00+00:00")]
    [InlineData("What changed a few days ago?", "2023-05-14T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("Where did Caroline move from 4 years ago?", "2019-01-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00")]
    [InlineData("What did I start twelve months ago?", "2022-05-01T00:00:00+00:00", "2022-06-01T00:00:00+00:00")]
    [InlineData("What did I do last Monday?", "2023-05-15T00:00:00+00:00", "2023-05-16T00:00:00+00:00")]
    [InlineData("What did I do last Wednesday?", "2023-05-10T00:00:00+00:00", "2023-05-11T00:00:00+00:00")]
    [InlineData("What did I do last Sunday?", "2023-05-14T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    [InlineData("Who did I meet on Friday?", "2023-05-12T00:00:00+00:00", "2023-05-13T00:00:00+00:00")]
    [InlineData("What is on this Friday?", "2023-05-19T00:00:00+00:00", "2023-05-20T00:00:00+00:00")]
    [InlineData("What did I do earlier this week?", "2023-05-15T00:00:00+00:00", Wednesday)]
    [InlineData("What did I do earlier this month?", "2023-05-01T00:00:00+00:00", Wednesday)]
    [InlineData("What have I been reading recently?", "2023-05-03T15:30:00+00:00", Wednesday)]
    [InlineData("What have I been reading lately?", "2023-05-03T15:30:00+00:00", Wednesday)]
    [InlineData("Who did I see the other day?", "2023-05-10T00:00:00+00:00", "2023-05-17T00:00:00+00:00")]
    [InlineData("How much did I run in the past 3 days?", "2023-05-14T15:30:00+00:00", Wednesday)]
    [InlineData("How much did I run in the past week?", "2023-05-10T15:30:00+00:00", Wednesday)]
    [InlineData("How much did I run over the last few days?", "2023-05-14T15:30:00+00:00", Wednesday)]
    [InlineData("How much did I run over the last couple of weeks?", "2023-05-03T15:30:00+00:00", Wednesday)]
    [InlineData("WHERE DID I EAT OUT LAST WEEK?", "2023-05-08T00:00:00+00:00", "2023-05-15T00:00:00+00:00")]
    public void Relative_expressions_resolve_against_the_time_the_question_is_asked(string query, string start, string end) =>
        AssertWindow(query, Wednesday, start, end);

    [Theory]
    [InlineData("Which books did I read in May?", "2023-05-01T00:00:00+00:00", "2023-06-01T00:00:00+00:00")]
    [InlineData("Which books did I read in April?", "2023-04-01T00:00:00+00:00", "2023-05-01T00:00:00+00:00")]
    [InlineData("Which books did I read in June?", "2022-06-01T00:00:00+00:00", "2022-07-01T00:00:00+00:00")]
    [InlineData("Which books did I read in May 2021?", "2021-05-01T00:00:00+00:00", "2021-06-01T00:00:00+00:00")]
    [InlineData("Which books did I read during May, 2021?", "2021-05-01T00:00:00+00:00", "2021-06-01T00:00:00+00:00")]
    [InlineData("What setback did Melanie face in October 2023?", "2023-10-01T00:00:00+00:00", "2023-11-01T00:00:00+00:00")]
    [InlineData("Which books did I read in Sept 2022?", "2022-09-01T00:00:00+00:00", "2022-10-01T00:00:00+00:00")]
    [InlineData("What happened on 8 May 2023?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("What happened on the 8th of May, 2023?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("What happened on May 8, 2023?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("What happened on May 8th?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("What happened on 8 May?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("What happened on 17 May?", "2023-05-17T00:00:00+00:00", "2023-05-18T00:00:00+00:00")]
    [InlineData("What happened on 20 May?", "2022-05-20T00:00:00+00:00", "2022-05-21T00:00:00+00:00")]
    [InlineData("What happened on 2023-05-08?", "2023-05-08T00:00:00+00:00", "2023-05-09T00:00:00+00:00")]
    [InlineData("How many times has Melanie gone to the beach in 2023?", "2023-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("What did Caroline do during the summer?", "2022-06-01T00:00:00+00:00", "2022-09-01T00:00:00+00:00")]
    [InlineData("What state did Joanna visit in summer 2021?", "2021-06-01T00:00:00+00:00", "2021-09-01T00:00:00+00:00")]
    [InlineData("Where did John go camping in the summer of 2022?", "2022-06-01T00:00:00+00:00", "2022-09-01T00:00:00+00:00")]
    [InlineData("Where did we ski last winter?", "2022-12-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")]
    [InlineData("What did I plant last spring?", "2022-03-01T00:00:00+00:00", "2022-06-01T00:00:00+00:00")]
    [InlineData("What did I plant this spring?", "2023-03-01T00:00:00+00:00", "2023-06-01T00:00:00+00:00")]
    [InlineData("What did I do last May?", "2022-05-01T00:00:00+00:00", "2022-06-01T00:00:00+00:00")]
    [InlineData("What did I do last April?", "2023-04-01T00:00:00+00:00", "2023-05-01T00:00:00+00:00")]
    [InlineData("Which torunament did Nate win in the beginning of November 2022?", "2022-11-01T00:00:00+00:00", "2022-11-11T00:00:00+00:00")]
    [InlineData("What did I do in early May 2023?", "2023-05-01T00:00:00+00:00", "2023-05-11T00:00:00+00:00")]
    [InlineData("What did I do in mid-June 2022?", "2022-06-11T00:00:00+00:00", "2022-06-21T00:00:00+00:00")]
    [InlineData("What did I do at the end of March 2023?", "2023-03-21T00:00:00+00:00", "2023-04-01T00:00:00+00:00")]
    [InlineData("What did I do in late 2022?", "2022-09-01T00:00:00+00:00", "2023-01-01T00:00:00+00:00")]
    [InlineData("Was the first half of September 2022 a good month career-wise for Nate and Joanna?", "2022-09-01T00:00:00+00:00", "2022-09-16T00:00:00+00:00")]
    [InlineData("What did I do in the second half of 2022?", "2022-07-01T00:00:00+00:00", "2023-01-01T00:00:00+00:00")]
    [InlineData("What have I cooked since March 2023?", "2023-03-01T00:00:00+00:00", Wednesday)]
    [InlineData("What did I learn after 8 May 2023?", "2023-05-09T00:00:00+00:00", null)]
    [InlineData("How many video game tournaments has Nate won by July 10, 2022?", null, "2022-07-11T00:00:00+00:00")]
    [InlineData("Where did I live before 2020?", null, "2020-01-01T00:00:00+00:00")]
    public void Absolute_expressions_resolve_to_calendar_days_months_seasons_and_years(string query, string? start, string? end) =>
        AssertWindow(query, Wednesday, start, end);

    [Theory]
    [InlineData("What did Maria participate in last weekend before April 10, 2023?", "2023-04-08T00:00:00+00:00", "2023-04-10T00:00:00+00:00")]
    [InlineData("What did John do the week before August 3, 2023 involving his kids?", "2023-07-24T00:00:00+00:00", "2023-07-31T00:00:00+00:00")]
    [InlineData("What is the name of Maria's puppy she got two weeks before August 11, 2023?", "2023-07-24T00:00:00+00:00", "2023-07-31T00:00:00+00:00")]
    [InlineData("What did Joanna contribute to that was shown on the big screen on the Sunday before October 25, 2022?", "2022-10-23T00:00:00+00:00", "2022-10-24T00:00:00+00:00")]
    [InlineData("What did Joanna just finish last Friday on 23 January, 2022?", "2022-01-21T00:00:00+00:00", "2022-01-22T00:00:00+00:00")]
    [InlineData("What new activity did Maria start recently, as mentioned on 3 June, 2023?", "2023-05-21T00:00:00+00:00", "2023-06-04T00:00:00+00:00")]
    [InlineData("What did I do the day before May 8, 2023?", "2023-05-07T00:00:00+00:00", "2023-05-08T00:00:00+00:00")]
    [InlineData("What did I do the day after May 8, 2023?", "2023-05-09T00:00:00+00:00", "2023-05-10T00:00:00+00:00")]
    [InlineData("When is Nate hosting a gaming party, the weekend after 3 June, 2022?", "2022-06-04T00:00:00+00:00", "2022-06-06T00:00:00+00:00")]
    [InlineData("What did Caroline do the week of 23 August 2023?", "2023-08-21T00:00:00+00:00", "2023-08-28T00:00:00+00:00")]
    [InlineData("What painting did Melanie show to Caroline on October 13, 2023?", "2023-10-13T00:00:00+00:00", "2023-10-14T00:00:00+00:00")]
    [InlineData("What did Gina find for her clothing store on 1 February, 2023?", "2023-02-01T00:00:00+00:00", "2023-02-02T00:00:00+00:00")]
    [InlineData("What filling did Joanna use in the cake she made recently in May 2022?", "2022-05-01T00:00:00+00:00", "2022-06-01T00:00:00+00:00")]
    [InlineData("What did Joanna recently watch and recommend to Nate on February 7, 2022?", "2022-01-25T00:00:00+00:00", "2022-02-08T00:00:00+00:00")]
    public void LoCoMo_anchored_forms_resolve_against_the_date_they_name(string query, string start, string end) =>
        AssertWindow(query, Wednesday, start, end);

    [Theory]
    [InlineData("2024-01-01T10:00:00+00:00", "What did I do yesterday?", "2023-12-31T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01T10:00:00+00:00", "What did I do last week?", "2023-12-25T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01T10:00:00+00:00", "What did I do last weekend?", "2023-12-30T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01T10:00:00+00:00", "What did I do last month?", "2023-12-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01T10:00:00+00:00", "What did I do last year?", "2023-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-10T10:00:00+00:00", "Where did we ski this winter?", "2023-12-01T00:00:00+00:00", "2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03-01T09:00:00+00:00", "What did I do yesterday?", "2024-02-29T00:00:00+00:00", "2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03-01T09:00:00+00:00", "What did I do last month?", "2024-02-01T00:00:00+00:00", "2024-03-01T00:00:00+00:00")]
    [InlineData("2023-03-01T09:00:00+00:00", "What did I do last month?", "2023-02-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")]
    [InlineData("2023-05-17T15:30:00+00:00", "What did I do on 29 February?", "2020-02-29T00:00:00+00:00", "2020-03-01T00:00:00+00:00")]
    [InlineData("2024-03-31T09:00:00+00:00", "What did I do on 29 February 2024?", "2024-02-29T00:00:00+00:00", "2024-03-01T00:00:00+00:00")]
    [InlineData("2023-05-17T15:30:00+00:00", "What did I do on 29 February 2023?", "2023-02-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")]
    [InlineData("2024-04-20T09:00:00+00:00", "Which books did I read in May?", "2023-05-01T00:00:00+00:00", "2023-06-01T00:00:00+00:00")]
    [InlineData("2023-06-02T09:00:00+00:00", "What did I do last May?", "2023-05-01T00:00:00+00:00", "2023-06-01T00:00:00+00:00")]
    [InlineData("2023-07-20T09:00:00+00:00", "What did Caroline do during the summer?", "2023-06-01T00:00:00+00:00", "2023-09-01T00:00:00+00:00")]
    [InlineData("2023-07-20T09:00:00+00:00", "Where did we go last summer?", "2022-06-01T00:00:00+00:00", "2022-09-01T00:00:00+00:00")]
    [InlineData("2023-09-20T09:00:00+00:00", "Where did we go last summer?", "2023-06-01T00:00:00+00:00", "2023-09-01T00:00:00+00:00")]
    [InlineData("2023-05-14T12:00:00+00:00", "What did I do last Sunday?", "2023-05-07T00:00:00+00:00", "2023-05-08T00:00:00+00:00")]
    [InlineData("2023-05-14T12:00:00+00:00", "What did I do last weekend?", "2023-05-06T00:00:00+00:00", "2023-05-08T00:00:00+00:00")]
    public void Month_year_and_leap_year_boundaries(string asOf, string query, string start, string end) =>
        AssertWindow(query, asOf, start, end);

    [Fact]
    public void The_window_is_in_the_offset_of_the_question_time()
    {
        // 00:30 on 17 May in +02:00 is still 16 May in UTC: "yesterday" is 16 May local time.
        var asOf = DateTimeOffset.Parse("2023-05-17T00:30:00+02:00", CultureInfo.InvariantCulture);
        Assert.True(TimeExpressions.TryResolve("What did I do yesterday?", asOf, out var window));
        Assert.Equal(new DateTimeOffset(2023, 5, 16, 0, 0, 0, TimeSpan.FromHours(2)), window.Start);
        Assert.Equal(TimeSpan.FromHours(2), window.Start.Offset);
        Assert.Equal(TimeSpan.FromHours(2), window.End.Offset);
        Assert.Equal(new DateTimeOffset(2023, 5, 15, 22, 0, 0, TimeSpan.Zero), window.Start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2023, 5, 16, 22, 0, 0, TimeSpan.Zero), window.End.ToUniversalTime());

        // A turn written at 23:30 UTC on 16 May happened on 17 May in +02:00: not "yesterday".
        Assert.False(window.Contains(new DateTimeOffset(2023, 5, 16, 23, 30, 0, TimeSpan.Zero)));
        Assert.True(window.Contains(new DateTimeOffset(2023, 5, 16, 21, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("What breed is Maya's dog?")]
    [InlineData("When did Caroline go to the LGBTQ support group?")]
    [InlineData("How long ago was Caroline's 18th birthday?")]
    [InlineData("May I ask where Caroline lives now?")]
    [InlineData("What did she say about the photo of May?")]
    [InlineData("I may go there 5 times.")]
    [InlineData("Did I fall off the bike?")]
    [InlineData("What is the weekday routine before work?")]
    [InlineData("the week before the trip")]
    [InlineData("")]
    [InlineData("   ?!  ")]
    public void Questions_without_a_time_expression_resolve_to_nothing(string query) =>
        Assert.False(TimeExpressions.TryResolve(query, Parse(Wednesday), out _), query);

    [Fact]
    public void The_first_expression_in_the_query_wins()
    {
        Assert.True(TimeExpressions.TryResolve("Did I run last week or in March 2022?", Parse(Wednesday), out var window));
        Assert.Equal(Parse("2023-05-08T00:00:00+00:00"), window.Start);
    }

    [Fact]
    public void A_long_query_resolves_like_a_short_one()
    {
        var filler = string.Concat(Enumerable.Repeat("and then we talked about the garden ", 40));
        Assert.True(TimeExpressions.TryResolve(filler + "yesterday", Parse(Wednesday), out var window));
        Assert.Equal(Parse("2023-05-16T00:00:00+00:00"), window.Start);
    }

    [Fact]
    public void Temporal_stream_questions_resolve_to_the_gold_windows()
    {
        // The synthetic temporal stream asks "last week" on Mondays at 20:00 (gold: the seven days
        // before) and "in <Month>" at 1 July 2024 20:00 (gold: that month of 2024).
        var monday = Parse("2024-01-15T20:00:00+00:00");
        Assert.True(TimeExpressions.TryResolve("Which workouts did I log last week?", monday, out var week));
        Assert.Equal(new TimeWindow(Parse("2024-01-08T00:00:00+00:00"), Parse("2024-01-15T00:00:00+00:00")), week);

        var end = Parse("2024-07-01T20:00:00+00:00");
        for (var month = 1; month <= 6; month++)
        {
            var name = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
            Assert.True(TimeExpressions.TryResolve($"Which friends did I catch up with in {name}?", end, out var window), name);
            Assert.Equal(new DateTimeOffset(2024, month, 1, 0, 0, 0, TimeSpan.Zero), window.Start);
            Assert.Equal(new DateTimeOffset(2024, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1), window.End);
        }
    }

    [Fact]
    public void Every_LoCoMo_question_naming_a_month_and_year_resolves_inside_that_month()
    {
        // Questions like "What did Maria donate to a homeless shelter in December 2023?" or "on
        // October 13, 2023": the resolved window must lie in the month the question names.
        using var stream = File.OpenRead(RepositoryLayout.LoCoMoDev);
        using var document = JsonDocument.Parse(stream);
        var monthYear = new Regex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(\d{4})\b|\b\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October|November|December),?\s+(\d{4})\b");
        var asOf = Parse("2024-01-01T00:00:00+00:00");
        var checkedQuestions = 0;
        foreach (var conversation in document.RootElement.EnumerateArray())
        {
            foreach (var qa in conversation.GetProperty("qa").EnumerateArray())
            {
                var question = qa.GetProperty("question").GetString()!;
                var match = monthYear.Match(question);
                // "the week before <date>" and "by <date>" name a time outside the month on purpose.
                if (!match.Success || question.Contains(" before ", StringComparison.Ordinal) || question.Contains(" by ", StringComparison.Ordinal))
                {
                    continue;
                }

                var monthName = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[3].Value;
                var year = int.Parse(match.Groups[1].Success ? match.Groups[2].Value : match.Groups[4].Value, CultureInfo.InvariantCulture);
                var month = DateTime.ParseExact(monthName, "MMMM", CultureInfo.InvariantCulture).Month;
                var monthStart = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);

                Assert.True(TimeExpressions.TryResolve(question, asOf, out var window), question);
                if (question.Contains("recently", StringComparison.Ordinal) && !question.Contains("recently in", StringComparison.Ordinal))
                {
                    // "recently ... on <date>": the 14 days up to that date, which may start in the month before.
                    Assert.True(window.End > monthStart && window.End <= monthStart.AddMonths(1) && window.Duration == TimeSpan.FromDays(14), $"{question} -> {window}");
                }
                else
                {
                    Assert.True(window.Start >= monthStart && window.End <= monthStart.AddMonths(1), $"{question} -> {window}");
                }

                checkedQuestions++;
            }
        }

        Assert.True(checkedQuestions >= 40, $"only {checkedQuestions} LoCoMo questions name a month and a year");
    }

    [Fact]
    public void Random_mixtures_of_time_words_never_throw_and_never_invert_a_window()
    {
        string[] vocabulary =
        [
            "last", "this", "next", "the", "week", "weeks", "weekend", "month", "year", "day", "days", "before", "after", "of", "on",
            "in", "since", "by", "until", "ago", "a", "couple", "few", "two", "twelve", "recently", "as", "mentioned", "yesterday",
            "tonight", "May", "February", "Sept", "summer", "winter", "Friday", "Sunday", "early", "late", "mid", "beginning",
            "end", "first", "second", "half", "past", "earlier", "0", "1", "8th", "29", "31", "99", "2023", "2024", "9999", "2030",
            ",", "-", "?", "I", "went", "to", "Porto",
        ];
        var random = new Random(6);
        DateTimeOffset[] times =
        [
            Parse(Wednesday), Parse("2024-02-29T23:59:59-05:00"), Parse("2023-12-31T00:00:00+14:00"), Parse("2024-01-01T00:00:00+00:00"),
        ];
        var resolved = 0;
        for (var trial = 0; trial < 5000; trial++)
        {
            var words = new string[random.Next(1, 9)];
            for (var w = 0; w < words.Length; w++)
            {
                words[w] = vocabulary[random.Next(vocabulary.Length)];
            }

            var query = string.Join(' ', words);
            if (TimeExpressions.TryResolve(query, times[trial % times.Length], out var window))
            {
                Assert.True(window.Start <= window.End, $"{query} -> {window}");
                resolved++;
            }
        }

        Assert.True(resolved > 1000, $"only {resolved} of 5000 random queries resolved");
        Assert.False(TimeExpressions.TryResolve("What did I do yesterday?", DateTimeOffset.MinValue, out _));
        Assert.True(TimeExpressions.TryResolve("What have I done since 2030?", Parse(Wednesday), out var empty));
        Assert.Equal(TimeSpan.Zero, empty.Duration);
    }

    [Fact]
    public void A_window_contains_its_start_but_not_its_end()
    {
        var window = new TimeWindow(Parse("2023-05-16T00:00:00+00:00"), Parse("2023-05-17T00:00:00+00:00"));
        Assert.True(window.Contains(window.Start));
        Assert.True(window.Contains(Parse("2023-05-16T23:59:59+00:00")));
        Assert.False(window.Contains(window.End));
        Assert.False(window.Contains(Parse("2023-05-15T23:59:59+00:00")));
        // Instants, not wall clocks: 01:00 on 17 May in +02:00 is 23:00 on 16 May UTC.
        Assert.True(window.Contains(Parse("2023-05-17T01:00:00+02:00")));
    }

    private static void AssertWindow(string query, string asOf, string? start, string? end)
    {
        var asOfTime = Parse(asOf);
        Assert.True(TimeExpressions.TryResolve(query, asOfTime, out var window), query);
        Assert.Equal(start is null ? DateTimeOffset.MinValue : Parse(start), window.Start);
        Assert.Equal(end is null ? DateTimeOffset.MaxValue : Parse(end), window.End);
    }

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
