using Panlong.Data;

namespace Panlong.Workflows.Engine.Calendar;

/// <summary>A span of working hours within a day, e.g. 09:00–12:00.</summary>
public sealed record WorkPeriod(TimeOnly Start, TimeOnly End)
{
    public static WorkPeriod Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var start)
            || !TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var end) || end <= start)
        {
            throw new FormatException($"Working hours '{text}' are not of the form HH:mm-HH:mm with the end after the start.");
        }
        return new WorkPeriod(start, end);
    }
}

/// <summary>
/// Working time in China Standard Time: Monday to Friday in the configured periods, except public holidays,
/// plus make-up working days (调休). Every deadline of the platform is counted with it.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly IReadOnlyList<WorkPeriod> StandardPeriods = [new(new(9, 0), new(12, 0)), new(new(14, 0), new(17, 30))];

    // Beyond this a loop is a configuration error (e.g. no working day at all), not a deadline.
    private const int MaxDays = 3660;

    private readonly IReadOnlyList<WorkPeriod> _periods;
    private readonly IReadOnlyDictionary<DateOnly, bool> _exceptions;

    public WorkingCalendar(IReadOnlyList<WorkPeriod> periods, IReadOnlyDictionary<DateOnly, bool> exceptions)
    {
        if (periods.Count == 0)
        {
            throw new ArgumentException("A working day needs at least one period.", nameof(periods));
        }
        _periods = periods.OrderBy(p => p.Start).ToList();
        _exceptions = exceptions;
        DayLength = TimeSpan.FromTicks(_periods.Sum(p => (p.End - p.Start).Ticks));
    }

    /// <summary>Working time in one full working day (6.5 h with the standard periods).</summary>
    public TimeSpan DayLength { get; }

    public bool IsWorkday(DateOnly date) =>
        _exceptions.TryGetValue(date, out var workday) ? workday : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }
        var (start, end) = (ChinaTime.WallClock(from), ChinaTime.WallClock(to));
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(start); date <= DateOnly.FromDateTime(end); date = date.AddDays(1))
        {
            if (!IsWorkday(date))
            {
                continue;
            }
            foreach (var period in _periods)
            {
                var periodStart = date.ToDateTime(period.Start);
                var periodEnd = date.ToDateTime(period.End);
                var overlap = Min(periodEnd, end) - Max(periodStart, start);
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }
        return total;
    }

    /// <summary>The moment when <paramref name="amount"/> of working time after <paramref name="start"/> has passed.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
        {
            return start;
        }
        var current = ChinaTime.WallClock(start);
        var remaining = amount;
        var date = DateOnly.FromDateTime(current);
        for (var day = 0; day < MaxDays; day++, date = date.AddDays(1))
        {
            if (!IsWorkday(date))
            {
                continue;
            }
            foreach (var period in _periods)
            {
                var periodEnd = date.ToDateTime(period.End);
                if (current >= periodEnd)
                {
                    continue;
                }
                var from = Max(current, date.ToDateTime(period.Start));
                var available = periodEnd - from;
                if (remaining <= available)
                {
                    return ChinaTime.At(from + remaining);
                }
                remaining -= available;
                current = periodEnd;
            }
        }
        throw new InvalidOperationException("The calendar has no working time within ten years.");
    }

    /// <summary>
    /// "Within N working days": the close of the N-th working day after the start's day
    /// (the day of receipt does not count, as in 受理之日起 N 个工作日).
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        var date = DateOnly.FromDateTime(ChinaTime.WallClock(start));
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkday(date))
            {
                counted++;
            }
        }
        return ChinaTime.At(date.ToDateTime(_periods[^1].End));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
