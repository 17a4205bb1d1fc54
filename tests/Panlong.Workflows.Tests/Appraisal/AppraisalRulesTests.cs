using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>docs/domain.md §3's arithmetic on small hand-worked figures; every expected value is worked out here, not by the code.</summary>
public class AppraisalRulesTests
{
    private static readonly AppraisalConfig Config = AppraisalConfig.Default;

    [Theory]
    [InlineData(100, Grade.A)]
    [InlineData(90, Grade.A)]
    [InlineData(89.99, Grade.B)]
    [InlineData(75, Grade.B)]
    [InlineData(74.99, Grade.C)]
    [InlineData(60, Grade.C)]
    [InlineData(59.99, Grade.D)]
    [InlineData(40, Grade.D)]
    [InlineData(39.99, Grade.E)]
    [InlineData(0, Grade.E)]
    public void GradeOf_AtTheBandEdges_GivesTheBand(double score, Grade expected) => Assert.Equal(expected, AppraisalRules.GradeOf(Config, score));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 0)]
    [InlineData(101, 40)]
    [InlineData(300, 40)]
    [InlineData(301, 60)]
    [InlineData(500, 60)]
    [InlineData(501, 75)]
    [InlineData(1200, 75)]
    [InlineData(1201, 90)]
    [InlineData(2000, 90)]
    [InlineData(2001, 100)]
    public void VolumeTable_AtEachThreshold_GivesItsScore(int count, double expected) => Assert.Equal(expected, AppraisalRules.TableScore(Config.VolumeTable, count));

    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(2, 90, 90)]
    [InlineData(3, 75, 90)]
    [InlineData(4, 75, 75)]
    [InlineData(5, 60, 75)]
    [InlineData(6, 60, 60)]
    [InlineData(7, 40, 60)]
    [InlineData(8, 40, 40)]
    [InlineData(9, 0, 40)]
    [InlineData(10, 0, 0)]
    public void GridFiledTables_OfClass1AndClass2Areas_GiveTheirScores(int filed, double urban, double rural)
    {
        Assert.Equal(urban, AppraisalRules.TableScore(Config.GridFiledUrbanTable, filed));
        Assert.Equal(rural, AppraisalRules.TableScore(Config.GridFiledRuralTable, filed));
    }

    [Fact]
    public void Supervisor_Total_MatchesTheHandWorkedFigure()
    {
        // 45/50 filed = 90; 3 missed of 60 filed in the area = 5 % → 95; 18/20 verified on time = 90; 19/20 checked = 95.
        // 90×0.4 + 95×0.2 + 90×0.2 + 95×0.2 = 36 + 19 + 18 + 19 = 92 → A.
        var score = AppraisalRules.Supervisor(Config, 50, 45, 3, 60, 18, 20, 19, 20);
        Assert.Equal((92, Grade.A), (score.Total, score.Grade));
    }

    [Fact]
    public void Acceptor_Total_MatchesTheHandWorkedFigure()
    {
        // 1,500 accepted → 90; 80/100 → 80; 70/100 → 70. 90×0.25 + 80×0.4 + 70×0.35 = 22.5 + 32 + 24.5 = 79 → B.
        var score = AppraisalRules.Acceptor(Config, 1500, 80, 100, 70, 100);
        Assert.Equal((79, Grade.B), (score.Total, score.Grade));
    }

    [Fact]
    public void ShiftLead_Total_MatchesTheHandWorkedFigure()
    {
        // 45/50 on time = 90; (200 − 10)/200 = 95; 150/200 closed on time = 75. 22.5 + 38 + 26.25 = 86.75 → B.
        var score = AppraisalRules.ShiftLead(Config, 45, 50, 200, 10, 150, 200);
        Assert.Equal((86.75, Grade.B), (score.Total, score.Grade));
    }

    [Fact]
    public void Dispatcher_Total_MatchesTheHandWorkedFigure()
    {
        // 400 dispatched → 60; 360/400 on time = 90; (400 − 20)/400 = 95. 12 + 36 + 38 = 86 → B.
        var score = AppraisalRules.Dispatcher(Config, 400, 360, 400, 400, 20);
        Assert.Equal((86, Grade.B), (score.Total, score.Grade));
    }

    [Fact]
    public void Department_GoodAndPoorFigures_GradeGreenAndRed()
    {
        // 150 filed → 75; 120/150 closed = 80; 105/150 handled on time = 70; 15/150 reworked = 10 % → 90.
        // 7.5 + 24 + 21 + 27 = 79.5 → B.
        var good = AppraisalRules.Department(Config, 150, 120, 150, 105, 150, 15);
        Assert.Equal((79.5, Grade.B), (good.Total, good.Grade));
        // 1,200 filed → 0; 60/150 = 40; 45/150 = 30; 45/150 reworked = 30 % → 70. 0 + 12 + 9 + 21 = 42 → D (red).
        var poor = AppraisalRules.Department(Config, 1200, 60, 150, 45, 150, 45);
        Assert.Equal((42, Grade.D), (poor.Total, poor.Grade));
        Assert.Equal("#c62828", Config.Bands.Single(b => b.Grade == poor.Grade).Color);
    }

    [Fact]
    public void Region_TotalOfAnUrbanGrid_MatchesTheHandWorkedFigure()
    {
        // 10 of 40 reports from the public → 75; 3 filed → 75; 2/3 closed = 66.67; 1/3 on time = 33.33.
        // 7.5 + 15 + 20 + 13.333 = 55.83 → D.
        var score = AppraisalRules.Region(Config, Config.GridFiledUrbanTable, 40, 10, 3, 2, 3, 1);
        Assert.Equal((55.83, Grade.D), (score.Total, score.Grade));
    }

    [Fact]
    public void Rate_WhenNothingIsDue_CountsAsFullyMet()
    {
        Assert.Equal((1.0, 0.0), (AppraisalRules.Rate(0, 0), AppraisalRules.Share(0, 0)));
        Assert.Equal(100, AppraisalRules.Supervisor(Config, 0, 0, 0, 0, 0, 0, 0, 0).Total);
    }

    [Fact]
    public void Ranking_BelowTheMinimumNumberOfCases_LeavesTheObjectUnranked()
    {
        AppraisalScore S(double total) => new(new Dictionary<string, double>(), total, AppraisalRules.GradeOf(Config, total));
        var ranked = AppraisalRules.Rank(Config, [("小网格", S(95), 10), ("拓东", S(80), 50), ("鼓楼", S(85), Config.MinimumCases)]);
        Assert.Equal(["鼓楼", "拓东", "小网格"], ranked.Select(r => r.Item));
        Assert.Equal([1, 2, (int?)null], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void ChangedConfiguration_ChangesOnlyTheResultMadeWithIt()
    {
        var stricter = Config with { Weights = new Dictionary<AppraisedKind, IReadOnlyDictionary<string, double>>(Config.Weights)
        {
            [AppraisedKind.Dispatcher] = new Dictionary<string, double> { [AppraisalConfig.Volume] = 0, [AppraisalConfig.DispatchOnTime] = 1, [AppraisalConfig.DispatchAccuracy] = 0 },
        } };
        var before = AppraisalRules.Dispatcher(Config, 400, 360, 400, 400, 20);
        var after = AppraisalRules.Dispatcher(stricter, 400, 360, 400, 400, 20);
        Assert.Equal((86, 90), (before.Total, after.Total));
        Assert.Equal(86, AppraisalRules.Dispatcher(Config, 400, 360, 400, 400, 20).Total);
    }
}
