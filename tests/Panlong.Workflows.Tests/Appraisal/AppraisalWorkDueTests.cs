using Panlong.Data.Cases;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Appraisal.LoopScenario;
using Count = Panlong.Workflows.Appraisal.AppraisalCalculator.Count;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Issue 14 through the real loop: rates over the work due (ADR 21, docs/appraisal.md), so leaving work undone never scores
/// better than doing it late, and no rate above 100 %. Figures are worked out by hand in the comments.
/// </summary>
public class AppraisalWorkDueTests
{
    private const string Dongzhuang = "530103001001";
    private const string Enforcement = "530103-BM01";

    private static readonly WorkflowActor Handler = Department("handler", Enforcement);
    private static readonly AppraisalConfig Config = AppraisalConfig.Default with { MinimumCases = 2 };

    /// <summary>An inspector's report in Dongzhuang's grid taken in, filed and dispatched to the enforcement bureau at the clock's now.</summary>
    private static async Task<string> DispatchedAsync(LoopScenario loop)
    {
        var number = await loop.ReportAsync(Inspector, Dongzhuang);
        await loop.ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await loop.ActAsync(number, CaseLoopContract.File, ShiftLead);
        await loop.ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, Enforcement);
        return number;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SelfHandledCase_ClosedAtAcceptance_IsDueToCloseAndClosedOnTime(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var fixedOnTheSpot = await loop.ReportAsync(Inspector, Dongzhuang, selfHandled: true);
        await loop.ActAsync(fixedOnTheSpot, CaseLoopContract.ConfirmSelfHandled, Acceptor);

        var result = await loop.Calculator.ComputeAsync(Config, March, "/530103/");

        // The reporter's fix is the case's handling, done by the acceptance deadline: 应结案 1, closed 1, on time 1 — and no
        // department is charged with it.
        var s = result.Summary;
        Assert.Equal((1, 1, 1, 1, 1), (s.Received, s.Closed, s.HandlingsDue, s.ClosedOfDue, s.ClosedOnTimeOfDue));
        var grid = result.Grids.Single(g => g.Cases == 1);
        Assert.Equal((1, 1), (grid.Counts[Count.DueToClose], grid.Counts[Count.ClosedOnTimeOfDue]));
        Assert.Empty(result.Departments);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rates_OfAPeriodWhoseClosingsOfOlderCasesOutnumberItsFilings_NeverExceed100(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var older = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var number = await DispatchedAsync(loop);
            await loop.ActAsync(number, CaseLoopContract.Complete, Handler);
            older.Add(number);
        }
        // April: one new case, and the six of March checked and closed.
        engine.Clock.Advance(TimeSpan.FromDays(20));
        var april = new AppraisalPeriod(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 1));
        await DispatchedAsync(loop);
        foreach (var number in older)
        {
            await loop.ActAsync(number, CaseLoopContract.Pass, Inspector);
            await loop.ActAsync(number, CaseLoopContract.Close, ShiftLead);
        }

        var result = await loop.Calculator.ComputeAsync(Config, april, "/530103/");

        // Before ADR 21 the headline read 结案率 6 / 1 = 600 %. Now: 1 received, none of it closed; 6 older cases closed, as a count.
        var s = result.Summary;
        Assert.Equal((1, 0, 6), (s.Received, s.Closed, s.ClosedEarlier));
        double[] rates = [s.ClosureRate, s.FileOnTimeRate, s.DispatchOnTimeRate, s.HandleOnTimeRate, s.CloseOnTimeRate,
            .. result.Trend.Select(m => CaseSummary.Percent(m.Closed, m.Received))];
        Assert.All(rates, r => Assert.InRange(r, 0, 100));
        var rows = result.Streets.Concat(result.Communities).Concat(result.Grids).Concat(result.Departments).Concat(result.Supervisors)
            .Concat(result.Acceptors).Concat(result.ShiftLeads).Concat(result.Dispatchers).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.All(r.Indicators.Values, v => Assert.InRange(v, 0, 100)));
        // The six older cases are listed behind the count, as many as it says.
        var (_, closedEarlier) = await loop.Calculator.CasesBehindAsync(april, "/530103/", new FactFilter(CaseFactKind.Closed, Earlier: true), 0, 20);
        Assert.Equal(6, closedEarlier);
    }
}
