using Panlong.Data;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Workflows.Tests.Engine.Calendar;

public class CalendarTests
{
    private static readonly WorkingCalendar Calendar = new(WorkingCalendar.StandardPeriods,
        HolidaySeed.Days.ToDictionary(d => d.Date, d => d.IsWorkday));

    /// <summary>A moment in China Standard Time.</summary>
    private static DateTimeOffset Cst(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, ChinaTime.Offset);

    [Fact]
    public void AddingHours_SkipsTheWeekend()
    {
        // Friday 16:00 + 2 h: 1.5 h on Friday, 0.5 h on Monday morning.
        Assert.Equal(Cst(3, 16, 9, 30), Calendar.AddWorkingTime(Cst(3, 13, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void AddingHours_SkipsAPublicHoliday()
    {
        // Thursday before 中秋 (25–27 September 2026) at 16:00 + 4 h → Monday 28 September 11:30.
        Assert.Equal(Cst(9, 28, 11, 30), Calendar.AddWorkingTime(Cst(9, 24, 16), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void AddingHours_WorksOnAMakeUpSaturday()
    {
        // 10 October 2026 is a Saturday worked in exchange for the National Day holiday.
        Assert.True(Calendar.IsWorkday(new DateOnly(2026, 10, 10)));
        Assert.Equal(Cst(10, 10, 9, 30), Calendar.AddWorkingTime(Cst(10, 9, 17), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AddingHours_CrossesTheLunchBreak()
    {
        Assert.Equal(Cst(3, 16, 15), Calendar.AddWorkingTime(Cst(3, 16, 11), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void AddingHours_ThatEndExactlyAtNoon_EndAtNoon()
    {
        Assert.Equal(Cst(3, 16, 12), Calendar.AddWorkingTime(Cst(3, 16, 9), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void AddingHours_FromOutsideWorkingHours_StartsAtTheNextPeriod()
    {
        Assert.Equal(Cst(3, 16, 14, 30), Calendar.AddWorkingTime(Cst(3, 16, 12, 40), TimeSpan.FromMinutes(30)));
        Assert.Equal(Cst(3, 17, 9, 30), Calendar.AddWorkingTime(Cst(3, 16, 20), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void WorkingTimeBetween_CountsOnlyWorkingPeriods()
    {
        Assert.Equal(TimeSpan.FromHours(2.5), Calendar.WorkingTimeBetween(Cst(3, 13, 16), Cst(3, 16, 10)));
        Assert.Equal(TimeSpan.FromHours(6.5), Calendar.WorkingTimeBetween(Cst(3, 16, 0), Cst(3, 17, 0)));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(Cst(10, 1, 9), Cst(10, 7, 18)));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(Cst(3, 17, 0), Cst(3, 16, 0)));
    }

    [Fact]
    public void AddingWorkingDays_CountsFromTheNextDay_AndEndsAtClosingTime()
    {
        Assert.Equal(Cst(3, 17, 17, 30), Calendar.AddWorkingDays(Cst(3, 16, 10), 1));
        Assert.Equal(Cst(9, 28, 17, 30), Calendar.AddWorkingDays(Cst(9, 24, 10), 1));
        // Spring Festival 2026: 15–23 February off, Saturday 14 February worked.
        Assert.Equal(Cst(2, 14, 17, 30), Calendar.AddWorkingDays(Cst(2, 13, 10), 1));
        Assert.Equal(Cst(2, 24, 17, 30), Calendar.AddWorkingDays(Cst(2, 14, 10), 1));
    }

    [Fact]
    public void MomentsInUtc_AreReadInChinaStandardTime()
    {
        var mondayNineUtc = new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(1), Calendar.WorkingTimeBetween(mondayNineUtc, mondayNineUtc.AddHours(1)));
        Assert.Equal(TimeSpan.Zero, Calendar.AddWorkingTime(mondayNineUtc, TimeSpan.FromHours(1)).Offset);
    }

    [Fact]
    public void NextYear_HasItsStatutoryHolidays_MarkedProvisional()
    {
        var provisional = HolidaySeed.Days.Where(d => d.Date.Year == 2027).ToList();

        Assert.All(provisional, d => Assert.True(d.IsProvisional));
        Assert.False(Calendar.IsWorkday(new DateOnly(2027, 10, 1)));
        Assert.Equal(13, provisional.Count);
    }

    [Theory]
    [InlineData("09:00-12:00", true)]
    [InlineData("14:00 - 17:30", true)]
    [InlineData("12:00-09:00", false)]
    [InlineData("nine to five", false)]
    public void WorkingHours_AreParsedOrRefusedClearly(string text, bool valid)
    {
        if (valid)
        {
            Assert.True(WorkPeriod.Parse(text).End > WorkPeriod.Parse(text).Start);
        }
        else
        {
            Assert.Contains("HH:mm-HH:mm", Assert.Throws<FormatException>(() => WorkPeriod.Parse(text)).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(79, TrafficLight.Green)]
    [InlineData(80, TrafficLight.Yellow)]
    [InlineData(100, TrafficLight.Yellow)]
    [InlineData(101, TrafficLight.Red)]
    public void TrafficLight_FollowsTheShareOfTheLimitUsed(int percentUsed, TrafficLight expected)
    {
        Assert.Equal(expected, TrafficLights.For(TimeSpan.FromMinutes(percentUsed), TimeSpan.FromMinutes(100)));
    }
}
