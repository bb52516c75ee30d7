namespace MemDsl.Runtime;

public static partial class TimeExpressions
{
    private enum RelativeKind
    {
        Day,
        DayPart,
        Week,
        Weekend,
        Month,
        Year,
        Weekday,
        Rolling,
        DaysBeforeToday,
        EarlierThis,
        SeasonThis,
        SeasonRecent,
        SeasonLast,
        MonthThis,
        MonthLast,
    }

    private enum Unit
    {
        None,
        Day,
        Week,
        Weekend,
        Month,
        Year,
    }

    /// <summary>What the anchor keyword of a "the X before|after|of DATE" form was.</summary>
    private enum AnchorKind
    {
        None,
        Before,
        After,
        Of,
    }

    /// <summary>
    /// A time expression relative to a reference time ("now", or the end of an anchor date).
    /// <see cref="Amount"/> counts units back (forward when <see cref="Forward"/>); <see cref="Value"/>
    /// is a weekday, month, season start month, unit or start hour depending on <see cref="Kind"/>.
    /// </summary>
    private readonly record struct RelativeSpec(RelativeKind Kind, int Amount, int Value = 0, int Value2 = 0, bool Forward = false, AnchorKind RequiredAnchor = AnchorKind.None, bool AnchorAnywhere = false)
    {
        /// <summary>
        /// Resolves against <paramref name="now"/> (where rolling and "earlier" windows end) and
        /// <paramref name="today"/> (midnight starting the reference day; calendar units count from it).
        /// An anchor date D resolves with today = D and now = the end of D.
        /// </summary>
        public TimeWindow Resolve(DateTimeOffset now, DateTimeOffset today)
        {
            var sign = Forward ? 1 : -1;
            switch (Kind)
            {
                case RelativeKind.Day:
                {
                    var day = today.AddDays(sign * Amount);
                    return new TimeWindow(day, day.AddDays(1));
                }

                case RelativeKind.DayPart:
                {
                    var day = today.AddDays(-Amount);
                    return new TimeWindow(day.AddHours(Value), day.AddHours(Value2));
                }

                case RelativeKind.Week:
                {
                    var week = WeekStart(today).AddDays(7 * sign * Amount);
                    return new TimeWindow(week, week.AddDays(7));
                }

                case RelativeKind.Weekend:
                    return WeekendWindow(today);

                case RelativeKind.Month:
                {
                    var month = new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, today.Offset).AddMonths(sign * Amount);
                    return new TimeWindow(month, month.AddMonths(1));
                }

                case RelativeKind.Year:
                {
                    var year = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, today.Offset).AddYears(sign * Amount);
                    return new TimeWindow(year, year.AddYears(1));
                }

                case RelativeKind.Weekday:
                {
                    var day = WeekdayDate(today);
                    return new TimeWindow(day, day.AddDays(1));
                }

                case RelativeKind.Rolling:
                    return new TimeWindow(Subtract(now, (Unit)Value, Amount), now);

                case RelativeKind.DaysBeforeToday:
                    return new TimeWindow(today.AddDays(-Amount), today);

                case RelativeKind.EarlierThis:
                    return new TimeWindow(UnitStart(today, (Unit)Value), now);

                case RelativeKind.SeasonThis:
                {
                    // Winter spans the new year: in January "this winter" began last December.
                    var year = Value == 12 && today.Month <= 2 ? today.Year - 1 : today.Year;
                    return SeasonWindow(year, Value, today.Offset);
                }

                case RelativeKind.SeasonRecent:
                {
                    var season = SeasonWindow(today.Year, Value, today.Offset);
                    return season.Start <= now ? season : SeasonWindow(today.Year - 1, Value, today.Offset);
                }

                case RelativeKind.SeasonLast:
                {
                    var season = SeasonWindow(today.Year, Value, today.Offset);
                    while (season.End > today)
                    {
                        season = SeasonWindow(season.Start.Year - 1, Value, today.Offset);
                    }

                    return season;
                }

                case RelativeKind.MonthThis:
                    return MonthWindow(today.Year, Value, today.Offset);

                case RelativeKind.MonthLast:
                {
                    var year = Value < today.Month ? today.Year : today.Year - 1;
                    return MonthWindow(year, Value, today.Offset);
                }

                default:
                    throw new InvalidOperationException("Unknown relative time expression kind " + Kind);
            }
        }

        private TimeWindow WeekendWindow(DateTimeOffset today)
        {
            DateTimeOffset saturday;
            if (Amount == 0)
            {
                saturday = WeekStart(today).AddDays(5);
            }
            else if (Forward)
            {
                var ahead = ((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7;
                saturday = today.AddDays((ahead == 0 ? 7 : ahead) + (7 * (Amount - 1)));
            }
            else
            {
                // The weekend whose Sunday is the Amount-th Sunday strictly before today.
                var back = ((int)today.DayOfWeek - (int)DayOfWeek.Sunday + 7) % 7;
                saturday = today.AddDays(-(back == 0 ? 7 : back) - (7 * (Amount - 1)) - 1);
            }

            return new TimeWindow(saturday, saturday.AddDays(2));
        }

        private DateTimeOffset WeekdayDate(DateTimeOffset today)
        {
            if (Amount == 0)
            {
                return WeekStart(today).AddDays(((Value - (int)DayOfWeek.Monday) + 7) % 7);
            }

            if (Forward)
            {
                var ahead = (Value - (int)today.DayOfWeek + 7) % 7;
                return today.AddDays((ahead == 0 ? 7 : ahead) + (7 * (Amount - 1)));
            }

            var back = ((int)today.DayOfWeek - Value + 7) % 7;
            return today.AddDays(-(back == 0 ? 7 : back) - (7 * (Amount - 1)));
        }
    }

    private static DateTimeOffset WeekStart(DateTimeOffset day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateTimeOffset UnitStart(DateTimeOffset today, Unit unit) => unit switch
    {
        Unit.Week => WeekStart(today),
        Unit.Month => new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, today.Offset),
        Unit.Year => new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, today.Offset),
        _ => today,
    };

    private static DateTimeOffset Subtract(DateTimeOffset now, Unit unit, int amount) => unit switch
    {
        Unit.Week or Unit.Weekend => now.AddDays(-7 * amount),
        Unit.Month => now.AddMonths(-amount),
        Unit.Year => now.AddYears(-amount),
        _ => now.AddDays(-amount),
    };

    private static TimeWindow MonthWindow(int year, int month, TimeSpan offset)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, offset);
        return new TimeWindow(start, start.AddMonths(1));
    }

    private static TimeWindow YearWindow(int year, TimeSpan offset)
    {
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, offset);
        return new TimeWindow(start, start.AddYears(1));
    }

    private static TimeWindow DayWindow(DateTimeOffset day) => new(day, day.AddDays(1));

    /// <summary>The three months of a season that starts in <paramref name="startMonth"/> of <paramref name="year"/>.</summary>
    private static TimeWindow SeasonWindow(int year, int startMonth, TimeSpan offset)
    {
        var start = new DateTimeOffset(year, startMonth, 1, 0, 0, 0, offset);
        return new TimeWindow(start, start.AddMonths(3));
    }
}
