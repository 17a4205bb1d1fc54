using Panlong.Data;
using Panlong.Data.KeySites;
using Panlong.Workflows.KeySites;

namespace Panlong.Workflows.Tests.KeySites;

/// <summary>The check-in window and due-window rules of key sites (docs/decisions/0088-key-sites.md), at their edges.</summary>
public class KeySiteRulesTests
{
    private static readonly DateOnly Monday = new(2026, 3, 16);

    private static KeySiteDuty Duty(int start, int end, DateOnly? until = null) =>
        new() { SiteId = 1, UserId = "g", UserName = "g", StartMinute = start, EndMinute = end, From = Monday, Until = until };

    private static DateTimeOffset At(DateOnly day, int hour, int minute, int second = 0) =>
        new(day.ToDateTime(new TimeOnly(hour, minute, second)), ChinaTime.Offset);

    [Theory]
    [InlineData(7, 59, 59, false)]
    [InlineData(8, 0, 0, true)]
    [InlineData(8, 59, 59, true)]
    [InlineData(9, 0, 0, false)]
    public void DayOf_AtTheWindowsEdges_StartIsInsideEndIsOutside(int hour, int minute, int second, bool inside)
    {
        var day = KeySiteRules.DayOf(Duty(8 * 60, 9 * 60), At(Monday.AddDays(1), hour, minute, second));

        Assert.Equal(inside ? Monday.AddDays(1) : null, day);
    }

    [Fact]
    public void DayOf_BeforeTheRosterStartsOrAfterItEnds_IsOutside()
    {
        var duty = Duty(8 * 60, 9 * 60, until: Monday.AddDays(2));

        Assert.Null(KeySiteRules.DayOf(duty, At(Monday.AddDays(-1), 8, 30)));
        Assert.Equal(Monday.AddDays(1), KeySiteRules.DayOf(duty, At(Monday.AddDays(1), 8, 30)));
        Assert.Null(KeySiteRules.DayOf(duty, At(Monday.AddDays(2), 8, 30)));
    }

    [Fact]
    public void DueDays_MorningAndEveningWindowsToWednesdayTen_CountsOnlyWindowsThatEnded()
    {
        // Monday 00:00 to Wednesday 10:00: the morning window ended Mon, Tue, Wed (09:00); the evening one Mon and Tue (21:00).
        var (from, to) = (At(Monday, 0, 0), At(Monday.AddDays(2), 10, 0));

        var morning = KeySiteRules.DueDays(Duty(8 * 60, 9 * 60), from, to).ToList();
        var evening = KeySiteRules.DueDays(Duty(20 * 60, 21 * 60), from, to).ToList();

        Assert.Equal([Monday, Monday.AddDays(1), Monday.AddDays(2)], morning);
        Assert.Equal([Monday, Monday.AddDays(1)], evening);
    }

    [Fact]
    public void DueDays_WindowEndingAtTheEdge_IsDueAtItsEndAndCountedInOnePeriodOnly()
    {
        var duty = Duty(8 * 60, 9 * 60);
        var nine = At(Monday, 9, 0);

        Assert.Empty(KeySiteRules.DueDays(duty, At(Monday, 0, 0), nine.AddSeconds(-1)));
        Assert.Equal([Monday], KeySiteRules.DueDays(duty, At(Monday, 0, 0), nine));
        Assert.Empty(KeySiteRules.DueDays(duty, nine, At(Monday, 23, 0)));
    }

    [Theory]
    [InlineData(480, 540, true)]
    [InlineData(480, 484, false)]
    [InlineData(540, 480, false)]
    [InlineData(1380, 1441, false)]
    [InlineData(-5, 60, false)]
    public void ValidWindow_WithinOneDayAndFiveMinutesLong_IsAccepted(int start, int end, bool valid) =>
        Assert.Equal(valid, KeySiteRules.ValidWindow(start, end));
}
