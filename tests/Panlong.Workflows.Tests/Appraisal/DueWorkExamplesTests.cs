using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Data.Cases;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Appraisal.LoopScenario;
using Count = Panlong.Workflows.Appraisal.AppraisalCalculator.Count;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Issue 14, defects 1 and 2: every rate counted over the work DUE in the period — due by its deadline in the period, done or not;
/// work still open and overdue at the period's end counts as late; a case once per step, a redone step judged by its final
/// completion. Cases walk the real loop (<see cref="LoopScenario"/>) and the figures are worked out by hand in the comments.
/// The clock starts on Monday 16 March 2026, 09:00; category 10-01 (暴露垃圾) gives 受理/立案/结案 1 working hour, 派遣 0.5,
/// 核实 1, 处置 4, 核查 2; working time is 09:00–12:00 and 14:00–17:30 (docs/domain.md §6).
/// </summary>
public class DueWorkExamplesTests
{
    private const string Tuodong = "530103001";
    private const string Sanitation = "530103-BM10";

    private static readonly AppraisalPeriod April = new(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 1));

    private static readonly WorkflowActor Handler = LoopScenario.Department("handler", Sanitation);
    private static readonly WorkflowActor Supervisor = LoopScenario.Street("supervisor", Tuodong, Roles.Supervisor);
    private static readonly WorkflowActor StreetAcceptor = LoopScenario.Street("street-acceptor", Tuodong, Roles.Acceptor);
    private static readonly WorkflowActor StreetLead = LoopScenario.Street("street-lead", Tuodong, Roles.ShiftLead);

    // ---- 1. The department: 10 cases dispatched to 环卫 in March 2026 ----

    /// <summary>
    /// All ten reported by a district inspector at 09:00 on 16 March, accepted, filed and dispatched on time (dispatched 09:15, so
    /// each handling is due at 15:15 the same day):
    /// 1–6 handled on time, checked, closed; 7 handled on time, failed 核查 (返工), handled again on time, checked, closed;
    /// 8 handled late (15:25), checked, closed; 9 handled late, its 核查 never done, so not closed; 10 never handled.
    /// With <paramref name="lateLeftUndone"/>, cases 8 and 9 are never handled instead. Case U is accepted too, but nobody files it.
    /// </summary>
    private static IEnumerable<CasePlan> DepartmentMonth(string grid, bool lateLeftUndone)
    {
        CasePlan Dispatched(string label) => LoopScenario.Case(label, Inspector, grid, TestEngine.MondayNine)
            .Accept(Acceptor).File(ShiftLead).Dispatch(Dispatcher, Sanitation);

        for (var i = 1; i <= 6; i++)
        {
            yield return Dispatched($"D{i}").Handle(Handler).Check(Inspector).Close(ShiftLead);
        }
        yield return Dispatched("D7").Handle(Handler).Rework(Inspector).Handle(Handler).Check(Inspector).Close(ShiftLead);
        yield return lateLeftUndone ? Dispatched("D8").Handle(Handler, StepTiming.Undone)
            : Dispatched("D8").Handle(Handler, StepTiming.Late).Check(Inspector).Close(ShiftLead);
        yield return lateLeftUndone ? Dispatched("D9").Handle(Handler, StepTiming.Undone)
            : Dispatched("D9").Handle(Handler, StepTiming.Late).Check(Inspector, StepTiming.Undone);
        yield return Dispatched("D10").Handle(Handler, StepTiming.Undone);
        yield return LoopScenario.Case("U", Inspector, grid, TestEngine.MondayNine).Accept(Acceptor).File(ShiftLead, StepTiming.Undone);
    }

    /// <summary>The month appraised at its end, and the case numbers by label.</summary>
    private static async Task<(AppraisalResult Result, IReadOnlyDictionary<string, string> Numbers)> DepartmentMonthAsync(LoopScenario loop, bool lateLeftUndone)
    {
        var grid = (await loop.GridsAsync(Tuodong, 1))[0];
        var numbers = await loop.RunAsync(DepartmentMonth(grid, lateLeftUndone));
        return (await loop.AppraiseAsync(March, "/530103/"), numbers);
    }

    private static async Task<AppraisedRow> DepartmentRowAsync(DatabaseProvider provider, bool lateLeftUndone)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (result, _) = await DepartmentMonthAsync(new LoopScenario(engine), lateLeftUndone);
        return result.Departments.Single(u => u.Key == Sanitation);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DepartmentScore_TenCasesDueInAMonth_IsTheHandWorked82B(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var (result, numbers) = await DepartmentMonthAsync(loop, lateLeftUndone: false);
        var row = result.Departments.Single(u => u.Key == Sanitation);

        // 立案数分值: 10 cases a month against the department, "up to 50" → 100.
        // 结案率 = closed by the period's end ÷ handlings due in March = 8 (1–8) ÷ 10 → 80.
        // 按期处置率 = due handlings whose final completion was on time ÷ due = 7 (1–7; 7's redo counts once) ÷ 10 → 70
        //   (8 and 9 late; 10 open and overdue at the period's end is late too).
        // 1 − 返工率 = 1 − reworked ÷ due to close = 1 − 1 ÷ 10 → 90.
        // 0.10 × 100 + 0.30 × 80 + 0.30 × 70 + 0.30 × 90 = 10 + 24 + 21 + 27 = 82.0 → B.
        // (Counting handlings done instead of due gives 按期处置率 8 ÷ 10 — 7's first try, its redo, 1–6 — and 85.0.)
        Assert.Equal((100.0, 80.0, 70.0, 90.0, 82.0, Grade.B), (Indicator(row, AppraisalConfig.FiledScore), Indicator(row, AppraisalConfig.Closure),
            Indicator(row, AppraisalConfig.HandleOnTime), Indicator(row, AppraisalConfig.NotReworked), row.Total, row.Grade));
        Assert.Equal((10, 7, 8, 1), (row.Counts[Count.HandleDue], row.Counts[Count.HandledOnTime], row.Counts[Count.Closed], row.Counts[Count.Reworked]));
        // The headline counts the same 应结案: 10 due, 8 closed, 1 reworked (the report's 结案率 and 返工率).
        Assert.Equal((10, 8, 1), (result.Summary.HandlingsDue, result.Summary.ClosedOfDue, result.Summary.ReworkedOfDue));

        // The drill-down lists exactly the cases of each count: due, on time, late or undone (8, 9 and 10), closed.
        async Task<IReadOnlyList<string>> Behind(FactFilter filter)
        {
            var (found, total) = await loop.Calculator.CasesBehindAsync(March, "/530103/", filter, 0, 50);
            Assert.Equal(total, found.Count);
            return found.Select(c => c.Number).Order().ToList();
        }
        var cases = Enumerable.Range(1, 10).Select(i => numbers[$"D{i}"]).ToList();
        Assert.Equal(cases.Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Sanitation, Due: true)));
        Assert.Equal(cases.Take(7).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Sanitation, OnTime: true, Due: true)));
        Assert.Equal(cases.Skip(7).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Sanitation, OnTime: false, Due: true)));
        Assert.Equal(cases.Take(8).Order(), await Behind(new FactFilter(CaseFactKind.Handled, UnitCode: Sanitation, Due: true, Closed: true)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DepartmentScore_LateCasesLeftUnhandledInstead_IsNotHigher(DatabaseProvider provider)
    {
        var done = await DepartmentRowAsync(provider, lateLeftUndone: false);
        var undone = await DepartmentRowAsync(provider, lateLeftUndone: true);

        // Cases 8 and 9 never handled: still due in March and late, and 8 is no longer closed —
        // 结案率 7 ÷ 10 → 70, 按期处置率 7 ÷ 10 → 70, 1 − 返工率 90: 10 + 21 + 21 + 27 = 79.0, below the 82.0 of handling them late.
        // (Counting handlings done gives 100 % on time over the 8 done and 88.0 — leaving work undone paid.)
        Assert.Equal(79.0, undone.Total);
        Assert.True(undone.Total < done.Total);
        Assert.Empty(Rises(done, undone));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PooledFiling_LeftUndonePastItsDeadline_IsChargedToTheShiftLeadsWhoFiledForTheUnit(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var (result, numbers) = await DepartmentMonthAsync(loop, lateLeftUndone: false);

        // The shift lead filed the ten on time; U waits in 立案 past its hour, claimed by nobody: due and late.
        var lead = result.ShiftLeads.Single(p => p.Key == ShiftLead.UserId);
        Assert.Equal((11, 10), (lead.Counts[Count.FilingDue], lead.Counts[Count.FiledOnTime]));
        var (found, total) = await loop.Calculator.CasesBehindAsync(March, "/530103/",
            new FactFilter(CaseFactKind.Filed, PersonKey: ShiftLead.UserId, OnTime: false, Due: true), 0, 20);
        Assert.Equal((1, numbers["U"]), (total, Assert.Single(found).Number));
        Assert.Equal((11, 10), (result.Summary.FilingsDue, result.Summary.FiledOnTime));
    }

    // ---- 2. A street supervisor: verifications and checks due in March ----

    /// <summary>
    /// At 09:00 on 16 March the district acceptor records five hotline calls (public reports, so each needs 核实) in one grid of
    /// 拓东 and sends them to verify at 09:05 (due 10:05). The street's supervisor verifies H1–H3 on time and H4 late (10:15), and
    /// claims H5 but never goes. Verifying makes the supervisor the checker: H1 and H2 are checked on time, H3 late, H4 never
    /// (each check is due 2 working hours after the handling). The supervisor also reports two cases of their own there, which
    /// the street sub-center accepts and files.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SupervisorScore_VerificationsAndChecksDue_CountsUndoneWorkAsLate(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var grid = (await loop.GridsAsync(Tuodong, 1))[0];
        CasePlan Hotline(string label) => LoopScenario.Case(label, Acceptor, grid, TestEngine.MondayNine).SendToVerify(Acceptor);
        CasePlan Handled(CasePlan plan) => plan.File(ShiftLead).Dispatch(Dispatcher, Sanitation).Handle(Handler);
        CasePlan Own(string label) => LoopScenario.Case(label, Supervisor, grid, TestEngine.MondayNine).Accept(StreetAcceptor).File(StreetLead);
        await loop.RunAsync(
        [
            Handled(Hotline("H1").Verify(Supervisor)).Check(Supervisor).Close(ShiftLead),
            Handled(Hotline("H2").Verify(Supervisor)).Check(Supervisor).Close(ShiftLead),
            Handled(Hotline("H3").Verify(Supervisor)).Check(Supervisor, StepTiming.Late).Close(ShiftLead),
            Handled(Hotline("H4").Verify(Supervisor, StepTiming.Late)).Check(Supervisor, StepTiming.Undone),
            Hotline("H5").Verify(Supervisor, StepTiming.Undone, claim: true),
            Own("R1"),
            Own("R2"),
        ]);

        var result = await loop.AppraiseAsync(March, "/530103/");
        var row = result.Supervisors.Single(p => p.Key == Supervisor.UserId);

        // 有效上报率 = filed ÷ reported = 2 ÷ 2 → 100.
        // 1 − 漏报率: their area is the one grid; problems reported there in March (none found false) R1, R2, H1–H5 = 7, of which the
        // public found 5 → 1 − 5/7 → 28.57. (H5, left unverified, still counts: leaving it undone must not hide it — ADR 21's addendum.)
        // 按时核实率 = on time ÷ due = 3 (H1–H3) ÷ 5 (H4 late, H5 claimed and overdue) → 60.
        // 按时核查率 = on time ÷ due = 2 (H1, H2) ÷ 4 (H3 late, H4 overdue) → 50.
        // 0.40 × 100 + 0.20 × 28.57 + 0.20 × 60 + 0.20 × 50 = 40 + 5.71 + 12 + 10 = 67.71 → C.
        // (Counting work done instead: 3 ÷ 4 → 75 and 2 ÷ 3 → 66.67; with filings for 漏报 1 − 4/6 → 33.33; total 75.0 → B.)
        Assert.Equal((100.0, 28.57, 60.0, 50.0, 67.71, Grade.C), (Indicator(row, AppraisalConfig.ValidReport), Indicator(row, AppraisalConfig.NotMissed),
            Indicator(row, AppraisalConfig.VerifyOnTime), Indicator(row, AppraisalConfig.CheckOnTime), row.Total, row.Grade));
    }

    // ---- 3. A region in a month whose closings of older cases outnumber its filings ----

    /// <summary>
    /// One grid of 拓东, appraised for April 2026:
    /// O1–O4 reported 25 March, dispatched at once (handling due 25 March 15:15), handled late on 1 April 10:00, checked, closed;
    /// P1–P3 reported 31 March 14:00, dispatched 14:15 (handling due 1 April 09:45), handled on time 1 April 09:15, checked, closed;
    /// N1, N2 reported 1 April 10:30 by the inspector and dispatched at once: N1 handled, checked and closed on time, N2 never handled.
    /// April's closings: 8 (7 of cases reported in March); April's filings: 2.
    /// </summary>
    private static async Task<(AppraisalResult Result, string GridPath)> RegionAprilAsync(TestEngine engine)
    {
        var loop = new LoopScenario(engine);
        var grid = (await loop.GridsAsync(Tuodong, 1))[0];
        CasePlan Dispatched(string label, DateTimeOffset at) => LoopScenario.Case(label, Inspector, grid, at).Accept(Acceptor).File(ShiftLead).Dispatch(Dispatcher, Sanitation);
        var plans = new List<CasePlan>();
        for (var i = 1; i <= 4; i++)
        {
            plans.Add(Dispatched($"O{i}", LoopScenario.China(3, 25, 9)).Handle(Handler, StepTiming.Late, LoopScenario.China(4, 1, 10)).Check(Inspector).Close(ShiftLead));
        }
        for (var i = 1; i <= 3; i++)
        {
            plans.Add(Dispatched($"P{i}", LoopScenario.China(3, 31, 14)).Handle(Handler, StepTiming.OnTime, LoopScenario.China(4, 1, 9, 15)).Check(Inspector).Close(ShiftLead));
        }
        plans.Add(Dispatched("N1", LoopScenario.China(4, 1, 10, 30)).Handle(Handler).Check(Inspector).Close(ShiftLead));
        plans.Add(Dispatched("N2", LoopScenario.China(4, 1, 10, 30)).Handle(Handler, StepTiming.Undone));
        await loop.RunAsync(plans);
        return (await loop.AppraiseAsync(April, "/530103/"), await loop.PathOfAsync(grid));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RegionScore_ClosingsOfOlderCasesOutnumberFilings_RatesCountCasesDueToClose(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (result, gridPath) = await RegionAprilAsync(engine);

        // 应结案 in April = cases whose handling was due in April: P1–P3 and N1, N2 = 5 (O1–O4 were due in March, late).
        // 结案率 = of those, closed by the end of April: P1–P3, N1 = 4 ÷ 5 → 80; 按期结案率 = closed with an on-time handling: 4 ÷ 5 → 80.
        // Grid: 监督举报率分值 — 2 reports in April, none public → 100; 立案数分值 — 2 filed in the grid, class-1 table "1–2" → 90.
        // 0.10 × 100 + 0.20 × 90 + 0.30 × 80 + 0.40 × 80 = 10 + 18 + 24 + 32 = 84.0 → B.
        // (Closings over filings gives 8 ÷ 2 and 4 ÷ 2, capped at 100: 98.0 → A.)
        var grid = result.Grids.Single(g => g.Key == gridPath);
        Assert.Equal((100.0, 90.0, 80.0, 80.0, 84.0, Grade.B), (Indicator(grid, AppraisalConfig.PublicReportScore), Indicator(grid, AppraisalConfig.FiledScore),
            Indicator(grid, AppraisalConfig.Closure), Indicator(grid, AppraisalConfig.CloseOnTime), grid.Total, grid.Grade));
        // The street: the same cases; 2 filed over its 66 grids round to 0 a grid → 100. 10 + 20 + 24 + 32 = 86.0 → B.
        var street = result.Streets.Single(s => s.Key == $"/530103/{Tuodong}/");
        Assert.Equal((80.0, 80.0, 86.0, Grade.B), (Indicator(street, AppraisalConfig.Closure), Indicator(street, AppraisalConfig.CloseOnTime), street.Total, street.Grade));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Appraisal_ClosingsOfOlderCasesOutnumberFilings_ShowsNoRateAbove100(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (result, _) = await RegionAprilAsync(engine);

        // Every indicator of every row, and every rate of the headline (whatever rates it has), is a share of something: ≤ 100 %.
        var rows = new[] { result.Streets, result.Communities, result.Grids, result.Departments, result.Supervisors, result.Acceptors, result.ShiftLeads, result.Dispatchers }
            .SelectMany(list => list);
        var above = rows.SelectMany(r => r.Indicators.Where(i => i.Value > 100.0001).Select(i => $"{r.Name} {i.Key} = {i.Value}"))
            .Concat(typeof(CaseSummary).GetProperties().Where(p => p.PropertyType == typeof(double))
                .Select(p => (p.Name, Value: (double)p.GetValue(result.Summary)!)).Where(p => p.Value > 100.0001).Select(p => $"Summary.{p.Name} = {p.Value}"))
            .ToList();
        Assert.True(above.Count == 0, "Rates above 100 %: " + string.Join("; ", above));
    }

    private static double Indicator(AppraisedRow row, string name) => Math.Round(row.Indicators[name], 2);

    /// <summary>The total and the rates (not the volume tables) of <paramref name="twin"/> that are higher than in <paramref name="done"/>.</summary>
    internal static List<string> Rises(AppraisedRow done, AppraisedRow? twin)
    {
        if (twin is null)
        {
            return [$"{done.Name}: no longer appraised at all"];
        }
        var rises = new List<string>();
        if (twin.Total > done.Total + 0.005)
        {
            rises.Add($"{done.Name} total {done.Total} → {twin.Total}");
        }
        foreach (var (name, value) in done.Indicators.Where(i => IsRate(i.Key)))
        {
            if (twin.Indicators.TryGetValue(name, out var after) && after > value + 0.005)
            {
                rises.Add($"{done.Name} {name} {Math.Round(value, 2)} → {Math.Round(after, 2)}");
            }
        }
        return rises;
    }

    /// <summary>Indicators that are rates; volume and 立案数 scores come from tables (fewer filed scores higher by design).</summary>
    internal static bool IsRate(string indicator) => indicator is not (AppraisalConfig.Volume or AppraisalConfig.FiledScore);
}
