using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>Months kept parsed per process (docs/decisions/0066-running-year-at-city-scale.md): only while the row's stamp is the same.</summary>
public class ParsedMonthsTests
{
    private static AppraisalCounts Empty() => new([], [], [], [], [], [], [], [], [], []);

    [Fact]
    public void Get_SameRowAndStamp_IsTheKeptCounts()
    {
        var (months, counts) = (new ParsedMonths(), Empty());
        months.Put(7, "a", counts);

        Assert.Same(counts, months.Get(7, "a"));
    }

    [Fact]
    public void Get_RowRewrittenWithAnotherStamp_IsNull()
    {
        var months = new ParsedMonths();
        months.Put(7, "a", Empty());

        Assert.Null(months.Get(7, "b"));
        Assert.Null(months.Get(8, "a"));
    }

    [Fact]
    public void Put_BeyondCapacity_DropsTheLeastRecentlyUsed()
    {
        var months = new ParsedMonths(capacity: 2);
        months.Put(1, "a", Empty());
        months.Put(2, "b", Empty());
        Assert.NotNull(months.Get(1, "a"));

        months.Put(3, "c", Empty());

        Assert.Equal(2, months.Count);
        Assert.NotNull(months.Get(1, "a"));
        Assert.Null(months.Get(2, "b"));
        Assert.NotNull(months.Get(3, "c"));
    }
}
