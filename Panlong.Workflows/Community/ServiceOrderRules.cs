using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Panlong.Data;

namespace Panlong.Workflows.Community;

/// <summary>What a service order event records (ServiceOrderEvent.Action): constants, typed nowhere else.</summary>
public static class ServiceOrderActions
{
    public const string Post = "Post";
    public const string Grab = "Grab";
    public const string CheckIn = "CheckIn";
    public const string Complete = "Complete";
    public const string Confirm = "Confirm";
    public const string Cancel = "Cancel";
    public const string Escalate = "Escalate";
    public const string NoShow = "NoShow";
}

/// <summary>
/// The limits of service orders, read from configuration (<c>Orders:…</c>) with the defaults of
/// docs/decisions/0055-service-orders.md.
/// </summary>
public sealed class ServiceOrderSettings(IConfiguration configuration)
{
    /// <summary>An order nobody grabbed for this long goes to the community's staff.</summary>
    public TimeSpan EscalateAfter => TimeSpan.FromMinutes(configuration.GetValue("Orders:EscalateMinutes", 30));

    /// <summary>A winner not checked in by the window's start plus this is a no-show: the order is offered again.</summary>
    public TimeSpan CheckInGrace => TimeSpan.FromMinutes(configuration.GetValue("Orders:CheckInGraceMinutes", 15));

    /// <summary>How early before the window a winner may check in.</summary>
    public TimeSpan CheckInEarly => TimeSpan.FromMinutes(configuration.GetValue("Orders:CheckInEarlyMinutes", 60));

    /// <summary>The furthest a check-in may be from the house's building (phone positions are good to tens of metres).</summary>
    public int CheckInMeters => configuration.GetValue("Orders:CheckInMeters", 200);

    /// <summary>This many no-shows within <see cref="NoShowDays"/> pause a volunteer's offers until the oldest falls out.</summary>
    public int NoShowLimit => configuration.GetValue("Orders:NoShowLimit", 3);

    public int NoShowDays => configuration.GetValue("Orders:NoShowDays", 30);
}

/// <summary>The rules of an order that need no database: distance, availability.</summary>
public static partial class ServiceOrderRules
{
    public const int MaxDescription = 500;
    public const int MaxComment = 200;
    /// <summary>One visit: a window longer than a day is a different kind of need (an activity).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(12);

    /// <summary>Great-circle distance in metres (haversine on a 6,371 km sphere): WGS-84 positions, as phones give them (docs/domain.md §1).</summary>
    public static double Meters(double lat1, double lng1, double lat2, double lng2)
    {
        const double radius = 6_371_000;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// Whether a volunteer's availability, as they wrote it when applying ("周六 09:00-12:00; 工作日 18:00-21:00"), meets the
    /// window in China time. Text with neither a day nor a time that can be read is taken as "any time": being offered one
    /// order too many is better than an elderly person's order never reaching a willing volunteer.
    /// </summary>
    public static bool Available(string availability, DateTimeOffset start, DateTimeOffset end)
    {
        var slots = Slots(availability);
        if (slots is null)
        {
            return true;
        }
        var from = start.ToOffset(ChinaTime.Offset);
        var to = end.ToOffset(ChinaTime.Offset);
        for (var day = DateOnly.FromDateTime(from.DateTime); day <= DateOnly.FromDateTime(to.DateTime); day = day.AddDays(1))
        {
            foreach (var (days, open, close) in slots)
            {
                if (!days.Contains(day.DayOfWeek))
                {
                    continue;
                }
                var slotStart = new DateTimeOffset(day.ToDateTime(open), ChinaTime.Offset);
                var slotEnd = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) + close;
                if (slotStart < to && from < slotEnd)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Parts of the day volunteers write instead of clock times ("工作日下午"), read as the hours people mean by them; a part
    /// with a clock time uses the clock time. "全天" is the whole day, as a day without any time is.
    /// </summary>
    private static readonly (string Word, TimeOnly Open, TimeSpan Close)[] DayParts =
    [
        ("全天", TimeOnly.MinValue, TimeSpan.FromDays(1)),
        ("白天", new(8, 0), TimeSpan.FromHours(18)),
        ("上午", new(8, 0), TimeSpan.FromHours(12)),
        ("中午", new(11, 30), TimeSpan.FromHours(14)),
        ("下午", new(13, 0), TimeSpan.FromHours(18)),
        ("傍晚", new(17, 0), TimeSpan.FromHours(19)),
        ("晚上", new(18, 0), TimeSpan.FromHours(22)),
        ("晚间", new(18, 0), TimeSpan.FromHours(22)),
    ];

    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
    private const string DayNames = "一二三四五六日";

    /// <summary>The readable slots (days, from, until as time since midnight); null when nothing could be read.</summary>
    private static List<(HashSet<DayOfWeek> Days, TimeOnly Open, TimeSpan Close)>? Slots(string text)
    {
        var slots = new List<(HashSet<DayOfWeek>, TimeOnly, TimeSpan)>();
        foreach (var part in SlotSeparator().Split(text))
        {
            var days = Days(part);
            var time = TimeRange().Match(part);
            var dayParts = time.Success ? [] : DayParts.Where(p => part.Contains(p.Word, StringComparison.Ordinal)).ToList();
            if (days.Count == 0 && !time.Success && dayParts.Count == 0)
            {
                continue;
            }
            if (days.Count == 0)
            {
                days = [.. Week];
            }
            if (time.Success)
            {
                slots.Add((days,
                    new TimeOnly(Math.Min(23, int.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture)), Math.Min(59, int.Parse(time.Groups[2].Value, CultureInfo.InvariantCulture))),
                    TimeSpan.FromHours(int.Parse(time.Groups[3].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromMinutes(int.Parse(time.Groups[4].Value, CultureInfo.InvariantCulture))));
            }
            else if (dayParts.Count > 0)
            {
                slots.AddRange(dayParts.Select(p => (days, p.Open, p.Close)));
            }
            else
            {
                slots.Add((days, TimeOnly.MinValue, TimeSpan.FromDays(1)));
            }
        }
        return slots.Count == 0 ? null : slots;
    }

    private static HashSet<DayOfWeek> Days(string part)
    {
        if (part.Contains("每天", StringComparison.Ordinal) || part.Contains("每日", StringComparison.Ordinal) || part.Contains("天天", StringComparison.Ordinal) || part.Contains("随时", StringComparison.Ordinal))
        {
            return [.. Week];
        }
        var days = new HashSet<DayOfWeek>();
        if (part.Contains("工作日", StringComparison.Ordinal))
        {
            days.UnionWith(Week[..5]);
        }
        if (part.Contains("周末", StringComparison.Ordinal) || part.Contains("双休", StringComparison.Ordinal))
        {
            days.UnionWith(Week[5..]);
        }
        foreach (Match range in DayRange().Matches(part))
        {
            var first = DayIndex(range.Groups[1].Value[0]);
            var last = DayIndex(range.Groups[2].Value[0]);
            for (var i = first; i <= last; i++)
            {
                days.Add(Week[i]);
            }
        }
        foreach (Match one in OneDay().Matches(part))
        {
            days.Add(Week[DayIndex(one.Groups[1].Value[0])]);
        }
        return days;
    }

    private static int DayIndex(char day) => DayNames.IndexOf(day is '天' ? "日" : day.ToString(), StringComparison.Ordinal);

    [GeneratedRegex("[;；,，、\n]")]
    private static partial Regex SlotSeparator();

    [GeneratedRegex(@"(\d{1,2})[:：](\d{2})\s*[-–~～至到]\s*(\d{1,2})[:：](\d{2})")]
    private static partial Regex TimeRange();

    [GeneratedRegex("(?:周|星期)([一二三四五六日天])\\s*[-–~～至到]\\s*(?:周|星期)?([一二三四五六日天])")]
    private static partial Regex DayRange();

    [GeneratedRegex("(?:周|星期)([一二三四五六日天])")]
    private static partial Regex OneDay();
}
