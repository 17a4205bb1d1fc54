using Panlong.Data.Cases;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using static Panlong.Workflows.Tests.Appraisal.AppraisalLoop;
using Count = Panlong.Workflows.Appraisal.AppraisalCalculator.Count;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Issue 14 through the real loop: rates over the work due (ADR 21, docs/appraisal.md), so leaving work undone never scores
/// better than doing it late, and no rate above 100 %. Figures are worked out by hand in the comments.
/// </summary>
public class AppraisalWorkDueTests
{
    private static readonly AppraisalConfig Config = AppraisalConfig.Default with { MinimumCases = 2 };

    /// <summary>
    /// Ten cases dispatched to the enforcement bureau on Monday 09:00 (handling limit 4 working hours): 1–7 handled at once (7
    /// fails 核查 once and is redone at once), 8 and 9 handled a day late (unless <paramref name="leaveLateUndone"/>), 10 never.
    /// 1–8 are checked and closed; 9 waits in 核查. Case 11 is taken in but nobody files it. The month is computed on Tuesday 09:00.
    /// </summary>
    private static async Task<(AppraisalLoop Loop, List<string> Cases, string Unfiled)> TenCasesAsync(DatabaseProvider provider, bool leaveLateUndone)
    {
        var loop = await StartAsync(provider);
        var cases = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            cases.Add(await loop.DispatchedAsync());
        }
        var unfiled = await loop.ReportAsync(Inspector);
        await loop.ActAsync(unfiled, CaseLoopContract.Accept, Acceptor);
        for (var i = 0; i < 7; i++)
        {
            await loop.ActAsync(cases[i], CaseLoopContract.Complete, Handler);
        }
        await loop.ActAsync(cases[6], CaseLoopContract.Rework, Inspector);
        await loop.ActAsync(cases[6], CaseLoopContract.Complete, Handler);
        for (var i = 0; i < 7; i++)
        {
            await loop.ActAsync(cases[i], CaseLoopContract.Pass, Inspector);
            await loop.ActAsync(cases[i], CaseLoopContract.Close, ShiftLead);
        }
        loop.Engine.Clock.Advance(TimeSpan.FromDays(1));
        if (!leaveLateUndone)
        {
            await loop.ActAsync(cases[7], CaseLoopContract.Complete, Handler);
            await loop.ActAsync(cases[8], CaseLoopContract.Complete, Handler);
            await loop.ActAsync(cases[7], CaseLoopContract.Pass, Inspector);
            await loop.ActAsync(cases[7], CaseLoopContract.Close, ShiftLead);
        }
        return (loop, cases, unfiled);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Department_TenCasesWithTwoLateAndOneUndone_Scores82(DatabaseProvider provider)
    {
        var (loop, cases, _) = await TenCasesAsync(provider, leaveLateUndone: false);
        await using var _ = loop;

        var result = await loop.Calculator.ComputeAsync(Config, March, "/530103/");

        // 10 dispatched a month → 立案数分值 100; handlings due 10, on time 7 (7's redo is one duty, on time at its end) → 70;
        // closed 1–8 of 10 → 80; reworked 1 of 10 → 1 − 10 % = 90. 0.1 × 100 + 0.3 × 80 + 0.3 × 70 + 0.3 × 90 = 10 + 24 + 21 + 27 = 82 → B.
        var department = result.Departments.Single(d => d.Key == Enforcement);
        Assert.Equal((82.0, Grade.B), (department.Total, department.Grade));
        Assert.Equal((10, 7, 8, 1), (department.Counts[Count.HandleDue], department.Counts[Count.HandledOnTime], department.Counts[Count.Closed],
            department.Counts[Count.Reworked]));
        Assert.Equal(70.0, department.Indicators[AppraisalConfig.HandleOnTime]);
        // The headline counts the same 应结案: 10 due, 8 closed, 1 reworked (the report's 结案率 and 返工率).
        Assert.Equal((10, 8, 1), (result.Summary.HandlingsDue, result.Summary.ClosedOfDue, result.Summary.ReworkedOfDue));

        // The drill-down lists exactly the cases of each count: due, on time, late or undone (8, 9 and 10), closed.
        async Task<IReadOnlyList<string>> Behind(FactFilter filter)
        {
            var (found, total) = await loop.Calculator.CasesBehindAsync(March, "/530103/", filter, 0, 50);
            Assert.Equal(total, found.Count);
            return found.Select(c => c.Number).Order().ToList();
        }
        Assert.Equal(cases.Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, Due: true)));
        Assert.Equal(cases.Take(7).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, OnTime: true, Due: true)));
        Assert.Equal(cases.Skip(7).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, OnTime: false, Due: true)));
        Assert.Equal(cases.Take(8).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, Due: true, Closed: true)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Department_LeavingTheLateCasesUndone_ScoresLowerThanHandlingThemLate(DatabaseProvider provider)
    {
        var (loop, _, _) = await TenCasesAsync(provider, leaveLateUndone: true);
        await using var _ = loop;

        var result = await loop.Calculator.ComputeAsync(Config, March, "/530103/");

        // Handlings due still 10, on time 7 → 70; closed 1–7 → 70; reworked 1 → 90. 10 + 21 + 21 + 27 = 79 < 82 (before ADR 21: 88).
        var department = result.Departments.Single(d => d.Key == Enforcement);
        Assert.Equal(79.0, department.Total);
        Assert.True(department.Total < 82.0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PooledFiling_LeftUndonePastItsDeadline_IsChargedToTheShiftLeadsWhoFiledForTheUnit(DatabaseProvider provider)
    {
        var (loop, _, unfiled) = await TenCasesAsync(provider, leaveLateUndone: false);
        await using var _ = loop;

        var result = await loop.Calculator.ComputeAsync(Config, March, "/530103/");

        // The shift lead filed the ten on time; the eleventh waits in 立案 past its hour, claimed by nobody: due and late.
        var lead = result.ShiftLeads.Single(p => p.Key == ShiftLead.UserId);
        Assert.Equal((11, 10), (lead.Counts[Count.FilingDue], lead.Counts[Count.FiledOnTime]));
        var (found, total) = await loop.Calculator.CasesBehindAsync(March, "/530103/",
            new FactFilter(CaseFactKind.Filed, PersonKey: ShiftLead.UserId, OnTime: false, Due: true), 0, 20);
        Assert.Equal((1, unfiled), (total, Assert.Single(found).Number));
        Assert.Equal((11, 10), (result.Summary.FilingsDue, result.Summary.FiledOnTime));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SelfHandledCase_ClosedAtAcceptance_IsDueToCloseAndClosedOnTime(DatabaseProvider provider)
    {
        await using var loop = await StartAsync(provider);
        var fixedOnTheSpot = await loop.ReportAsync(Inspector, selfHandled: true);
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
        await using var loop = await StartAsync(provider);
        var older = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var number = await loop.DispatchedAsync();
            await loop.ActAsync(number, CaseLoopContract.Complete, Handler);
            older.Add(number);
        }
        // April: one new case, and the six of March checked and closed.
        loop.Engine.Clock.Advance(TimeSpan.FromDays(20));
        var april = new AppraisalPeriod(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 1));
        await loop.DispatchedAsync();
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
