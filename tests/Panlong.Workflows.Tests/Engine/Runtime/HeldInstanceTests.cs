using Microsoft.EntityFrameworkCore;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Engine.Runtime;

/// <summary>
/// A fire on an instance its caller holds (docs/decisions/0058-what-a-step-reads.md): what is held is never trusted past the
/// save's version checks, so a hold that someone else has overtaken refuses the fire and saves nothing of it.
/// </summary>
public class HeldInstanceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, object?> ToCivilAffairs = new() { ["department"] = TestEngine.CivilAffairs };
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await _engine.PublishAsync(TestDefinitions.Simple);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    /// <summary>A started instance and its open tasks, as the caller's own save left them (rows no context tracks).</summary>
    private async Task<HeldInstance> StartHeldAsync()
    {
        var instance = await _engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", Guid.NewGuid().ToString("N")[..8], "530103001001"), TestEngine.Resident);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.Status == WorkTaskStatus.Open).ToListAsync();
        return new HeldInstance(instance, new HashSet<string> { instance.State }, tasks);
    }

    /// <summary>A state with a deadline (and an escalation) entered by a fire, so the timers a fire sets can be seen.</summary>
    private const string Timed = """
    {
      "key": "t-timed", "name": "测试限时",
      "states": [
        { "id": "Open", "name": "受理", "kind": "start", "assign": { "role": "WindowClerk", "level": "street" } },
        { "id": "Timed", "name": "限时办理", "kind": "task", "assign": { "role": "WindowClerk", "level": "street" },
          "limit": { "workingHours": 4 }, "escalations": [ { "at": 1.5, "trigger": "Escalate" } ] },
        { "id": "Done", "name": "办结", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Take", "name": "受理", "from": "Open", "to": "Timed", "roles": ["WindowClerk"] },
        { "trigger": "Escalate", "name": "超时升级", "from": "Timed", "to": "Done", "roles": ["System"] },
        { "trigger": "Finish", "name": "办结", "from": "Timed", "to": "Done", "roles": ["WindowClerk"] }
      ]
    }
    """;

    private async Task<List<TimerKind>> TimersAsync(Guid id, string state)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return [.. (await db.ProcessTimers.Where(t => t.InstanceId == id && t.State == state).Select(t => t.Kind).ToListAsync()).Order()];
    }

    private async Task<HeldInstance> StartTimedAsync()
    {
        await _engine.PublishAsync(Timed);
        var instance = await _engine.Runner.StartAsync("t-timed", new WorkflowSubject("test", Guid.NewGuid().ToString("N")[..8], "530103001001"), TestEngine.Resident);
        return new HeldInstance(instance, new HashSet<string> { instance.State });
    }

    private async Task<(string State, int Transitions)> StoredAsync(Guid id)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var state = await db.ProcessInstances.Where(i => i.Id == id).Select(i => i.State).SingleAsync();
        return (state, await db.ProcessSteps.CountAsync(s => s.InstanceId == id && s.Kind == StepKind.Transition));
    }

    [Fact]
    public async Task FireHeld_AsLastSaved_MovesLikeAFireThatReads()
    {
        var held = await StartHeldAsync();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs));

        Assert.True(result.Ok);
        Assert.Equal(("Checking", 1), await StoredAsync(held.Row.Id));
        Assert.Equal(result.Version, held.Row.Version);
    }

    [Fact]
    public async Task FireHeld_InstanceMovedBySomeoneElse_IsRefusedAndSavesNothing()
    {
        var held = await StartHeldAsync();
        var clerk = TestEngine.ClerkOf(TestEngine.Tuodong);
        var other = await _engine.Runner.FireAsync(held.Row.Id, held.Row.Version, "Handle", clerk, new FireInput(Data: ToCivilAffairs));
        Assert.True(other.Ok);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Handle", clerk, new FireInput(Data: ToCivilAffairs));

        Assert.Equal(Refusal.ChangedBySomeoneElse, result.Refusal);
        Assert.Equal(("Checking", 1), await StoredAsync(held.Row.Id));
    }

    [Fact]
    public async Task FireHeld_TaskChangedMeanwhile_IsRefusedAndSavesNothing()
    {
        var held = await StartHeldAsync();
        // As the timer sweep's warning does: the task is written, the instance is not.
        await using (var sweep = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var task = await sweep.WorkTasks.SingleAsync(t => t.InstanceId == held.Row.Id);
            task.WarnedAt = TestEngine.MondayNine;
            await sweep.SaveChangesAsync();
        }
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs));

        Assert.Equal(Refusal.ChangedBySomeoneElse, result.Refusal);
        Assert.Equal(("Open", 0), await StoredAsync(held.Row.Id));
    }

    /// <summary>A start state with a deadline (and an escalation), as the case loop's 受理, so the timers a start sets can be seen.</summary>
    private const string TimedStart = """
    {
      "key": "t-timed-start", "name": "测试限时受理",
      "states": [
        { "id": "Open", "name": "受理", "kind": "start", "assign": { "role": "WindowClerk", "level": "street" },
          "limit": { "workingHours": 4 }, "escalations": [ { "at": 1.5, "trigger": "Escalate" } ] },
        { "id": "Done", "name": "办结", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Escalate", "name": "超时升级", "from": "Open", "to": "Done", "roles": ["System"] },
        { "trigger": "Finish", "name": "办结", "from": "Open", "to": "Done", "roles": ["WindowClerk"] }
      ]
    }
    """;

    private async Task<Guid> StartTimedStartAsync(Func<string, DateTimeOffset?, DateTimeOffset?>? leavesAt)
    {
        await _engine.PublishAsync(TimedStart);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var subject = new WorkflowSubject("test", Guid.NewGuid().ToString("N")[..8], "530103001001");
        return (await _engine.Runner.StartAsync(db, "t-timed-start", subject, TestEngine.Resident, null, null, leavesAt, default)).Id;
    }

    [Fact]
    public async Task StartHeld_LeavingBeforeTheDeadline_WritesOnlyTheTimersDueByThen()
    {
        (string State, DateTimeOffset? Deadline)? asked = null;

        var id = await StartTimedStartAsync((state, deadline) =>
        {
            asked = (state, deadline);
            return deadline!.Value.AddTicks(-1);
        });

        Assert.Equal("Open", asked?.State);
        Assert.NotNull(asked?.Deadline);
        // As for a fire (ADR 67), now for the report's start too (ADR 71): the yellow light only.
        Assert.Equal([TimerKind.Warning], await TimersAsync(id, "Open"));
    }

    [Fact]
    public async Task Start_HeldByNobody_WritesEveryTimer()
    {
        var id = await StartTimedStartAsync(leavesAt: null);

        Assert.Equal([TimerKind.Warning, TimerKind.Overdue, TimerKind.Escalation], await TimersAsync(id, "Open"));
    }

    [Fact]
    public async Task FireHeld_LeavingBeforeTheDeadline_WritesOnlyTheTimersDueByThen()
    {
        var start = await StartTimedAsync();
        (string State, DateTimeOffset? Deadline)? asked = null;
        var held = start with
        {
            LeavesAt = (state, deadline) =>
            {
                asked = (state, deadline);
                return deadline!.Value.AddTicks(-1);
            },
        };
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Take", TestEngine.ClerkOf(TestEngine.Tuodong));

        Assert.True(result.Ok);
        Assert.Equal("Timed", asked?.State);
        Assert.NotNull(asked?.Deadline);
        // The yellow light falls due before the holder leaves; the overdue mark and the escalation after it, so they are not written.
        Assert.Equal([TimerKind.Warning], await TimersAsync(held.Row.Id, "Timed"));
    }

    [Fact]
    public async Task FireHeld_LeavingAtAnUnknownTime_WritesEveryTimer()
    {
        var held = await StartTimedAsync() with { LeavesAt = (_, _) => null };
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Take", TestEngine.ClerkOf(TestEngine.Tuodong));

        Assert.True(result.Ok);
        Assert.Equal([TimerKind.Warning, TimerKind.Overdue, TimerKind.Escalation], await TimersAsync(held.Row.Id, "Timed"));
    }

    [Fact]
    public async Task FireHeld_NoStandingTimers_SendsNoDeleteForThem()
    {
        // t-simple's start sets three timers on Open; a holder that says none stands is taken at its word (the demo generator
        // says so only when its sweep has fired them all), so the fire leaves them where a fire that reads would delete them.
        var held = await StartHeldAsync() with { NoStandingTimers = true };
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();

        var result = await _engine.Runner.FireAsync(db, held, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong), new FireInput(Data: ToCivilAffairs));

        Assert.True(result.Ok);
        Assert.Equal(3, (await TimersAsync(held.Row.Id, "Open")).Count);
    }
}
