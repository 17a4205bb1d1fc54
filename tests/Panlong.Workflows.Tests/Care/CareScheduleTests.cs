using Panlong.Data;
using Panlong.Workflows.Care;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Workflows.Tests.Care;

/// <summary>Visit dates on the working calendar (docs/decisions/0087-care-plans.md).</summary>
public class CareScheduleTests
{
    private static readonly WorkingCalendar Calendar = new(WorkingCalendar.StandardPeriods, HolidaySeed.Days.ToDictionary(d => d.Date, d => d.IsWorkday));

    [Fact]
    public void Visits_AcrossMayDay_SkipTheHolidaysAndCountTheMakeUpSaturday()
    {
        // Wed 29 April 2026, every 5 working days: 30 Apr, (1–5 May 劳动节 off), 6, 7, 8 May and Saturday 9 May (调休) → due 9 May.
        var visits = CareSchedule.Visits(Calendar, new DateOnly(2026, 4, 29), new DateOnly(2026, 5, 31), 5);

        Assert.Equal(ChinaTime.StartOf(new DateOnly(2026, 4, 29)), visits[0].OpensAt);
        Assert.Equal(At(2026, 5, 9), visits[0].DueAt);
        Assert.Equal(visits[0].DueAt, visits[1].OpensAt);
        Assert.Equal(At(2026, 5, 15), visits[1].DueAt);
        Assert.Equal([1, 2, 3, 4], visits.Select(v => v.Seq));
        Assert.Equal(At(2026, 5, 29), visits[^1].DueAt);
    }

    [Fact]
    public void Visits_EndBeforeTheFirstDue_AreNone() =>
        Assert.Empty(CareSchedule.Visits(Calendar, new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 8), 5));

    [Fact]
    public void Within_BeforeOpeningOrAfterDue_IsFalse()
    {
        var window = CareSchedule.Visits(Calendar, new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 31), 5)[0];

        Assert.True(window.Within(window.DueAt));
        Assert.False(window.Within(window.DueAt.AddSeconds(1)));
        Assert.False(window.Within(window.OpensAt.AddSeconds(-1)));
    }

    private static DateTimeOffset At(int year, int month, int day) => ChinaTime.At(new DateTime(year, month, day, 17, 30, 0));
}
