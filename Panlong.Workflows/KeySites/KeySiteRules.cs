using Panlong.Data;
using Panlong.Data.KeySites;

namespace Panlong.Workflows.KeySites;

/// <summary>
/// The check-in rules of a key site (docs/decisions/0088-key-sites.md), pure so they are tested at their edges: a window is
/// a daily span of China time, its start inside and its end outside; a guard is near enough at the site's radius or less.
/// </summary>
public static class KeySiteRules
{
    public const int MinRadius = 20;
    public const int MaxRadius = 2000;

    /// <summary>The window of <paramref name="duty"/> on a China-time day, as instants.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(KeySiteDuty duty, DateOnly day) =>
        (ChinaTime.StartOf(day).AddMinutes(duty.StartMinute), ChinaTime.StartOf(day).AddMinutes(duty.EndMinute));

    /// <summary>Whether the duty is on the roster on that day.</summary>
    public static bool OnRoster(KeySiteDuty duty, DateOnly day) => day >= duty.From && (duty.Until is not { } until || day < until);

    /// <summary>The day whose window holds <paramref name="at"/>, or null when the guard is outside every window of the duty.</summary>
    public static DateOnly? DayOf(KeySiteDuty duty, DateTimeOffset at)
    {
        var day = ChinaTime.DateOf(at);
        var (start, end) = Window(duty, day);
        return at >= start && at < end && OnRoster(duty, day) ? day : null;
    }

    /// <summary>The windows of the duty that ended in (<paramref name="from"/>, <paramref name="to"/>]: the check-ins that were due, a window ending at a period's edge counted once.</summary>
    public static IEnumerable<DateOnly> DueDays(KeySiteDuty duty, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            yield break;
        }
        for (var day = ChinaTime.DateOf(from).AddDays(-1); day <= ChinaTime.DateOf(to); day = day.AddDays(1))
        {
            var end = Window(duty, day).End;
            if (OnRoster(duty, day) && end > from && end <= to)
            {
                yield return day;
            }
        }
    }

    /// <summary>A window as the roster shows it: "08:00–09:00".</summary>
    public static string Format(int startMinute, int endMinute) => $"{Clock(startMinute)}–{Clock(endMinute)}";

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    /// <summary>A window within one day of at least five minutes.</summary>
    public static bool ValidWindow(int startMinute, int endMinute) => startMinute >= 0 && endMinute <= 24 * 60 && endMinute - startMinute >= 5;
}
