using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.SpotChecks;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.SpotChecks;
using Panlong.Workflows.Tests.Appraisal;

namespace Panlong.Workflows.Tests.SpotChecks;

/// <summary>District spot checks (issue 19 part 4, docs/decisions/0074-spot-checks.md).</summary>
public class SpotCheckServiceTests
{
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private static readonly WorkflowActor Checker = LoopScenario.Person("spotcheck", "/530103/", Roles.SpotChecker);
    private static readonly WorkflowActor Leader = LoopScenario.Person("leader", "/530103/", Roles.Leader);
    private static readonly StoredPhoto Photo = new(PhotoStage.Before, "spot.jpg", "image/jpeg", 1000, "cases/spot.jpg", "cases/spot.thumb.jpg");

    private static SpotCheckService Service(TestEngine engine) => engine.Database.Get<SpotCheckService>();

    [Fact]
    public void Draw_TheSameSeed_GivesTheSameDrawsAndAnotherSeedOthers()
    {
        var (from, to) = (new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        int[] grids = [11, 12, 13, 14, 15, 16, 17];
        int[] categories = [3, 5];

        var first = SpotCheckDraw.Draw(20260401, from, to, 40, grids, categories);
        var again = SpotCheckDraw.Draw(20260401, from, to, 40, grids, categories);
        var other = SpotCheckDraw.Draw(20260402, from, to, 40, grids, categories);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // A stored seed's draws must not change with the runtime: the first three pinned, as worked out by a separate SplitMix64
        // (Vigna's reference steps, in Python) with the same three numbers per draw — day, grid, category.
        Assert.Equal(
            [new SpotDraw(0, new DateOnly(2026, 4, 3), 11, 5), new SpotDraw(1, new DateOnly(2026, 4, 15), 15, 5), new SpotDraw(2, new DateOnly(2026, 4, 1), 15, 3)],
            first.Take(3));
        Assert.Equal(first.Select(d => d.Index), Enumerable.Range(0, 40));
    }

    [Fact]
    public void Draw_ManySeeds_StayWithinThePeriodGridsAndCategoriesAndSpreadOverTheDays()
    {
        var (from, to) = (new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));
        int[] grids = [11, 12, 13];
        int[] categories = [3, 5];
        var draws = Enumerable.Range(0, 200).SelectMany(seed => SpotCheckDraw.Draw(seed, from, to, 10, grids, categories)).ToList();

        Assert.All(draws, d => Assert.InRange(d.Day, from, to));
        Assert.All(draws, d => Assert.Contains(d.GridId, grids));
        Assert.All(draws, d => Assert.Contains(d.CategoryId, categories));
        // Irregular: every day of the period, every grid and both categories come up across 2,000 draws.
        Assert.Equal(30, draws.Select(d => d.Day).Distinct().Count());
        Assert.Equal(3, draws.Select(d => d.GridId).Distinct().Count());
        Assert.Equal(2, draws.Select(d => d.CategoryId).Distinct().Count());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Plan_RedrawnFromItsStoredSeed_GivesItsTasksWithinItsPeriodStreetsAndCategories(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var categories = await CategoriesAsync(engine, 2);
        var (from, to) = (new DateOnly(2026, 3, 17), new DateOnly(2026, 4, 15));

        var result = await Service(engine).PlanAsync(new SpotCheckPlanRequest("四月督察", from, to, 25, [TestEngine.Tuodong], categories), Checker);

        Assert.Empty(result.Errors);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var plan = await db.SpotCheckPlans.Include(p => p.Tasks).SingleAsync(p => p.Id == result.PlanId);
        var tasks = plan.Tasks.OrderBy(t => t.Draw).ToList();
        Assert.Equal(25, tasks.Count);
        Assert.All(tasks, t => Assert.InRange(t.Day, from, to));
        Assert.All(tasks, t => Assert.StartsWith($"/530103/{TestEngine.Tuodong}/", t.ScopePath, StringComparison.Ordinal));
        Assert.All(tasks, t => Assert.Contains(t.CategoryId, categories));
        var redrawn = await Service(engine).RedrawAsync(plan.Id);
        Assert.Equal(tasks.Select(t => new SpotDraw(t.Draw, t.Day, t.GridId, t.CategoryId)), redrawn);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == SpotCheckService.PlanAudit);
        Assert.Equal(("spotcheck", $"spotcheck-plan:{plan.Id}"), (audit.UserId, audit.Target));
        Assert.Contains($"seed={plan.Seed};", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithBadInputOrByAStreetLeader_IsRefusedFieldByField()
    {
        await using var engine = await TestEngine.StartAsync();
        var categories = await CategoriesAsync(engine, 1);
        var today = new DateOnly(2026, 3, 16);

        var bad = await Service(engine).PlanAsync(new SpotCheckPlanRequest(" ", today.AddDays(-1), today.AddDays(200), 0, ["999"], [-1]), Leader);
        var street = await Service(engine).PlanAsync(new SpotCheckPlanRequest("街道", today, today, 1, [TestEngine.Tuodong], categories),
            LoopScenario.Street("leader.tuodong", TestEngine.Tuodong, Roles.Leader));
        var inspector = await Service(engine).PlanAsync(new SpotCheckPlanRequest("巡查", today, today, 1, [TestEngine.Tuodong], categories), LoopScenario.Inspector);

        Assert.Equal(new Dictionary<string, string>
        {
            ["name"] = "SpotCheck.Name.Length", ["period"] = "SpotCheck.Period.Invalid", ["checks"] = "SpotCheck.Checks.Range",
            ["streets"] = "SpotCheck.Streets.Required", ["categories"] = "SpotCheck.Categories.Required",
        }, bad.Errors);
        Assert.Equal("SpotCheck.Problem.NotAllowed", street.Errors[""]);
        Assert.Equal("SpotCheck.Problem.NotAllowed", inspector.Errors[""]);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.SpotCheckPlans.CountAsync());
    }

    /// <summary>
    /// Worked by hand. Grid G1's inspector (inspector) reports one case of category A in G1; grid G2's inspector (inspector2) reports
    /// nothing. The 督察员 checks G1 for B and finds a problem (not reported by the G1 inspector: 漏报, a new district case), checks G1
    /// for A and finds one (the inspector's own case: 已报, no new case), checks G2 for A and finds one (漏报), and checks G1 for B
    /// again and finds nothing. March, 监督员 1 − 漏报率: inspector's area {G1} holds 2 problems (their own, and the spot check's,
    /// which counts like a public report) of which 1 missed → 1 − 1/2 = 50; inspector2's area is {G2}, which the spot check puts
    /// there although they never worked in it: 1 problem, 1 missed → 0.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Findings_NotReportedByTheAreasInspector_AreDistrictCasesCountedAsMissedAndReportedOnesLinkToTheirCase(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var grids = await loop.GridsAsync(Dongzhuang, 2);
        var (g1, g2) = (await PlaceAsync(engine, grids[0]), await PlaceAsync(engine, grids[1]));
        await StaffAsync(engine, g1.Id, "inspector", "巡查甲");
        await StaffAsync(engine, g2.Id, "inspector2", "巡查乙");
        var categories = await CategoriesAsync(engine, 2);
        var a = await CategoryIdAsync(engine, LoopScenario.ExposedGarbage);
        var b = categories.First(c => c != a);
        var own = await loop.ReportAsync(LoopScenario.Inspector, grids[0]);
        engine.Clock.Advance(TimeSpan.FromHours(1));
        var tasks = await TasksAsync(engine, (g1, b), (g1, a), (g2, a), (g1, b));

        var missed = await Service(engine).FindAsync(tasks[0], Finding(g1), Checker);
        var reported = await Service(engine).FindAsync(tasks[1], Finding(g1), Checker);
        var missed2 = await Service(engine).FindAsync(tasks[2], Finding(g2), Checker);
        foreach (var task in tasks)
        {
            Assert.True(await Service(engine).CompleteAsync(task, Checker));
        }

        Assert.True(missed.Missed);
        Assert.Equal((false, own), (reported.Missed, reported.CaseNumber));
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var spot = await db.Cases.SingleAsync(c => c.Number == missed.CaseNumber);
            Assert.Equal((CaseSource.SpotCheck, CaseLevel.District, "530103", b, g1.Id), (spot.Source, spot.Level, spot.HubCode, spot.CategoryId, spot.GridId));
            Assert.Equal(3, await db.Cases.CountAsync());
            Assert.Equal(1, await db.CasePhotos.CountAsync(p => p.CaseId == db.Cases.Single(c => c.Number == own).Id && p.Stage == PhotoStage.Check));
            var fact = await db.CaseFacts.SingleAsync(f => f.Case!.Number == missed.CaseNumber && f.Kind == CaseFactKind.SpotMissed);
            Assert.Equal(("inspector", Roles.Inspector, g1.Id), (fact.PersonKey, fact.PersonRole, fact.GridId));
            Assert.Equal([false, false, false, true], await db.SpotCheckTasks.OrderBy(t => t.Id).Select(t => t.Findings.Count == 0).ToListAsync());
            Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == SpotCheckService.FindingAudit));
            Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == SpotCheckService.DoneAudit));
        }

        var result = await loop.AppraiseAsync(LoopScenario.March, "/530103/");
        var inspector = result.Supervisors.Single(p => p.Key == "inspector");
        Assert.Equal((1, 2, 50.0), (inspector.Counts[AppraisalCalculator.Count.Missed], inspector.Counts[AppraisalCalculator.Count.FiledInArea],
            inspector.Indicators[AppraisalConfig.NotMissed]));
        var inspector2 = result.Supervisors.Single(p => p.Key == "inspector2");
        Assert.Equal((1, 1, 0.0), (inspector2.Counts[AppraisalCalculator.Count.Missed], inspector2.Counts[AppraisalCalculator.Count.FiledInArea],
            inspector2.Indicators[AppraisalConfig.NotMissed]));

        // The month's summary and its drill-down, as the leader reads them.
        var summary = engine.Database.Get<SpotCheckSummary>();
        var month = await summary.MonthAsync(new DateOnly(2026, 3, 1), new DataScope("/530103/"));
        Assert.Equal(
            [new InspectorMonth("inspector", "巡查甲", 3, 2, 1), new InspectorMonth("inspector2", "巡查乙", 1, 1, 1)],
            month.OrderBy(m => m.InspectorUserId));
        var drill = await summary.FindingsAsync(new DateOnly(2026, 3, 1), "inspector", missedOnly: true, new DataScope("/530103/"));
        Assert.Equal(missed.CaseNumber, Assert.Single(drill).CaseNumber);
        Assert.Empty(await summary.MonthAsync(new DateOnly(2026, 3, 1), new DataScope($"/530103/{TestEngine.Gulou}/")));
    }

    /// <summary>
    /// The demo's inspectors (and any inspector not yet given an account) hold posts without a sign-in: a miss in their grid is still
    /// theirs, under the key their other work is counted under (InspectorAssignments.PersonKey), not "no inspector".
    /// </summary>
    [Fact]
    public async Task Find_WhenTheAreasInspectorHasNoSignIn_ChargesTheMissToTheirStaffKey()
    {
        await using var engine = await TestEngine.StartAsync();
        var loop = new LoopScenario(engine);
        var g1 = await PlaceAsync(engine, (await loop.GridsAsync(Dongzhuang, 1))[0]);
        var staffId = await StaffAsync(engine, g1.Id, null, "巡查丙");
        var a = await CategoryIdAsync(engine, LoopScenario.ExposedGarbage);
        var tasks = await TasksAsync(engine, (g1, a));

        var missed = await Service(engine).FindAsync(tasks[0], Finding(g1), Checker);
        Assert.True(await Service(engine).CompleteAsync(tasks[0], Checker));

        var key = $"staff:{staffId}";
        Assert.True(missed.Missed);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var fact = await db.CaseFacts.SingleAsync(f => f.Kind == CaseFactKind.SpotMissed);
        Assert.Equal((key, "巡查丙"), (fact.PersonKey, fact.PersonName));
        var month = await engine.Database.Get<SpotCheckSummary>().MonthAsync(new DateOnly(2026, 3, 1), new DataScope("/530103/"));
        Assert.Equal([new InspectorMonth(key, "巡查丙", 1, 1, 1)], month);
    }

    [Fact]
    public async Task Find_OutsideTheGridOnAFutureDayOrByAnotherRole_IsRefusedAndSavesNothing()
    {
        await using var engine = await TestEngine.StartAsync();
        var loop = new LoopScenario(engine);
        var grids = await loop.GridsAsync(Dongzhuang, 2);
        var (g1, g2) = (await PlaceAsync(engine, grids[0]), await PlaceAsync(engine, grids[1]));
        var a = await CategoryIdAsync(engine, LoopScenario.ExposedGarbage);
        var tasks = await TasksAsync(engine, (g1, a));
        var future = await TasksAsync(engine, new DateOnly(2026, 3, 20), (g1, a));

        var outside = await Service(engine).FindAsync(tasks[0], Finding(g2), Checker);
        var early = await Service(engine).FindAsync(future[0], Finding(g1), Checker);
        var stranger = await Service(engine).FindAsync(tasks[0], Finding(g1), Leader);
        var shortText = await Service(engine).FindAsync(tasks[0], Finding(g1) with { Description = "脏" }, Checker);

        Assert.Equal("SpotCheck.Position.OutsideGrid", outside.Errors["position"]);
        Assert.Equal("SpotCheck.Problem.NotFound", early.Errors[""]);
        Assert.Equal("SpotCheck.Problem.NotFound", stranger.Errors[""]);
        Assert.Equal("Cases.Description.Length", shortText.Errors["description"]);
        Assert.False(await Service(engine).CompleteAsync(future[0], Checker));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal((0, 0), (await db.Cases.CountAsync(), await db.SpotCheckFindings.CountAsync()));
    }

    private static SpotCheckFindingInput Finding(TestPlaces.GridPlace place) => new("督察发现路口暴露垃圾未清理", place.Lat, place.Lng, [Photo]);

    private static async Task<TestPlaces.GridPlace> PlaceAsync(TestEngine engine, string gridCode)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await TestPlaces.GridAsync(db, gridCode);
    }

    private static async Task<List<int>> CategoriesAsync(TestEngine engine, int count)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.CaseCategories.Where(c => c.IsActive).OrderBy(c => c.Code).Select(c => c.Id).Take(count).ToListAsync();
    }

    private static async Task<int> CategoryIdAsync(TestEngine engine, string code)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.CaseCategories.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The grid's 1+1+1+N inspector post, held by a person with a sign-in (or none); returns the person's id.</summary>
    private static async Task<int> StaffAsync(TestEngine engine, int gridId, string? userId, string name)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var district = await db.OrgUnits.SingleAsync(u => u.ScopePath == "/530103/");
        var grid = await db.OrgUnits.SingleAsync(u => u.Id == gridId);
        var member = new StaffMember
        {
            Name = name, OrgUnitId = district.Id, ScopePath = district.ScopePath, UserId = userId,
            Assignments = [new GridAssignment { GridId = gridId, Duty = GridDuty.Inspector, ScopePath = grid.ScopePath }],
        };
        db.StaffMembers.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    private static Task<List<int>> TasksAsync(TestEngine engine, params (TestPlaces.GridPlace Grid, int Category)[] checks) =>
        TasksAsync(engine, new DateOnly(2026, 3, 16), checks);

    /// <summary>A plan whose draws are the given checks on a day (the draw itself is tested above).</summary>
    private static async Task<List<int>> TasksAsync(TestEngine engine, DateOnly day, params (TestPlaces.GridPlace Grid, int Category)[] checks)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var plan = new SpotCheckPlan
        {
            Name = "测试", From = day, To = day, Checks = checks.Length, StreetCodes = TestEngine.Tuodong, CategoryIds = "", ScopePath = "/530103/",
            CreatedByUserId = "spotcheck", CreatedByName = "spotcheck名", CreatedAt = engine.Clock.GetUtcNow(),
        };
        foreach (var (check, i) in checks.Select((c, i) => (c, i)))
        {
            var path = await db.OrgUnits.Where(u => u.Id == check.Grid.Id).Select(u => u.ScopePath).SingleAsync();
            plan.Tasks.Add(new SpotCheckTask { Draw = i, Day = day, GridId = check.Grid.Id, GridCode = check.Grid.Code, CategoryId = check.Category, ScopePath = path });
        }
        db.SpotCheckPlans.Add(plan);
        await db.SaveChangesAsync();
        return plan.Tasks.OrderBy(t => t.Draw).Select(t => t.Id).ToList();
    }
}
