namespace MemDsl.Runtime;

/// <summary>
/// Finds the first time expression in a question and resolves it to an absolute
/// <see cref="TimeWindow"/> — the LLM-free stand-in for the date reasoning that temporal memory
/// systems ask a model to do. Rules, all in the offset of the reference time:
/// <list type="bullet">
/// <item>Calendar units: a day is midnight to midnight; weeks start on Monday; "last week" is the
/// calendar week before the current one, "N weeks ago" the calendar week N before it (same for days,
/// weekends, months and years). "past N days" / "last 3 weeks" are rolling: [now - N units, now).</item>
/// <item>"last Friday" and "on Friday" are the most recent Friday strictly before today; "this Friday"
/// is the Friday of the current week; "last weekend" is the Saturday and Sunday of the previous
/// calendar week.</item>
/// <item>A month or date without a year ("in May", "on 8 May") is the most recent one not after the
/// reference time, so "in May" asked in April is May of the previous year; "last May" is the most
/// recent May before the current month.</item>
/// <item>Seasons are meteorological (northern hemisphere): spring March–May, summer June–August,
/// autumn/fall September–November, winter December to February (winter 2023 starts in December 2023).
/// "in/during the summer" is the most recent summer that has started; "last summer" the most
/// recent one that has ended.</item>
/// <item>"recently" / "lately" are the 14 days before now; "the other day" the 7 days before today;
/// "this morning" 05:00–12:00, "this afternoon" 12:00–18:00, "this evening" and "tonight" 18:00–24:00,
/// "last night" 18:00 yesterday to 06:00 today.</item>
/// <item>Anchored forms, as LoCoMo writes them: "the week before 9 June 2023", "the Sunday before
/// October 25, 2022", "two weeks before August 11, 2023", "the weekend after 3 June, 2022", "the week of
/// 23 August 2023", and a relative expression followed by a date ("last Friday on 23 January, 2022",
/// "recently, as mentioned on 3 June, 2023") resolve as if asked at the end of that day; "recently" and
/// "lately" take the first such dated phrase anywhere after them ("recently watch … on February 7,
/// 2022"), and a relative expression followed by "in" and a named period ("recently in May 2022") is
/// that period.</item>
/// <item>Modifiers and ranges on months and years: "early/mid/late May 2023", "the beginning/middle/end
/// of …" (thirds: days 1–10, 11–20, 21–end; January–April, May–August, September–December), "the
/// first/second half of …"; "since X" is [start of X, now), "by/until X" ends with X, "before X" ends
/// where X starts, "after X" starts where X ends (open ends are <see cref="DateTimeOffset.MinValue"/> /
/// <see cref="DateTimeOffset.MaxValue"/>).</item>
/// </list>
/// The window is the time the question refers to; a conversation turn that mentions an event
/// ("last week I gave a talk") is dated when it was said, which may be after the window.
/// </summary>
public static partial class TimeExpressions
{
    private const int StackTokens = 96;

    /// <summary>
    /// Finds the first time expression in <paramref name="query"/> and resolves it against
    /// <paramref name="asOf"/> (the time the question is asked, whose offset the window uses).
    /// </summary>
    /// <returns>False when the query holds no time expression this class understands.</returns>
    public static bool TryResolve(ReadOnlySpan<char> query, DateTimeOffset asOf, out TimeWindow window)
    {
        var count = CountTokens(query);
        if (count == 0)
        {
            window = default;
            return false;
        }

        var rented = count > StackTokens ? ArrayPool<TimeToken>.Shared.Rent(count) : null;
        try
        {
            Span<TimeToken> tokens = rented is null ? stackalloc TimeToken[StackTokens] : rented;
            tokens = tokens[..count];
            FillTokens(query, tokens);
            var parser = new Parser(query, tokens, asOf);
            for (var i = 0; i < tokens.Length; i++)
            {
                if (parser.TryAt(i, out window))
                {
                    return true;
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // Only an asOf at the ends of the calendar (near year 1 or 9999) can push a date out of
            // range; such a question names no representable window.
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TimeToken>.Shared.Return(rented);
            }
        }

        window = default;
        return false;
    }

    private static int CountTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var position = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out _, out _))
        {
            count++;
        }

        return count;
    }

    private static void FillTokens(ReadOnlySpan<char> text, Span<TimeToken> tokens)
    {
        var position = 0;
        var index = 0;
        while (TextTokenizer.TryReadToken(text, ref position, out var start, out var length))
        {
            tokens[index++] = TimeToken.Create(text.Slice(start, length), start);
        }
    }

    /// <summary>A letter-or-digit run; <see cref="Number"/> is its value when it is digits (or an ordinal like "8th"), else -1.</summary>
    internal readonly record struct TimeToken(int Start, int Length, int Number, int Digits)
    {
        public int End => Start + Length;

        public static TimeToken Create(ReadOnlySpan<char> word, int start)
        {
            var digits = 0;
            while (digits < word.Length && char.IsAsciiDigit(word[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 6)
            {
                return new TimeToken(start, word.Length, -1, 0);
            }

            var suffix = word[digits..];
            if (suffix.Length != 0 && !IsOrdinalSuffix(suffix))
            {
                return new TimeToken(start, word.Length, -1, 0);
            }

            var value = 0;
            for (var i = 0; i < digits; i++)
            {
                value = (value * 10) + (word[i] - '0');
            }

            return new TimeToken(start, word.Length, value, digits);
        }

        private static bool IsOrdinalSuffix(ReadOnlySpan<char> suffix) =>
            suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);
    }
}
