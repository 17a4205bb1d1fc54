using Panlong.Data;
using Panlong.Workflows.Community;

namespace Panlong.Workflows.Tests.Community;

public class ServiceOrderRulesTests
{
    // Monday 16 March 2026 in China time.
    private static DateTimeOffset Monday(int hour, int minute = 0) => new(2026, 3, 16, hour, minute, 0, ChinaTime.Offset);

    [Theory]
    [InlineData("周六 09:00-12:00", 10, 11, false)]
    [InlineData("周一 09:00-12:00", 10, 11, true)]
    [InlineData("周一 09:00-12:00", 12, 13, false)]
    [InlineData("工作日 18:00-21:00", 20, 22, true)]
    [InlineData("周末", 10, 11, false)]
    [InlineData("周一至周五 13:00-18:00", 14, 16, true)]
    [InlineData("周六 09:00-12:00；周一 14:00-15:00", 14, 16, true)]
    [InlineData("每天 08:00-20:00", 7, 8, false)]
    [InlineData("有空就来", 3, 4, true)]
    [InlineData("工作日下午", 9, 11, false)]
    [InlineData("工作日下午", 15, 17, true)]
    [InlineData("周一上午", 9, 11, true)]
    [InlineData("周一上午", 14, 16, false)]
    [InlineData("每天晚上", 19, 20, true)]
    [InlineData("每天晚上", 9, 10, false)]
    [InlineData("周末全天", 9, 10, false)]
    [InlineData("周一 上午、晚上", 19, 20, true)]
    public void Available_TheVolunteersWordsAgainstAWindow_MatchesWhereTheyOverlap(string availability, int from, int until, bool expected) =>
        Assert.Equal(expected, ServiceOrderRules.Available(availability, Monday(from).ToUniversalTime(), Monday(until)));

    [Fact]
    public void Meters_OneHundredthOfADegreeOfLatitude_IsAbout1112Metres() =>
        Assert.InRange(ServiceOrderRules.Meters(25.05, 102.72, 25.06, 102.72), 1110, 1114);
}
