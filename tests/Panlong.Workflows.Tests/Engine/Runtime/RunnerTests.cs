using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Workflows.Tests.Engine.Runtime;

public class RunnerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, object?> ToCivilAffairs = new() { ["department"] = TestEngine.CivilAffairs };
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await _engine.PublishAsync(TestDefinitions.Simple);
        await _engine.PublishAsync(TestDefinitions.Parallel("all"));
        await _engine.PublishAsync(TestDefinitions.Parallel("any"));
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private Task<ProcessInstance> StartSimpleAsync(string community = "530103001001") =>
        _engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", Guid.NewGuid().ToString("N")[..8], community), TestEngine.Resident);

    private async Task<List<WorkTask>> TasksAsync(Guid instanceId)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.WorkTasks.Where(t => t.InstanceId == instanceId).OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<ProcessInstance> ReloadAsync(Guid id)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.ProcessInstances.SingleAsync(i => i.Id == id);
    }

    [Fact]
    public async Task Start_OpensTheFirstTask_ForTheRoleAtTheRightLevel_WithItsDeadline()
    {
        var instance = await StartSimpleAsync();

        var task = Assert.Single(await TasksAsync(instance.Id));
        Assert.Equal((Roles.WindowClerk, "/530103/530103001/", WorkTaskStatus.Open), (task.Role, task.ScopePath, task.Status));
        // 4 working hours from Monday 09:00 → 13:00 is lunch, so 15:00.
        Assert.Equal(TestEngine.MondayNine.AddHours(6), task.DueAt);
        Assert.Equal("/530103/530103001/530103001001/", instance.ScopePath);
    }

    [Fact]
    public async Task Fire_MovesRecordsHistoryRunsEffects_AndHandsTheTaskToTheChosenDepartment()
    {
        var instance = await StartSimpleAsync();
        _engine.Clock.Advance(TimeSpan.FromMinutes(90));

        var result = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong, "郑窗口"),
            new FireInput("已办理", ["photo-1.jpg"], ToCivilAffairs));

        Assert.True(result.Ok);
        Assert.Equal("Checking", result.State);
        var tasks = await TasksAsync(instance.Id);
        Assert.Equal((WorkTaskStatus.Completed, "Handle", "郑窗口"), (tasks[0].Status, tasks[0].Outcome, tasks[0].CompletedByName));
        Assert.Equal((Roles.Approver, "/530103/530103-BM06/"), (tasks[1].Role, tasks[1].ScopePath));
        var stored = await ReloadAsync(instance.Id);
        var vars = JsonNode.Parse(stored.Variables)!;
        Assert.Equal(1, vars["stamps"]!.GetValue<int>());
        Assert.Equal(TestEngine.CivilAffairs, vars["department"]!.GetValue<string>());
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var step = await db.ProcessSteps.SingleAsync(s => s.InstanceId == instance.Id && s.Kind == StepKind.Transition);
        Assert.Equal(("Open", "Checking", "Handle", "已办理", 90L), (step.FromState, step.ToState, step.Trigger, step.Comment, step.WorkingMinutes));
        Assert.Contains("photo-1.jpg", step.Attachments, StringComparison.Ordinal);
        Assert.Equal(0, await db.ProcessTimers.CountAsync(t => t.InstanceId == instance.Id));
    }

    [Fact]
    public async Task Refusals_SayWhy_AndChangeNothing()
    {
        var instance = await StartSimpleAsync();
        var clerk = TestEngine.ClerkOf(TestEngine.Tuodong);

        var wrongRole = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ApproverOf(TestEngine.CivilAffairs), new FireInput(Data: ToCivilAffairs));
        var otherStreet = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Gulou), new FireInput(Data: ToCivilAffairs));
        var wrongState = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Pass", TestEngine.ApproverOf(TestEngine.CivilAffairs), new FireInput("好"));
        // A trigger none of the actor's roles may ever fire is a question of role, whatever the state (issue 23: 403, not 409).
        var neverTheirs = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Pass", clerk);
        _engine.Guard.Open = false;
        var guarded = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", clerk, new FireInput(Data: ToCivilAffairs));
        _engine.Guard.Open = true;
        var stale = await _engine.Runner.FireAsync(instance.Id, Guid.NewGuid(), "Handle", clerk, new FireInput(Data: ToCivilAffairs));
        var missing = await _engine.Runner.FireAsync(Guid.NewGuid(), instance.Version, "Handle", clerk);

        Assert.Equal(Refusal.NotAllowedForRole, wrongRole.Refusal);
        Assert.Equal(Refusal.NotInScope, otherStreet.Refusal);
        Assert.Equal(Refusal.NotPermittedInState, wrongState.Refusal);
        Assert.Equal(Refusal.NotAllowedForRole, neverTheirs.Refusal);
        Assert.Equal((Refusal.ConditionNotMet, "开关已关闭"), (guarded.Refusal, guarded.Detail));
        Assert.Equal(Refusal.ChangedBySomeoneElse, stale.Refusal);
        Assert.Equal(Refusal.NotFound, missing.Refusal);
        var stored = await ReloadAsync(instance.Id);
        Assert.Equal(("Open", instance.Version), (stored.State, stored.Version));
        Assert.Single(await TasksAsync(instance.Id));
    }

    [Fact]
    public async Task Fire_InTheCallersContext_WhenAnotherCommitWinsTheRace_SavesNothingOfTheCallers()
    {
        var instance = await StartSimpleAsync();
        var subject = instance.SubjectId;
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        // The version check passes, then someone else commits before this fire's SaveChanges.
        var result = await _engine.Runner.FireAsync(db, instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs),
            (tx, _) =>
            {
                tx.AuditEntries.Add(new Data.Audit.AuditEntry { At = TestEngine.MondayNine, Action = "Test.Handle", Target = subject });
                using var other = _engine.Database.Factory.CreateDbContext();
                other.ProcessInstances.Where(i => i.Id == instance.Id).ExecuteUpdate(u => u.SetProperty(i => i.Version, Guid.NewGuid()));
            });

        Assert.Equal(Refusal.ChangedBySomeoneElse, result.Refusal);
        await using var check = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await check.AuditEntries.AnyAsync(a => a.Action == "Test.Handle" && a.Target == subject));
        Assert.Equal("Open", (await ReloadAsync(instance.Id)).State);
    }

    [Fact]
    public async Task Fire_WhenAnotherCommitWinsTheRace_LeavesTheStatesTimersStanding()
    {
        var instance = await StartSimpleAsync();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        int Standing(Data.PanlongDbContext read) => read.ProcessTimers.Count(t => t.InstanceId == instance.Id && t.FiredAt == null);
        var before = Standing(db);

        // The timers are deleted in one statement at the save (ADR 42): a save refused by the version check must undo it.
        var result = await _engine.Runner.FireAsync(db, instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs),
            (_, _) =>
            {
                using var other = _engine.Database.Factory.CreateDbContext();
                other.ProcessInstances.Where(i => i.Id == instance.Id).ExecuteUpdate(u => u.SetProperty(i => i.Version, Guid.NewGuid()));
            });

        Assert.Equal(Refusal.ChangedBySomeoneElse, result.Refusal);
        await using var check = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(3, before);
        Assert.Equal(before, Standing(check));
    }

    [Fact]
    public async Task ARequiredComment_IsEnforced()
    {
        var instance = await StartSimpleAsync();
        var handled = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs));
        var approver = TestEngine.ApproverOf(TestEngine.CivilAffairs);

        var silent = await _engine.Runner.FireAsync(instance.Id, handled.Version!.Value, "Pass", approver);
        var done = await _engine.Runner.FireAsync(instance.Id, handled.Version!.Value, "Pass", approver, new FireInput("符合要求"));

        Assert.Equal(Refusal.CommentRequired, silent.Refusal);
        Assert.Equal("Done", done.State);
        var stored = await ReloadAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, stored.Status);
        Assert.All(await TasksAsync(instance.Id), t => Assert.NotEqual(WorkTaskStatus.Open, t.Status));
        Assert.Empty(await _engine.Runner.PermittedTriggersAsync(instance.Id, approver));
    }

    [Fact]
    public async Task PermittedTriggers_AreTheButtonsThisActorMayPress()
    {
        var instance = await StartSimpleAsync();

        var clerk = await _engine.Runner.PermittedTriggersAsync(instance.Id, TestEngine.ClerkOf(TestEngine.Tuodong));
        var otherClerk = await _engine.Runner.PermittedTriggersAsync(instance.Id, TestEngine.ClerkOf(TestEngine.Gulou));
        var shiftLead = await _engine.Runner.PermittedTriggersAsync(instance.Id, TestEngine.Actor("lead", Roles.ShiftLead, "/530103/"));

        Assert.Equal(["Handle"], clerk.Select(t => t.Trigger));
        Assert.Empty(otherClerk);
        Assert.Equal(["Escalate"], shiftLead.Select(t => t.Trigger));
    }

    [Fact]
    public async Task TwoActorsFiringAtOnce_ExactlyOneSucceeds_TheOtherIsToldToReload()
    {
        var instance = await StartSimpleAsync();
        var lead = TestEngine.Actor("lead", Roles.ShiftLead, "/530103/");

        var results = await Task.WhenAll(
            _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs)),
            _engine.Runner.FireAsync(instance.Id, instance.Version, "Escalate", lead));

        Assert.Single(results, r => r.Ok);
        Assert.Single(results, r => r.Refusal == Refusal.ChangedBySomeoneElse);
        Assert.Equal(1, (await TasksAsync(instance.Id)).Count(t => t.Status == WorkTaskStatus.Open));
    }

    [Fact]
    public async Task Countersign_WaitsForEveryDepartment_ThenMoves()
    {
        var instance = await _engine.Runner.StartAsync("t-parallel-all", new WorkflowSubject("test", "cs", TestEngine.Tuodong), TestEngine.Resident,
            new Dictionary<string, object?> { ["departments"] = new[] { TestEngine.CivilAffairs, TestEngine.Housing } });
        var civil = TestEngine.ApproverOf(TestEngine.CivilAffairs, "民政");
        var housing = TestEngine.ApproverOf(TestEngine.Housing, "住建");

        var first = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Approve", civil);
        var again = await _engine.Runner.FireAsync(instance.Id, first.Version!.Value, "Approve", civil);
        var second = await _engine.Runner.FireAsync(instance.Id, first.Version!.Value, "Approve", housing);

        Assert.Equal(2, (await TasksAsync(instance.Id)).Count);
        Assert.Equal(("Sign", false), (first.State, first.Moved));
        Assert.Equal(Refusal.AlreadyActed, again.Refusal);
        Assert.Equal(("Yes", true), (second.State, second.Moved));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.ProcessSteps.CountAsync(s => s.InstanceId == instance.Id && s.Kind == StepKind.Vote));
    }

    [Fact]
    public async Task Countersign_OneRefusal_EndsIt_AndCancelsTheOtherTasks()
    {
        var instance = await _engine.Runner.StartAsync("t-parallel-all", new WorkflowSubject("test", "cs2", TestEngine.Tuodong), TestEngine.Resident,
            new Dictionary<string, object?> { ["departments"] = new[] { TestEngine.CivilAffairs, TestEngine.Housing } });

        var denied = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Deny", TestEngine.ApproverOf(TestEngine.Housing));

        Assert.Equal("No", denied.State);
        var tasks = await TasksAsync(instance.Id);
        Assert.Equal([WorkTaskStatus.Cancelled, WorkTaskStatus.Completed], tasks.OrderBy(t => t.ScopePath.Contains("BM04", StringComparison.Ordinal)).Select(t => t.Status));
    }

    [Fact]
    public async Task AnySign_TheFirstVoteDecides()
    {
        var instance = await _engine.Runner.StartAsync("t-parallel-any", new WorkflowSubject("test", "any", TestEngine.Tuodong), TestEngine.Resident,
            new Dictionary<string, object?> { ["departments"] = new[] { TestEngine.CivilAffairs, TestEngine.Housing } });

        var first = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Approve", TestEngine.ApproverOf(TestEngine.Housing));

        Assert.Equal(("Yes", true), (first.State, first.Moved));
        Assert.Single(await TasksAsync(instance.Id), t => t.Status == WorkTaskStatus.Cancelled);
    }

    [Fact]
    public async Task Supplement_StopsTheClock_AndTheDeadlineMovesByTheTimeItStoodStill()
    {
        var applicant = TestEngine.Actor("申请人", Roles.Resident, null, "applicant-7");
        var instance = await _engine.Runner.StartAsync("approval-single", new WorkflowSubject("application-test", "A-1", TestEngine.Tuodong), applicant,
            new Dictionary<string, object?> { ["promisedDays"] = 5, ["reviewDays"] = 3, ["department"] = TestEngine.CivilAffairs, ["applicantId"] = "applicant-7" });
        var clerk = TestEngine.ClerkOf(TestEngine.Tuodong);
        // Monday 09:00 + 5 working days → Monday 23 March 17:30.
        Assert.Equal(new DateTimeOffset(2026, 3, 23, 17, 30, 0, ChinaTime.Offset), instance.DueAt);

        var asked = await _engine.Runner.FireAsync(instance.Id, instance.Version, ApprovalContract.RequestSupplement, clerk, new FireInput("缺少户口簿复印件"));
        _engine.Clock.Advance(TimeSpan.FromDays(2)); // Wednesday 09:00: two working days stood still
        var otherPerson = await _engine.Runner.FireAsync(instance.Id, asked.Version!.Value, ApprovalContract.Resubmit, TestEngine.Actor("someone", Roles.Resident, null, "someone-else"));
        var back = await _engine.Runner.FireAsync(instance.Id, asked.Version!.Value, ApprovalContract.Resubmit, applicant);

        Assert.Equal(Refusal.NotInScope, otherPerson.Refusal);
        Assert.Equal(ApprovalContract.Submitted, back.State);
        var stored = await ReloadAsync(instance.Id);
        Assert.Null(stored.PausedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 25, 17, 30, 0, ChinaTime.Offset), stored.DueAt);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal([StepKind.Started, StepKind.Transition, StepKind.Paused, StepKind.Resumed, StepKind.Transition],
            await db.ProcessSteps.Where(s => s.InstanceId == instance.Id).OrderBy(s => s.Id).Select(s => s.Kind).ToListAsync());
    }

    [Fact]
    public async Task AClaimedTask_IsOnlyForWhoeverClaimedIt_UntilReleased()
    {
        var instance = await StartSimpleAsync();
        var alice = TestEngine.ClerkOf(TestEngine.Tuodong, "alice");
        var bob = TestEngine.ClerkOf(TestEngine.Tuodong, "bob");
        var task = Assert.Single((await _engine.Tasks.InboxAsync(alice)).Items, t => t.InstanceId == instance.Id);

        var claimed = await _engine.Tasks.ClaimAsync(task.TaskId, task.Version, alice);
        var stolen = await _engine.Tasks.ClaimAsync(task.TaskId, task.Version, bob);
        var bobFires = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", bob, new FireInput(Data: ToCivilAffairs));
        var afterClaim = (await _engine.Tasks.InboxAsync(bob)).Items.Single(t => t.InstanceId == instance.Id);
        var released = await _engine.Tasks.ReleaseAsync(task.TaskId, afterClaim.Version, alice);
        var bobAgain = await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", bob, new FireInput(Data: ToCivilAffairs));

        Assert.Equal(Panlong.Workflows.Engine.Tasks.ClaimOutcome.Claimed, claimed);
        Assert.Equal(Panlong.Workflows.Engine.Tasks.ClaimOutcome.ClaimedBySomeoneElse, stolen);
        Assert.Equal("alice", afterClaim.ClaimedByName);
        Assert.Equal(Refusal.ClaimedBySomeoneElse, bobFires.Refusal);
        Assert.Equal(Panlong.Workflows.Engine.Tasks.ClaimOutcome.Released, released);
        Assert.True(bobAgain.Ok);
    }

    [Fact]
    public async Task Inbox_ShowsTheTaskToTheRightUnit_WithATrafficLight()
    {
        var instance = await StartSimpleAsync();
        _engine.Clock.Advance(TimeSpan.FromHours(5)); // 14:00: 3 of 4 working hours used → 75%, green… then 15:00 → red

        var tuodong = await _engine.Tasks.InboxAsync(TestEngine.ClerkOf(TestEngine.Tuodong));
        var gulou = await _engine.Tasks.InboxAsync(TestEngine.ClerkOf(TestEngine.Gulou));
        var district = await _engine.Tasks.InboxAsync(TestEngine.Actor("d", Roles.WindowClerk, "/530103/"));
        var districtAll = await _engine.Tasks.InboxAsync(TestEngine.Actor("d", Roles.WindowClerk, "/530103/"), includeSubordinate: true);

        Assert.Equal(Panlong.Workflows.Engine.Calendar.TrafficLight.Green, tuodong.Items.Single(t => t.InstanceId == instance.Id).Light);
        Assert.DoesNotContain(gulou.Items, t => t.InstanceId == instance.Id);
        Assert.DoesNotContain(district.Items, t => t.InstanceId == instance.Id);
        Assert.Contains(districtAll.Items, t => t.InstanceId == instance.Id);
        _engine.Clock.Advance(TimeSpan.FromMinutes(15)); // 14:15: 3.25 h of 4 → 81%
        Assert.Equal(Panlong.Workflows.Engine.Calendar.TrafficLight.Yellow, (await _engine.Tasks.InboxAsync(TestEngine.ClerkOf(TestEngine.Tuodong))).Items.Single(t => t.InstanceId == instance.Id).Light);
        _engine.Clock.Advance(TimeSpan.FromHours(1)); // 15:15: over the limit
        Assert.Equal(Panlong.Workflows.Engine.Calendar.TrafficLight.Red, (await _engine.Tasks.InboxAsync(TestEngine.ClerkOf(TestEngine.Tuodong))).Items.Single(t => t.InstanceId == instance.Id).Light);
    }
}

public class PersistenceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AnInstance_ItsTasksHistoryAndTimers_SurviveARoundTrip(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        await engine.PublishAsync(TestDefinitions.Simple);
        var instance = await engine.Runner.StartAsync("t-simple", new WorkflowSubject("case", "C-1", "530103001001"), TestEngine.Resident,
            new Dictionary<string, object?> { ["note"] = "井盖缺失" });

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var stored = await db.ProcessInstances.Include(i => i.Definition).SingleAsync(i => i.Id == instance.Id);
        var timers = await db.ProcessTimers.Where(t => t.InstanceId == instance.Id).OrderBy(t => t.DueAt).ToListAsync();

        Assert.Equal(("t-simple", 1, "Open", InstanceStatus.Running), (stored.DefinitionKey, stored.Definition!.Version, stored.State, stored.Status));
        Assert.Equal("井盖缺失", JsonNode.Parse(stored.Variables)!["note"]!.GetValue<string>());
        Assert.Equal(instance.StartedAt, stored.StartedAt);
        Assert.Equal([TimerKind.Warning, TimerKind.Overdue, TimerKind.Escalation], timers.Select(t => t.Kind));
        Assert.Equal("Escalate", timers[2].Trigger);
        Assert.Single(await db.WorkTasks.Where(t => t.InstanceId == instance.Id).ToListAsync());
        Assert.Single(await db.ProcessSteps.Where(s => s.InstanceId == instance.Id).ToListAsync());
    }
}
