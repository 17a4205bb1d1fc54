using Panlong.Testing;

namespace Panlong.Data.Tests;

public class ChinaTimeTests
{
    [Fact]
    public void DateOf_TurnsToTheNextDayAt1600Utc()
    {
        Assert.Equal(new DateOnly(2026, 11, 26), ChinaTime.DateOf(new DateTimeOffset(2026, 11, 26, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 27), ChinaTime.DateOf(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Today_ReadsTheClockInChina()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2027, 1, 1), ChinaTime.Today(clock));
    }

    [Fact]
    public void StartOf_IsChinaMidnightInUtc()
    {
        var start = ChinaTime.StartOf(new DateOnly(2026, 11, 27));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void At_AndWallClock_AreEachOthersInverse()
    {
        var moment = new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTime(2026, 3, 16, 9, 0, 0), ChinaTime.WallClock(moment));
        Assert.Equal(moment, ChinaTime.At(ChinaTime.WallClock(moment)));
        Assert.Equal(TimeSpan.FromHours(8), ChinaTime.ToChina(moment).Offset);
    }

    [Fact]
    public void Formats_PrintTheChinaCalendarDay()
    {
        var lateUtc = new DateTimeOffset(2026, 11, 26, 17, 30, 5, TimeSpan.Zero);
        Assert.Equal("2026-11-27 01:30:05", ChinaTime.Format(lateUtc));
        Assert.Equal("2026-11-27 01:30", ChinaTime.FormatMinutes(lateUtc));
        Assert.Equal("2026-11-27", ChinaTime.FormatDate(lateUtc));
        Assert.Equal("2026年11月27日", ChinaTime.ChineseDate(lateUtc));
        Assert.Equal("2026年11月27日 01:30", ChinaTime.ChineseDateTime(lateUtc));
        Assert.Equal("20261127", ChinaTime.DayKey(lateUtc));
        Assert.Equal("2026年1月5日", ChinaTime.ChineseDate(new DateTimeOffset(2026, 1, 5, 8, 0, 0, ChinaTime.Offset)));
    }
}
