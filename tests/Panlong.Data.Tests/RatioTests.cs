namespace Panlong.Data.Tests;

public class RatioTests
{
    [Theory]
    [InlineData(1, 16, 6.3)]      // 6.25: half away from zero, not to even (6.2)
    [InlineData(3, 16, 18.8)]     // 18.75
    [InlineData(1, 8, 12.5)]
    [InlineData(45_016, 47_199, 95.4)]
    [InlineData(0, 7, 0.0)]
    [InlineData(7, 7, 100.0)]
    public void Percent_HasOneDecimal_RoundedHalfAwayFromZero(int part, int whole, double percent) =>
        Assert.Equal(percent, new Ratio(part, whole).Percent);

    [Fact]
    public void Percent_OfNothing_IsNoFigure()
    {
        Assert.Null(new Ratio(0, 0).Percent);
        Assert.Null(new Ratio(3, 0).Percent);
        Assert.Equal("—", new Ratio(3, 0).ToString());
    }

    [Fact]
    public void Percent_OfAPartLargerThanTheWhole_IsCappedAt100() => Assert.Equal(100.0, new Ratio(12, 10).Percent);

    [Fact]
    public void Format_ShowsOneDecimalAndAPercentSign()
    {
        Assert.Equal("95.4%", new Ratio(45_016, 47_199).ToString());
        Assert.Equal("50.0%", Ratio.Format(50));
        Assert.Equal("—", Ratio.Format(null));
    }
}
