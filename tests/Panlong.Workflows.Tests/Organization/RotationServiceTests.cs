using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;
using static Panlong.Workflows.Tests.Organization.RotationPeople;

namespace Panlong.Workflows.Tests.Organization;

/// <summary>
/// The rotation plan on the engine (issue 19 part 3, docs/decisions/0073-inspector-rotation.md): the system's proposal under the
/// rules, refused when a rule is broken, approved or returned by the district's leader, and the posts of the day after it.
/// </summary>
public class RotationServiceTests
{
    private static readonly WorkflowActor Admin = TestEngine.Actor("admin", Roles.SystemAdmin, "/530103/", "admin-1");
    private static readonly WorkflowActor Leader = TestEngine.Actor("区领导", Roles.Leader, "/530103/", "leader-1");
    private static readonly DateOnly April = new(2026, 4, 1);

    private sealed record Setup(IReadOnlyList<(int Id, string Code)> Tuodong, IReadOnlyList<(int Id, string Code)> Gulou, int T1, int T2, int G1, int G2);

    /// <summary>Two inspectors in 拓东 and two in 鼓楼; T1 and G1 came in 2023 and would pass 24 months in the next period, T2 and G2 came in 2026.</summary>
    private static async Task<Setup> InspectorsAsync(TestEngine engine)
    {
        var t = await GridsAsync(engine, TestEngine.Tuodong, 4);
        var g = await GridsAsync(engine, TestEngine.Gulou, 4);
        var t1 = await InspectorAsync(engine, "拓一", null, (t[0].Id, Day(2023, 1), null), (t[1].Id, Day(2023, 1), null));
        var t2 = await InspectorAsync(engine, "拓二", null, (t[2].Id, Day(2026, 1), null), (t[3].Id, Day(2026, 1), null));
        var g1 = await InspectorAsync(engine, "鼓一", null, (g[0].Id, Day(2023, 6), null), (g[1].Id, Day(2023, 6), null));
        var g2 = await InspectorAsync(engine, "鼓二", null, (g[2].Id, Day(2026, 1), null), (g[3].Id, Day(2026, 1), null));
        return new(t, g, t1, t2, g1, g2);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ProposeAndApprove_OnTheEngine_MovesTheOverstayersFromThePlansDayAndKeepsHistory(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var s = await InspectorsAsync(engine);
        var rotation = engine.Database.Get<RotationService>();
        var assignments = engine.Database.Get<InspectorAssignments>();

        var proposed = await rotation.ProposeAsync(Admin, April);

        Assert.True(proposed.Ok, proposed.Problem);
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var plan = await db.RotationPlans.SingleAsync();
            var task = await db.WorkTasks.SingleAsync(t => t.InstanceId == plan.InstanceId && t.Status == WorkTaskStatus.Open);
            Assert.Equal((RotationPlanStatus.Reviewing, 2), (plan.Status, plan.MoveCount));
            Assert.Equal((Roles.Leader, "/530103/"), (task.Role, task.ScopePath));
        }

        var approved = await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Approve, Leader, null);

        Assert.True(approved.Ok, approved.Problem);
        // The day before, the old posts hold; from the plan's day, the movers have swapped streets and the others stay.
        Assert.Equal(s.T1, (await assignments.OnDayAsync(s.Tuodong[0].Id, April.AddDays(-1)))!.StaffId);
        Assert.Equal(s.G1, (await assignments.OnDayAsync(s.Tuodong[0].Id, April))!.StaffId);
        Assert.Equal([s.Gulou[0].Id, s.Gulou[1].Id], await assignments.GridsOnDayAsync(s.T1, April));
        Assert.Equal([s.Tuodong[2].Id, s.Tuodong[3].Id], await assignments.GridsOnDayAsync(s.T2, April));
        await using var after = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(RotationPlanStatus.Approved, (await after.RotationPlans.SingleAsync()).Status);
        // History: the old rows are closed on the day, not rewritten; 4 stints became 6.
        Assert.Equal(4 * 2 + 2 * 2, await after.GridAssignments.CountAsync());
        Assert.Equal(4, await after.GridAssignments.CountAsync(a => a.Until == ChinaTime.StartOf(April)));
        Assert.Equal((1, 1), (await after.AuditEntries.CountAsync(a => a.Action == "Rotation.Propose"), await after.AuditEntries.CountAsync(a => a.Action == "Rotation.Approve")));
    }

    [Fact]
    public async Task Submit_APlanKeepingAnOverstayerInPlace_IsRefusedWithTheRuleNamedAndNothingStored()
    {
        await using var engine = await TestEngine.StartAsync();
        var s = await InspectorsAsync(engine);
        RotationMove[] onlyT1 = [new(s.T1, "拓一", TestEngine.Tuodong, TestEngine.Gulou, [s.Gulou[2].Id, s.Gulou[3].Id]), new(s.G2, "鼓二", TestEngine.Gulou, TestEngine.Tuodong, [s.Tuodong[0].Id, s.Tuodong[1].Id])];

        var result = await engine.Database.Get<RotationService>().SubmitAsync(Admin, April, onlyT1);

        Assert.Equal((false, "Rotation.Problem.BreaksRules"), (result.Ok, result.Problem));
        Assert.Contains(new RotationProblem(RotationPlanner.MaxStay, "鼓一"), result.Broken!);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await db.RotationPlans.AnyAsync());
        Assert.False(await db.ProcessInstances.AnyAsync(i => i.DefinitionKey == RotationContract.Key));
    }

    [Fact]
    public async Task Return_ByTheLeader_KeepsThePostsAndTheReason()
    {
        await using var engine = await TestEngine.StartAsync();
        var s = await InspectorsAsync(engine);
        var rotation = engine.Database.Get<RotationService>();
        var proposed = await rotation.ProposeAsync(Admin, April);

        var returned = await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Return, Leader, "鼓楼街道下月有专项整治，推迟一期");

        Assert.True(returned.Ok, returned.Problem);
        Assert.Equal(s.T1, (await engine.Database.Get<InspectorAssignments>().OnDayAsync(s.Tuodong[0].Id, April))!.StaffId);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var plan = await db.RotationPlans.SingleAsync();
        Assert.Equal((RotationPlanStatus.Returned, "鼓楼街道下月有专项整治，推迟一期", "区领导"), (plan.Status, plan.Reason, plan.DecidedByName));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Rotation.Return"));
    }

    [Fact]
    public async Task Return_WithoutAReason_IsRefusedByTheEngine()
    {
        await using var engine = await TestEngine.StartAsync();
        await InspectorsAsync(engine);
        var rotation = engine.Database.Get<RotationService>();
        var proposed = await rotation.ProposeAsync(Admin, April);

        var returned = await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Return, Leader, " ");

        Assert.False(returned.Ok);
    }

    [Fact]
    public async Task ProposeAndDecide_ByTheWrongPeople_AreRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        await InspectorsAsync(engine);
        var rotation = engine.Database.Get<RotationService>();
        var streetAdmin = TestEngine.Actor("admin2", Roles.SystemAdmin, $"/530103/{TestEngine.Tuodong}/", "admin-2");
        var streetLeader = TestEngine.Actor("leader2", Roles.Leader, $"/530103/{TestEngine.Tuodong}/", "leader-2");

        Assert.Equal("Rotation.Problem.NotAllowed", (await rotation.ProposeAsync(Leader, April)).Problem);
        Assert.Equal("Rotation.Problem.NotAllowed", (await rotation.ProposeAsync(streetAdmin, April)).Problem);
        var proposed = await rotation.ProposeAsync(Admin, April);
        Assert.Equal("Rotation.Problem.NotFound", (await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Approve, Admin, null)).Problem);
        Assert.Equal("Rotation.Problem.NotFound", (await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Approve, streetLeader, null)).Problem);
    }

    [Fact]
    public async Task Propose_ForTodayOrWhileAPlanIsUnderReview_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        await InspectorsAsync(engine);
        var rotation = engine.Database.Get<RotationService>();
        var today = ChinaTime.DateOf(engine.Clock.GetUtcNow());

        Assert.Equal("Rotation.Problem.EffectiveDate", (await rotation.ProposeAsync(Admin, today)).Problem);
        Assert.True((await rotation.ProposeAsync(Admin, April)).Ok);
        Assert.Equal("Rotation.Problem.PlanUnderReview", (await rotation.ProposeAsync(Admin, April.AddMonths(1))).Problem);
    }

    [Fact]
    public async Task SaveRules_BadMonths_AreRefusedAndGoodOnesVersionedAndAudited()
    {
        await using var engine = await TestEngine.StartAsync();
        var settings = engine.Database.Get<RotationSettings>();

        Assert.Equal(["Rotation.Config.Error.Period"], await settings.SaveAsync(new RotationConfig(6, 12, 12), "admin-1", "admin"));
        Assert.Empty(await settings.SaveAsync(new RotationConfig(36, 12, 6), "admin-1", "admin"));
        Assert.Empty(await settings.SaveAsync(new RotationConfig(30, 12, 6), "admin-1", "admin"));

        var (config, id) = await settings.CurrentAsync();
        Assert.Equal(new RotationConfig(30, 12, 6), config);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal((2, 2), (await db.RotationRules.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action == RotationSettings.AuditAction)));
        Assert.Equal(await db.RotationRules.MaxAsync(r => r.Id), id);
    }
}
