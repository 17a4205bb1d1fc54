using System.Globalization;

namespace Panlong.Data;

/// <summary>
/// The platform's one clock face: moments are stored in UTC and read, dated and printed in China Standard Time
/// (UTC+8 all year, no daylight saving). A China day runs from 16:00 UTC the day before.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(DateTimeOffset moment) => moment.ToOffset(Offset);

    /// <summary>The wall-clock reading in China, for calendar arithmetic (working hours, holidays).</summary>
    public static DateTime WallClock(DateTimeOffset moment) => ToChina(moment).DateTime;

    /// <summary>The moment (in UTC) a China wall-clock reading stands for.</summary>
    public static DateTimeOffset At(DateTime wallClock) => new DateTimeOffset(wallClock, Offset).ToUniversalTime();

    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(WallClock(moment));

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>Midnight of a China day, in UTC (the inclusive start of a day's or period's range).</summary>
    public static DateTimeOffset StartOf(DateOnly day) => At(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>"2026-11-27 10:15:00", the portal's tables and detail pages.</summary>
    public static string Format(DateTimeOffset moment) => Text(moment, "yyyy-MM-dd HH:mm:ss");

    /// <summary>"2026-11-27 10:15".</summary>
    public static string FormatMinutes(DateTimeOffset moment) => Text(moment, "yyyy-MM-dd HH:mm");

    /// <summary>"2026-11-27".</summary>
    public static string FormatDate(DateTimeOffset moment) => Text(moment, "yyyy-MM-dd");

    /// <summary>The date as printed on Chinese documents: "2026年11月27日".</summary>
    public static string ChineseDate(DateTimeOffset moment) => Text(moment, "yyyy年M月d日");

    /// <summary>"2026年11月27日 10:15".</summary>
    public static string ChineseDateTime(DateTimeOffset moment) => Text(moment, "yyyy年M月d日 HH:mm");

    /// <summary>"20261127", the date part of the daily numbers (AJ…, BJ…).</summary>
    public static string DayKey(DateTimeOffset moment) => Text(moment, "yyyyMMdd");

    private static string Text(DateTimeOffset moment, string format) => ToChina(moment).ToString(format, CultureInfo.InvariantCulture);
}
