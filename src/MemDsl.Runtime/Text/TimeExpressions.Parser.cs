namespace MemDsl.Runtime;

public static partial class TimeExpressions
{
    /// <summary>Matches expression forms at a token position; every word test is an ordinal, case-insensitive span compare.</summary>
    private readonly ref struct Parser(ReadOnlySpan<char> text, ReadOnlySpan<TimeToken> tokens, DateTimeOffset asOf)
    {
        private readonly ReadOnlySpan<char> text = text;
        private readonly ReadOnlySpan<TimeToken> tokens = tokens;
        private readonly DateTimeOffset asOf = asOf;
        private readonly DateTimeOffset today = new(asOf.Year, asOf.Month, asOf.Day, 0, 0, 0, asOf.Offset);

        public bool TryAt(int i, out TimeWindow window)
        {
            if (TryRelative(i, out var spec, out var next))
            {
                if (TryAnchor(next, spec, out window))
                {
                    return true;
                }

                if (spec.RequiredAnchor == AnchorKind.None)
                {
                    window = spec.Resolve(asOf, today);
                    return true;
                }
            }

            if (TryAbsolute(i, out var absolute, out _, out var precision))
            {
                window = ApplyModifierAndRange(i, absolute, precision);
                return true;
            }

            window = default;
            return false;
        }

        // ---- relative forms ------------------------------------------------------------------

        private bool TryRelative(int i, out RelativeSpec spec, out int next)
        {
            spec = default;
            next = i + 1;
            if (Is(i, "yesterday"))
            {
                spec = new RelativeSpec(RelativeKind.Day, 1);
                return true;
            }

            if (Is(i, "today"))
            {
                spec = new RelativeSpec(RelativeKind.Day, 0);
                return true;
            }

            if (Is(i, "tomorrow"))
            {
                spec = new RelativeSpec(RelativeKind.Day, 1, Forward: true);
                return true;
            }

            if (Is(i, "tonight"))
            {
                spec = new RelativeSpec(RelativeKind.DayPart, 0, 18, 24);
                return true;
            }

            if (Is(i, "recently") || Is(i, "lately"))
            {
                spec = new RelativeSpec(RelativeKind.Rolling, 14, (int)Unit.Day, AnchorAnywhere: true);
                return true;
            }

            if (Is(i, "this"))
            {
                return TryThis(i + 1, out spec, out next);
            }

            if (Is(i, "last") || Is(i, "previous"))
            {
                return TryLast(i + 1, out spec, out next);
            }

            if (Is(i, "past"))
            {
                return TryPast(i + 1, out spec, out next);
            }

            if (Is(i, "next"))
            {
                var unit = UnitAt(i + 1);
                if (unit != Unit.None && !IsPluralUnit(i + 1))
                {
                    spec = UnitSpec(unit, 1, forward: true);
                    next = i + 2;
                    return true;
                }

                var weekday = WeekdayAt(i + 1);
                if (weekday >= 0)
                {
                    spec = new RelativeSpec(RelativeKind.Weekday, 1, weekday, Forward: true);
                    next = i + 2;
                    return true;
                }

                return false;
            }

            if (Is(i, "earlier"))
            {
                if (Is(i + 1, "today"))
                {
                    spec = new RelativeSpec(RelativeKind.EarlierThis, 0, (int)Unit.Day);
                    next = i + 2;
                    return true;
                }

                var unit = UnitAt(i + 2);
                if (Is(i + 1, "this") && unit is Unit.Week or Unit.Month or Unit.Year && !IsPluralUnit(i + 2))
                {
                    spec = new RelativeSpec(RelativeKind.EarlierThis, 0, (int)unit);
                    next = i + 3;
                    return true;
                }

                return false;
            }

            if (Is(i, "on"))
            {
                var weekday = WeekdayAt(i + 1);
                if (weekday >= 0)
                {
                    spec = new RelativeSpec(RelativeKind.Weekday, 1, weekday);
                    next = i + 2;
                    return true;
                }

                return false;
            }

            if (Is(i, "the"))
            {
                return TryThe(i + 1, out spec, out next);
            }

            return TryCount(i, out spec, out next);
        }

        private bool TryThis(int i, out RelativeSpec spec, out int next)
        {
            next = i + 1;
            spec = default;
            if (Is(i, "morning"))
            {
                spec = new RelativeSpec(RelativeKind.DayPart, 0, 5, 12);
                return true;
            }

            if (Is(i, "afternoon"))
            {
                spec = new RelativeSpec(RelativeKind.DayPart, 0, 12, 18);
                return true;
            }

            if (Is(i, "evening"))
            {
                spec = new RelativeSpec(RelativeKind.DayPart, 0, 18, 24);
                return true;
            }

            if (Is(i, "past"))
            {
                return TryPast(i + 1, out spec, out next);
            }

            return TryNamedPeriod(i, 0, RelativeKind.SeasonThis, RelativeKind.MonthThis, out spec);
        }

        private bool TryLast(int i, out RelativeSpec spec, out int next)
        {
            next = i + 1;
            spec = default;
            if (Is(i, "night"))
            {
                spec = new RelativeSpec(RelativeKind.DayPart, 1, 18, 30);
                return true;
            }

            if (TryNamedPeriod(i, 1, RelativeKind.SeasonLast, RelativeKind.MonthLast, out spec))
            {
                return true;
            }

            // "last 3 days", "last few weeks": rolling, like "past".
            return TryRolling(i, out spec, out next);
        }

        /// <summary>
        /// The period word after "this" (<paramref name="back"/> 0) or "last" (1): a calendar unit, a
        /// weekday, a season or a month.
        /// </summary>
        private bool TryNamedPeriod(int i, int back, RelativeKind seasonKind, RelativeKind monthKind, out RelativeSpec spec)
        {
            var unit = UnitAt(i);
            if (unit != Unit.None && unit != Unit.Day && !IsPluralUnit(i))
            {
                spec = UnitSpec(unit, back, forward: false);
                return true;
            }

            var weekday = WeekdayAt(i);
            if (weekday >= 0)
            {
                spec = new RelativeSpec(RelativeKind.Weekday, back, weekday);
                return true;
            }

            var season = SeasonAt(i);
            if (season > 0)
            {
                spec = new RelativeSpec(seasonKind, back, season);
                return true;
            }

            var month = MonthAt(i);
            if (month > 0)
            {
                spec = new RelativeSpec(monthKind, back, month);
                return true;
            }

            spec = default;
            return false;
        }

        private bool TryPast(int i, out RelativeSpec spec, out int next)
        {
            spec = default;
            next = i + 1;
            var unit = UnitAt(i);
            if (unit != Unit.None && !IsPluralUnit(i))
            {
                spec = new RelativeSpec(RelativeKind.Rolling, 1, (int)unit);
                return true;
            }

            return TryRolling(i, out spec, out next);
        }

        private bool TryRolling(int i, out RelativeSpec spec, out int next)
        {
            spec = default;
            next = i;
            if (!TryCountWord(i, out var amount, out var afterCount))
            {
                return false;
            }

            var unit = UnitAt(afterCount);
            if (unit == Unit.None)
            {
                return false;
            }

            spec = new RelativeSpec(RelativeKind.Rolling, amount, (int)unit);
            next = afterCount + 1;
            return true;
        }

        /// <summary>"the other day", "the day before yesterday", "the week before last", "the week|Sunday before|after|of DATE", "the past N days".</summary>
        private bool TryThe(int i, out RelativeSpec spec, out int next)
        {
            spec = default;
            next = i + 1;
            if (Is(i, "other") && Is(i + 1, "day"))
            {
                spec = new RelativeSpec(RelativeKind.DaysBeforeToday, 7);
                next = i + 2;
                return true;
            }

            if (Is(i, "past"))
            {
                return TryPast(i + 1, out spec, out next);
            }

            if (Is(i, "previous"))
            {
                return TryLast(i + 1, out spec, out next);
            }

            if (Is(i, "last") && TryRolling(i + 1, out spec, out next))
            {
                return true;
            }

            var unit = UnitAt(i);
            var weekday = WeekdayAt(i);
            if ((unit == Unit.None || IsPluralUnit(i)) && weekday < 0)
            {
                return false;
            }

            if (unit == Unit.Day && Is(i + 1, "before") && Is(i + 2, "yesterday"))
            {
                spec = new RelativeSpec(RelativeKind.Day, 2);
                next = i + 3;
                return true;
            }

            if (unit == Unit.Day && Is(i + 1, "after") && Is(i + 2, "tomorrow"))
            {
                spec = new RelativeSpec(RelativeKind.Day, 2, Forward: true);
                next = i + 3;
                return true;
            }

            if (unit != Unit.None && Is(i + 1, "before") && Is(i + 2, "last"))
            {
                spec = UnitSpec(unit, 2, forward: false);
                next = i + 3;
                return true;
            }

            var anchor = Is(i + 1, "before") ? AnchorKind.Before : Is(i + 1, "after") ? AnchorKind.After : Is(i + 1, "of") ? AnchorKind.Of : AnchorKind.None;
            if (anchor == AnchorKind.None || (anchor == AnchorKind.Of && weekday >= 0))
            {
                return false;
            }

            var amount = anchor == AnchorKind.Of ? 0 : 1;
            spec = weekday >= 0
                ? new RelativeSpec(RelativeKind.Weekday, amount, weekday, Forward: anchor == AnchorKind.After, RequiredAnchor: anchor)
                : UnitSpec(unit, amount, anchor == AnchorKind.After) with { RequiredAnchor = anchor };
            next = i + 1;
            return true;
        }

        /// <summary>"3 days ago", "a couple of weeks ago", "two weeks before August 11, 2023".</summary>
        private bool TryCount(int i, out RelativeSpec spec, out int next)
        {
            spec = default;
            next = i;
            if (!TryCountWord(i, out var amount, out var afterCount))
            {
                return false;
            }

            var unit = UnitAt(afterCount);
            if (unit == Unit.None)
            {
                return false;
            }

            var limit = unit == Unit.Day ? 36_500 : unit is Unit.Week or Unit.Weekend ? 5_200 : unit == Unit.Month ? 1_200 : 100;
            if (amount > limit)
            {
                return false;
            }

            if (Is(afterCount + 1, "ago"))
            {
                spec = UnitSpec(unit, amount, forward: false);
                next = afterCount + 2;
                return true;
            }

            var anchor = Is(afterCount + 1, "before") ? AnchorKind.Before : Is(afterCount + 1, "after") ? AnchorKind.After : AnchorKind.None;
            if (anchor == AnchorKind.None)
            {
                return false;
            }

            spec = UnitSpec(unit, amount, anchor == AnchorKind.After) with { RequiredAnchor = anchor };
            next = afterCount + 1;
            return true;
        }

        /// <summary>Digits, one..twelve, "a"/"an" (1), "a couple of" (2), "a few"/"few" (3).</summary>
        private bool TryCountWord(int i, out int amount, out int next)
        {
            next = i + 1;
            amount = 0;
            if (i >= tokens.Length)
            {
                return false;
            }

            var token = tokens[i];
            if (token.Number > 0 && token.Digits <= 5 && token.Length == token.Digits)
            {
                amount = token.Number;
                return true;
            }

            if ((Is(i, "a") || Is(i, "an")) && Is(i + 1, "couple") && Is(i + 2, "of"))
            {
                amount = 2;
                next = i + 3;
                return true;
            }

            if (Is(i, "couple") && Is(i + 1, "of"))
            {
                amount = 2;
                next = i + 2;
                return true;
            }

            if (Is(i, "a") && Is(i + 1, "few"))
            {
                amount = 3;
                next = i + 2;
                return true;
            }

            if (Is(i, "few"))
            {
                amount = 3;
                return true;
            }

            if (Is(i, "a") || Is(i, "an"))
            {
                amount = 1;
                return true;
            }

            amount = NumberWord(i);
            return amount > 0;
        }

        private static RelativeSpec UnitSpec(Unit unit, int amount, bool forward) => unit switch
        {
            Unit.Day => new RelativeSpec(RelativeKind.Day, amount, Forward: forward),
            Unit.Week => new RelativeSpec(RelativeKind.Week, amount, Forward: forward),
            Unit.Weekend => new RelativeSpec(RelativeKind.Weekend, amount, Forward: forward),
            Unit.Month => new RelativeSpec(RelativeKind.Month, amount, Forward: forward),
            _ => new RelativeSpec(RelativeKind.Year, amount, Forward: forward),
        };

        /// <summary>
        /// A date after a relative expression re-anchors it: "the week before 9 June 2023", "last Friday
        /// on 23 January, 2022", "recently, as mentioned on 3 June, 2023". Forms that need an anchor
        /// ("the week before") take only their own keyword; the others take "on", "before", "as of".
        /// </summary>
        private bool TryAnchor(int i, RelativeSpec spec, out TimeWindow window)
        {
            window = default;
            if (spec.RequiredAnchor != AnchorKind.None)
            {
                if (!TryDateAt(i + 1, out var anchorDay, out _))
                {
                    return false;
                }

                window = spec.Resolve(anchorDay.AddDays(1), anchorDay);
                return true;
            }

            if (spec.Forward)
            {
                return false;
            }

            // "recently in May 2022": the named period is what the question asks about.
            if (Is(i, "in") && TryAbsolute(i + 1, out var named, out _, out _))
            {
                window = named;
                return true;
            }

            // "recently watched ... on February 7, 2022": the vague words take the first dated
            // "on|before|as of DATE" anywhere after them; the others only one right after them.
            var last = spec.AnchorAnywhere ? tokens.Length - 1 : i;
            for (var k = i; k <= last; k++)
            {
                var keyword = k;
                if (Is(keyword, "as"))
                {
                    keyword++;
                }

                if (Is(keyword, "mentioned") || Is(keyword, "said"))
                {
                    keyword++;
                }

                if ((Is(keyword, "on") || Is(keyword, "before") || Is(keyword, "of")) && TryDateAt(keyword + 1, out var day, out _))
                {
                    window = spec.Resolve(day.AddDays(1), day);
                    return true;
                }
            }

            return false;
        }

        // ---- absolute forms ------------------------------------------------------------------

        private enum Precision
        {
            Day,
            Month,
            Year,
            Season,
        }

        /// <summary>A date with a day ("8 May 2023", "May 8th", "2023-05-08"), at token i.</summary>
        private bool TryDateAt(int i, out DateTimeOffset day, out int next)
        {
            if (TryAbsolute(i, out var window, out next, out var precision) && precision == Precision.Day)
            {
                day = window.Start;
                return true;
            }

            day = default;
            return false;
        }

        private bool TryAbsolute(int i, out TimeWindow window, out int next, out Precision precision)
        {
            window = default;
            next = i + 1;
            precision = Precision.Day;
            if (i >= tokens.Length)
            {
                return false;
            }

            var token = tokens[i];
            if (token.Digits == 4 && token.Length == 4 && TryIso(i, out window))
            {
                next = i + 3;
                return true;
            }

            // "8 May 2023", "8th of May", "8 May"
            if (token.Number is >= 1 and <= 31 && token.Digits <= 2)
            {
                var m = Is(i + 1, "of") ? i + 2 : i + 1;
                var month = MonthAt(m);
                if (month > 0)
                {
                    var year = YearAt(m + 1);
                    next = year > 0 ? m + 2 : m + 1;
                    return TryDay(year, month, token.Number, out window);
                }

                return false;
            }

            var monthFirst = MonthAt(i);
            if (monthFirst > 0)
            {
                // "May 8, 2023", "May 8th", "May 8"
                if (i + 1 < tokens.Length && tokens[i + 1].Number is >= 1 and <= 31 && tokens[i + 1].Digits <= 2)
                {
                    var year = YearAt(i + 2);
                    next = year > 0 ? i + 3 : i + 2;
                    return TryDay(year, monthFirst, tokens[i + 1].Number, out window);
                }

                var monthYear = YearAt(i + 1);
                if (monthYear > 0)
                {
                    window = MonthWindow(monthYear, monthFirst, asOf.Offset);
                    precision = Precision.Month;
                    next = i + 2;
                    return true;
                }

                if (IsMonthPreposition(i - 1) || (Is(i - 1, "of") && IsModifierBefore(i - 1)))
                {
                    var recent = MonthWindow(today.Year, monthFirst, asOf.Offset);
                    window = recent.Start <= asOf ? recent : MonthWindow(today.Year - 1, monthFirst, asOf.Offset);
                    precision = Precision.Month;
                    return true;
                }

                return false;
            }

            // "summer 2021", "the summer of 2022", "in the summer", "during the summer"
            var season = SeasonAt(i);
            if (season > 0)
            {
                var y = Is(i + 1, "of") ? i + 2 : i + 1;
                var seasonYear = YearAt(y);
                precision = Precision.Season;
                if (seasonYear > 0)
                {
                    window = SeasonWindow(seasonYear, season, asOf.Offset);
                    next = y + 1;
                    return true;
                }

                var before = Is(i - 1, "the") ? i - 2 : i - 1;
                if (Is(before, "in") || Is(before, "during") || Is(before, "over") || Is(before, "throughout"))
                {
                    window = new RelativeSpec(RelativeKind.SeasonRecent, 0, season).Resolve(asOf, today);
                    return true;
                }

                return false;
            }

            // "in 2023", "since 2021", "early 2022"
            if (token.Digits == 4 && token.Length == 4 && token.Number is >= 1900 and <= 2199
                && (IsMonthPreposition(i - 1) || Is(i - 1, "year") || (Is(i - 1, "of") && IsModifierBefore(i - 1))))
            {
                window = YearWindow(token.Number, asOf.Offset);
                precision = Precision.Year;
                return true;
            }

            return false;
        }

        /// <summary>"2023-05-08": three numbers joined by hyphens.</summary>
        private bool TryIso(int i, out TimeWindow window)
        {
            window = default;
            if (i + 2 >= tokens.Length || !IsHyphenBetween(i) || !IsHyphenBetween(i + 1))
            {
                return false;
            }

            var month = tokens[i + 1].Number;
            var day = tokens[i + 2].Number;
            return month is >= 1 and <= 12 && tokens[i + 1].Digits == tokens[i + 1].Length
                && tokens[i + 2].Digits == tokens[i + 2].Length && TryDay(tokens[i].Number, month, day, out window);
        }

        private bool IsHyphenBetween(int i) => tokens[i].End + 1 == tokens[i + 1].Start && text[tokens[i].End] == '-';

        /// <summary>A valid calendar day; a missing year (0) means the most recent such day not after asOf.</summary>
        private bool TryDay(int year, int month, int day, out TimeWindow window)
        {
            window = default;
            if (year > 0)
            {
                if (year is < 1 or > 9998 || day > DateTime.DaysInMonth(year, month))
                {
                    return false;
                }

                window = DayWindow(new DateTimeOffset(year, month, day, 0, 0, 0, asOf.Offset));
                return true;
            }

            // 29 February needs a leap year: look back at most eight years.
            for (var candidate = today.Year; candidate > today.Year - 9 && candidate >= 1; candidate--)
            {
                if (day <= DateTime.DaysInMonth(candidate, month))
                {
                    var date = new DateTimeOffset(candidate, month, day, 0, 0, 0, asOf.Offset);
                    if (date <= today)
                    {
                        window = DayWindow(date);
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Applies "early/mid/late", "the beginning/middle/end of", "the first/second half of" and "since/by/until/before/after".</summary>
        private TimeWindow ApplyModifierAndRange(int start, TimeWindow window, Precision precision)
        {
            var before = start - 1;
            var part = -1;
            var halves = false;
            if (Is(before, "early") || Is(before, "mid") || Is(before, "late"))
            {
                part = Is(before, "early") ? 0 : Is(before, "mid") ? 1 : 2;
                before--;
            }
            else if (Is(before, "of") && (Is(before - 1, "beginning") || Is(before - 1, "start") || Is(before - 1, "middle") || Is(before - 1, "end")))
            {
                part = Is(before - 1, "beginning") || Is(before - 1, "start") ? 0 : Is(before - 1, "middle") ? 1 : 2;
                before -= 2;
            }
            else if (Is(before, "of") && Is(before - 1, "half") && (Is(before - 2, "first") || Is(before - 2, "second")))
            {
                part = Is(before - 2, "first") ? 0 : 1;
                halves = true;
                before -= 3;
            }

            if (part >= 0 && precision is Precision.Month or Precision.Year)
            {
                window = Part(window, precision, part, halves);
            }

            if (Is(before, "the"))
            {
                before--;
            }

            if (Is(before, "since"))
            {
                // "since 2030" asked in 2023 is empty, not inverted.
                return new TimeWindow(window.Start, window.Start > asOf ? window.Start : asOf);
            }

            if (Is(before, "by") || Is(before, "until") || Is(before, "till"))
            {
                return new TimeWindow(DateTimeOffset.MinValue, window.End);
            }

            if (Is(before, "before"))
            {
                return new TimeWindow(DateTimeOffset.MinValue, window.Start);
            }

            if (Is(before, "after"))
            {
                return new TimeWindow(window.End, DateTimeOffset.MaxValue);
            }

            return window;
        }

        private static TimeWindow Part(TimeWindow window, Precision precision, int part, bool halves)
        {
            var start = window.Start;
            if (precision == Precision.Month)
            {
                if (halves)
                {
                    return part == 0 ? new TimeWindow(start, start.AddDays(15)) : new TimeWindow(start.AddDays(15), window.End);
                }

                return part switch
                {
                    0 => new TimeWindow(start, start.AddDays(10)),
                    1 => new TimeWindow(start.AddDays(10), start.AddDays(20)),
                    _ => new TimeWindow(start.AddDays(20), window.End),
                };
            }

            if (halves)
            {
                return part == 0 ? new TimeWindow(start, start.AddMonths(6)) : new TimeWindow(start.AddMonths(6), window.End);
            }

            return new TimeWindow(start.AddMonths(4 * part), start.AddMonths(4 * (part + 1)));
        }

        // ---- words ---------------------------------------------------------------------------

        private bool Is(int i, string word) =>
            (uint)i < (uint)tokens.Length && text.Slice(tokens[i].Start, tokens[i].Length).Equals(word, StringComparison.OrdinalIgnoreCase);

        private ReadOnlySpan<char> Word(int i) => (uint)i < (uint)tokens.Length ? text.Slice(tokens[i].Start, tokens[i].Length) : default;

        private bool IsMonthPreposition(int i) =>
            Is(i, "in") || Is(i, "during") || Is(i, "since") || Is(i, "until") || Is(i, "till") || Is(i, "by")
            || Is(i, "before") || Is(i, "after") || Is(i, "through") || Is(i, "throughout") || Is(i, "from")
            || Is(i, "early") || Is(i, "mid") || Is(i, "late");

        /// <summary>"of" introduces a bare month or year only after these ("the end of May", "the month of May"), not in "a photo of May".</summary>
        private bool IsModifierBefore(int ofIndex) =>
            Is(ofIndex - 1, "beginning") || Is(ofIndex - 1, "start") || Is(ofIndex - 1, "middle") || Is(ofIndex - 1, "end")
            || Is(ofIndex - 1, "half") || Is(ofIndex - 1, "month") || Is(ofIndex - 1, "year");

        /// <summary>A four-digit year 1000..2999 at i, else 0.</summary>
        private int YearAt(int i) =>
            (uint)i < (uint)tokens.Length && tokens[i].Digits == 4 && tokens[i].Length == 4 && tokens[i].Number is >= 1000 and <= 2999
                ? tokens[i].Number
                : 0;

        private Unit UnitAt(int i)
        {
            var word = Word(i);
            if (word.IsEmpty)
            {
                return Unit.None;
            }

            if (word.Length > 1 && (word[^1] is 's' or 'S'))
            {
                word = word[..^1];
            }

            return word.Equals("day", StringComparison.OrdinalIgnoreCase) ? Unit.Day
                : word.Equals("week", StringComparison.OrdinalIgnoreCase) ? Unit.Week
                : word.Equals("weekend", StringComparison.OrdinalIgnoreCase) ? Unit.Weekend
                : word.Equals("month", StringComparison.OrdinalIgnoreCase) ? Unit.Month
                : word.Equals("year", StringComparison.OrdinalIgnoreCase) ? Unit.Year
                : Unit.None;
        }

        private bool IsPluralUnit(int i)
        {
            var word = Word(i);
            return word.Length > 1 && word[^1] is 's' or 'S';
        }

        /// <summary>The <see cref="DayOfWeek"/> value of a weekday name at i, else -1.</summary>
        private int WeekdayAt(int i)
        {
            var word = Word(i);
            for (var d = 0; d < WeekdayNames.Length; d++)
            {
                if (word.Equals(WeekdayNames[d], StringComparison.OrdinalIgnoreCase))
                {
                    return d;
                }
            }

            return -1;
        }

        /// <summary>1..12 for a month name or abbreviation at i, else 0.</summary>
        private int MonthAt(int i)
        {
            var word = Word(i);
            if (word.Length < 3)
            {
                return 0;
            }

            for (var m = 0; m < MonthNames.Length; m++)
            {
                var name = MonthNames[m];
                if (word.Equals(name, StringComparison.OrdinalIgnoreCase)
                    || (word.Length == 3 && name.AsSpan(0, 3).Equals(word, StringComparison.OrdinalIgnoreCase))
                    || (m == 8 && word.Equals("sept", StringComparison.OrdinalIgnoreCase)))
                {
                    return m + 1;
                }
            }

            return 0;
        }

        /// <summary>The first month of a season named at i (spring 3, summer 6, autumn/fall 9, winter 12), else 0.</summary>
        private int SeasonAt(int i) =>
            Is(i, "spring") ? 3 : Is(i, "summer") ? 6 : Is(i, "autumn") || Is(i, "fall") ? 9 : Is(i, "winter") ? 12 : 0;

        private int NumberWord(int i)
        {
            var word = Word(i);
            for (var n = 0; n < NumberNames.Length; n++)
            {
                if (word.Equals(NumberNames[n], StringComparison.OrdinalIgnoreCase))
                {
                    return n + 1;
                }
            }

            return 0;
        }
    }

    private static readonly string[] WeekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] NumberNames =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
}
