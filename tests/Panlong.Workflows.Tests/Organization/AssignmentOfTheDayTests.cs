using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;
using Panlong.Workflows.Tests.Appraisal;
using static Panlong.Workflows.Tests.Appraisal.LoopScenario;
using static Panlong.Workflows.Tests.Organization.RotationPeople;

namespace Panlong.Workflows.Tests.Organization;

/// <summary>
/// Scope and appraisal follow the inspector who held the grid on the day of each event, not today's (issue 19 part 3,
/// docs/decisions/0073-inspector-rotation.md): 甲 held a 拓东 grid until Monday 23 March 2026 and 乙 from then, the other way round
/// for a 鼓楼 grid. A resident's report before the day and another after it, and one report by each inspector in their grid.
/// </summary>
public class AssignmentOfTheDayTests
{
    private static readonly DateTimeOffset RotationDay = Day(2026, 3, 23);

    private sealed record Scenario(TestEngine Engine, IReadOnlyDictionary<string, string> Numbers, WorkflowActor A, WorkflowActor B, int StaffA, int StaffB, int Grid);

    private static async Task<Scenario> RunAsync(TestEngine engine)
    {
        var tuodong = (await GridsAsync(engine, TestEngine.Tuodong, 1))[0];
        var gulou = (await GridsAsync(engine, TestEngine.Gulou, 1))[0];
        var staffA = await InspectorAsync(engine, "甲", "insp-a", (tuodong.Id, Day(2025, 1), RotationDay), (gulou.Id, RotationDay, null));
        var staffB = await InspectorAsync(engine, "乙", "insp-b", (gulou.Id, Day(2025, 1), RotationDay), (tuodong.Id, RotationDay, null));
        // Both work from the 鼓楼 street's scope, so a 拓东 case is theirs only through the grid they held on its day.
        var a = Person("insp-a", $"/530103/{TestEngine.Gulou}/", Roles.Inspector);
        var b = Person("insp-b", $"/530103/{TestEngine.Gulou}/", Roles.Inspector);
        var loop = new LoopScenario(engine);
        var numbers = await loop.RunAsync(
        [
            Case("P1", TestEngine.Resident, tuodong.Code, China(3, 17, 10)),
            Case("A1", a, tuodong.Code, China(3, 17, 11)),
            Case("P2", TestEngine.Resident, tuodong.Code, China(3, 25, 10)),
            Case("B1", b, tuodong.Code, China(3, 25, 11)),
        ]);
        return new(engine, numbers, a, b, staffA, staffB, tuodong.Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Appraisal_ReportsBeforeAndAfterTheRotation_CountForTheInspectorWhoHeldTheGridThatDay(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        await RunAsync(engine);

        var result = await new LoopScenario(engine).AppraiseAsync(March, "/530103/");

        // 甲's area is the 拓东 grid until the 23rd: P1 (public, missed) and A1 → 1 of 2. Counting every grid they worked in during
        // March, as before ADR 73, gave both inspectors all four reports and both public ones (2 of 4).
        var inspectorA = result.Supervisors.Single(p => p.Key == "insp-a");
        var inspectorB = result.Supervisors.Single(p => p.Key == "insp-b");
        Assert.Equal((1, 2), (inspectorA.Counts[AppraisalCalculator.Count.Missed], inspectorA.Counts[AppraisalCalculator.Count.FiledInArea]));
        Assert.Equal((1, 2), (inspectorB.Counts[AppraisalCalculator.Count.Missed], inspectorB.Counts[AppraisalCalculator.Count.FiledInArea]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Visibility_AnInspectorSeesTheCasesOfTheGridTheyHeldOnTheirDayOnly(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var s = await RunAsync(engine);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();

        var seenByA = await CaseVisibility.Visible(db, s.A).Select(c => c.Number).ToListAsync();
        var seenByB = await CaseVisibility.Visible(db, s.B).Select(c => c.Number).ToListAsync();

        Assert.Equal(new[] { s.Numbers["A1"], s.Numbers["P1"] }.Order(StringComparer.Ordinal), seenByA.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { s.Numbers["B1"], s.Numbers["P2"] }.Order(StringComparer.Ordinal), seenByB.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OnDay_BeforeOnAndAfterTheRotationDay_AnswersTheHolderOfThatDay()
    {
        await using var engine = await TestEngine.StartAsync();
        var tuodong = (await GridsAsync(engine, TestEngine.Tuodong, 1))[0];
        var staffA = await InspectorAsync(engine, "甲", "insp-a", (tuodong.Id, Day(2025, 1), RotationDay));
        var staffB = await InspectorAsync(engine, "乙", null, (tuodong.Id, RotationDay, null));
        var assignments = engine.Database.Get<InspectorAssignments>();

        var before = await assignments.OnDayAsync(tuodong.Id, new DateOnly(2026, 3, 22));
        var on = await assignments.OnDayAsync(tuodong.Id, new DateOnly(2026, 3, 23));
        var earlier = await assignments.OnDayAsync(tuodong.Id, new DateOnly(2024, 12, 31));

        Assert.Equal((staffA, "insp-a"), (before!.StaffId, before.PersonKey));
        Assert.Equal((staffB, $"staff:{staffB}"), (on!.StaffId, on.PersonKey));
        Assert.Null(earlier);
    }
}
