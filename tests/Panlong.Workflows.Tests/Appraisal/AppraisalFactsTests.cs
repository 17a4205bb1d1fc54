using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Appraisal.LoopScenario;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Four cases walked through the real loop, some steps late, and every indicator of docs/domain.md §3 checked against figures
/// worked out by hand in the comments below (not by the code under test).
/// </summary>
public class AppraisalFactsTests
{
    private const string Dongzhuang = "530103001001";
    private const string Enforcement = "530103-BM01";

    private static readonly WorkflowActor Handler = Department("handler", Enforcement);
    private static readonly WorkflowActor Supervisor = Person("supervisor", "/530103/530103001/", Roles.Supervisor);
    private static readonly WorkflowActor Station = Person("station", $"/530103/530103001/{Dongzhuang}/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler);
    private static readonly WorkflowActor Volunteer = new("volunteer", "volunteer", new HashSet<string> { Roles.Volunteer }, DataScope.None);

    /// <summary>Ranked from two cases up; the month is <see cref="March"/>.</summary>
    private static readonly AppraisalConfig Config = AppraisalConfig.Default with { MinimumCases = 2 };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Indicators_OfAHandBuiltMonth_MatchTheFiguresWorkedOutByHand(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        int gridsInCommunity;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            gridsInCommunity = await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.Grid && u.ScopePath.StartsWith($"/530103/530103001/{Dongzhuang}/"));
        }
        Task<string> Report(WorkflowActor reporter) => loop.ReportAsync(reporter, Dongzhuang);
        Task Act(string number, string trigger, WorkflowActor actor, string? to = null) => loop.ActAsync(number, trigger, actor, to);

        // 09:00: A, B and D by the inspector (district loop), C by a volunteer (Dongzhuang's station runs it).
        var a = await Report(Inspector);
        var b = await Report(Inspector);
        var d = await Report(Inspector);
        var c = await Report(Volunteer);
        foreach (var (trigger, actor, to) in new (string, WorkflowActor, string?)[]
        {
            (CaseLoopContract.Accept, Acceptor, null), (CaseLoopContract.File, ShiftLead, null), (CaseLoopContract.Dispatch, Dispatcher, Enforcement),
            (CaseLoopContract.Complete, Handler, null), (CaseLoopContract.Pass, Inspector, null), (CaseLoopContract.Close, ShiftLead, null),
        })
        {
            await Act(a, trigger, actor, to); // A: every step at once, all on time.
        }
        await Act(b, CaseLoopContract.Accept, Acceptor);
        await Act(c, CaseLoopContract.SendToVerify, Station);
        await Act(c, CaseLoopContract.Verify, Supervisor);
        await Act(c, CaseLoopContract.File, Station);
        await Act(c, CaseLoopContract.Dispatch, Station, Dongzhuang); // C stays open with the station's own team.

        // 11:00 — two working hours on: B's filing (limit 1 h) and D's acceptance (limit 1 h) are late.
        engine.Clock.Advance(TimeSpan.FromHours(2));
        await Act(b, CaseLoopContract.File, ShiftLead);
        await Act(d, CaseLoopContract.Accept, Acceptor);
        await Act(d, CaseLoopContract.File, ShiftLead);
        await Act(d, "RequestVoid", Dispatcher);
        await Act(d, CaseLoopContract.ApproveVoid, ShiftLead);
        await Act(b, CaseLoopContract.Dispatch, Dispatcher, Enforcement);
        // A day later the handling (4 working hours) is late; the check sends it back, the second fix is on time.
        engine.Clock.Advance(TimeSpan.FromDays(1));
        await Act(b, CaseLoopContract.Complete, Handler);
        await Act(b, CaseLoopContract.Rework, Inspector);
        await Act(b, CaseLoopContract.Complete, Handler);
        await Act(b, CaseLoopContract.Pass, Inspector);
        await Act(b, CaseLoopContract.Close, ShiftLead);

        var calculator = loop.Calculator;
        var result = await calculator.ComputeAsync(Config, March, "/530103/");

        // Headline: 4 received (1 public), filed A B C D (B late), D voided, dispatched A B C, closed A B (both handled on time at the end).
        // Rates count the work due (ADR 21): filings due A B C D (B late); dispatches due A B C; handlings due A, B (its last one on
        // time) and C, still open past its deadline at as-of (the clock's now) — late and not closed. D was voided: it owes nothing more.
        var s = result.Summary;
        Assert.Equal((4, 1, 4, 1, 3, 2, 2), (s.Received, s.PublicReports, s.Filed, s.Voided, s.Dispatched, s.Closed, s.ClosedOnTime));
        Assert.Equal((3, 3, 3, 2, 1), (s.FiledOnTime, s.DispatchedOnTime, s.Handled, s.HandledOnTime, s.Reworked));
        Assert.Equal((4, 3, 3, 2, 2, 0), (s.FilingsDue, s.DispatchesDue, s.HandlingsDue, s.ClosedOfDue, s.ClosedOnTimeOfDue, s.ClosedEarlier));
        Assert.Equal((50.0, 66.7, 66.7), (s.ClosureRate, s.HandleOnTimeRate, s.CloseOnTimeRate));
        Assert.Equal(new MonthFigure(new DateOnly(2026, 3, 1), 4, 4, 2, 2), Assert.Single(result.Trend));
        // The running year's trend stops at the month the clock stands in: April to December have not begun, so they are left
        // out rather than drawn as zeros.
        var year = await calculator.ComputeAsync(Config, new AppraisalPeriod(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1)), "/530103/");
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], year.Trend.Select(m => m.Month));

        // 值班长 shiftlead: filed A B D, B late → 66.67; accurate (3 − 1 voided)/3 → 66.67; closed A B on time → 100.
        // 0.25 × 66.667 + 0.40 × 66.667 + 0.35 × 100 = 16.667 + 26.667 + 35 = 78.33 → B.
        var lead = result.ShiftLeads.Single(p => p.Key == "shiftlead");
        Assert.Equal((78.33, Grade.B, 1, "shiftlead名"), (lead.Total, lead.Grade, lead.Rank, lead.Name));
        // The station filed C on time, nothing voided, nothing closed: 25 + 40 + 35 = 100, but one case is below the minimum of two.
        var stationLead = result.ShiftLeads.Single(p => p.Key == "station");
        Assert.Equal((100.0, (int?)null), (stationLead.Total, stationLead.Rank));

        // 派遣员 dispatcher: 2 dispatched a month → volume score 0; both on time → 100; B reworked → (2 − 1)/2 = 50.
        // 0.20 × 0 + 0.40 × 100 + 0.40 × 50 = 60 → C (the band's lower edge).
        var dispatcher = result.Dispatchers.Single(p => p.Key == "dispatcher");
        Assert.Equal((60.0, Grade.C), (dispatcher.Total, dispatcher.Grade));

        // 受理员 acceptor: accepted A B D (D late) → 核查按时派发 2/3; no verification sent → 100; 3 a month → volume 0.
        // 0.25 × 0 + 0.40 × 100 + 0.35 × 66.667 = 63.33 → C.
        var acceptor = result.Acceptors.Single(p => p.Key == "acceptor");
        Assert.Equal((63.33, Grade.C), (acceptor.Total, acceptor.Grade));
        Assert.Equal(3, acceptor.Counts[AppraisalCalculator.Count.Accepted]);

        // 专业部门 城管执法: 2 dispatched a month → 立案数分值 100; handlings due A and B, both closed → 100; on time 2 of 2 → 100
        // (B's handling is one duty, judged by its last completion — before ADR 21 its late first try counted as a third, giving 75);
        // reworked 1 of 2 due → 1 − 50 % = 50. 0.10 × 100 + 0.30 × 100 + 0.30 × 100 + 0.30 × 50 = 10 + 30 + 30 + 15 = 85 → B.
        var enforcement = result.Departments.Single(u => u.Key == Enforcement);
        Assert.Equal((85.0, Grade.B), (enforcement.Total, enforcement.Grade));
        Assert.Equal((2, 2, 2, 1), (enforcement.Counts[AppraisalCalculator.Count.HandleDue], enforcement.Counts[AppraisalCalculator.Count.HandledOnTime],
            enforcement.Counts[AppraisalCalculator.Count.Closed], enforcement.Counts[AppraisalCalculator.Count.Reworked]));

        // 监督员 inspector: 3 reports, 3 filed → 100; area = the Dongzhuang grid, where A B C D were reported and D was voided (found
        // no problem), so 3 problems, of which 1 public (missed) → 1 − 1/3 → 66.67 (ADR 21's addendum: 漏报 counts problems reported,
        // not filings); no verification due → 100; checks due A and B (B's second check is its last), both on time → 100.
        // 40 + 13.33 + 20 + 20 = 93.33 → A.
        var inspector = result.Supervisors.Single(p => p.Key == "inspector");
        Assert.Equal((93.33, Grade.A), (inspector.Total, inspector.Grade));
        Assert.Equal((3, 2, 1, 3), (inspector.Counts[AppraisalCalculator.Count.Reports], inspector.Counts[AppraisalCalculator.Count.CheckDue],
            inspector.Counts[AppraisalCalculator.Count.Missed], inspector.Counts[AppraisalCalculator.Count.FiledInArea]));
        var supervisor = result.Supervisors.Single(p => p.Key == "supervisor");
        // The supervisor verified the public report on time in the same grid: the same 1 − 1/3, so 93.33 too.
        Assert.Equal((93.33, 1), (supervisor.Total, supervisor.Counts[AppraisalCalculator.Count.VerifiedOnTime]));

        // Grid: 4 reports, 1 public → (1 − 25 %) → 75; 4 filed in one grid and month → class-1 table "< 5" → 75; due to close (应结案)
        // A B C, closed A B → 66.67, both on time → 66.67 (before ADR 21: closed 2 of 4 filed, counting the voided D, 57.5).
        // 0.10 × 75 + 0.20 × 75 + 0.30 × 66.667 + 0.40 × 66.667 = 7.5 + 15 + 20 + 26.67 = 69.17 → C.
        var grid = result.Grids.Single(g => g.Cases == 3);
        Assert.Equal((69.17, Grade.C), (grid.Total, grid.Grade));
        // The community: the same cases over its grids — 4 filed spread over many grids round to 0 a grid → 100 (1 grid would be 75).
        var perGridScore = Math.Round(4.0 / gridsInCommunity) == 0 ? 100 : 90;
        var community = result.Communities.Single(u => u.Key.EndsWith($"/{Dongzhuang}/", StringComparison.Ordinal));
        Assert.Equal(7.5 + (0.2 * perGridScore) + 20 + 26.67, community.Total, 2);

        // Drill-down: the case behind the department's late handling is B.
        var late = await calculator.CasesBehindAsync(March, "/530103/", new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, OnTime: false), 0, 20);
        Assert.Equal(b, Assert.Single(late.Cases).Number);
        // …and the duties behind its rates are A and B, both on time; the grid's late or undone handling is C (open).
        var due = await calculator.CasesBehindAsync(March, "/530103/", new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, Due: true), 0, 20);
        Assert.Equal(new[] { a, b }.Order(), due.Cases.Select(x => x.Number).Order());
        // A page far beyond the end is empty with the same total (page × size would overflow into a negative offset: issue 15).
        var beyond = await calculator.CasesBehindAsync(March, "/530103/", new FactFilter(CaseFactKind.Handled, UnitCode: Enforcement, Due: true), int.MaxValue, 20);
        Assert.Equal((0, due.Total), (beyond.Cases.Count, beyond.Total));
        var undone = await calculator.CasesBehindAsync(March, "/530103/", new FactFilter(CaseFactKind.Handled, RegionPath: grid.Key, OnTime: false, Due: true), 0, 20);
        Assert.Equal(c, Assert.Single(undone.Cases).Number);

        // Scope: Gulou street sees none of it.
        var gulou = await calculator.ComputeAsync(Config, March, "/530103/530103002/");
        Assert.Equal(0, gulou.Summary.Received);
        Assert.Empty(gulou.Supervisors);
        Assert.DoesNotContain(gulou.Grids, g => g.Cases > 0);
    }
}
