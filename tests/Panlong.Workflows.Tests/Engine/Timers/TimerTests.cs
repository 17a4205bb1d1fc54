using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Engine.Timers;

public class TimerTests : IAsyncLifetime
{
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await _engine.PublishAsync(TestDefinitions.Simple);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private Task<ProcessInstance> StartAsync(string id) =>
        _engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", id, "530103001001"), TestEngine.Resident);

    private async Task<List<ProcessStep>> StepsAsync(Guid id)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.ProcessSteps.Where(s => s.InstanceId == id).OrderBy(s => s.Id).ToListAsync();
    }

    [Fact]
    public async Task Warning_At80Percent_Overdue_AtTheDeadline_Escalation_AsDefined()
    {
        var instance = await StartAsync("t1");
        var runner = _engine.NewTimerRunner();

        // Limit 4 working hours from Monday 09:00 → due 15:00; 80% = 3.2 h → 14:12; escalation at 150% = 6 h → 17:00.
        _engine.Clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(11));
        Assert.Equal(0, await runner.RunDueAsync());
        _engine.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await runner.RunDueAsync());
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            Assert.NotNull((await db.WorkTasks.SingleAsync(t => t.InstanceId == instance.Id)).WarnedAt);
        }
        _engine.Clock.Advance(TimeSpan.FromMinutes(48));
        Assert.Equal(1, await runner.RunDueAsync());
        _engine.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(0, await runner.RunDueAsync());
        _engine.Clock.Advance(TimeSpan.FromMinutes(1)); // 17:00
        Assert.Equal(1, await runner.RunDueAsync());

        var steps = await StepsAsync(instance.Id);
        Assert.Equal([StepKind.Started, StepKind.Warning, StepKind.Overdue, StepKind.Transition], steps.Select(s => s.Kind));
        Assert.Equal(("Escalate", "Escalated", "系统"), (steps[^1].Trigger, steps[^1].ToState, steps[^1].ActorName));
        await using var check = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal("Escalated", (await check.ProcessInstances.SingleAsync(i => i.Id == instance.Id)).State);
    }

    [Fact]
    public async Task LeavingAState_RemovesItsTimers()
    {
        var instance = await StartAsync("t2");
        await _engine.Runner.FireAsync(instance.Id, instance.Version, "Handle", TestEngine.ClerkOf(TestEngine.Tuodong),
            new FireInput(Data: new Dictionary<string, object?> { ["department"] = TestEngine.CivilAffairs }));

        _engine.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(0, await _engine.NewTimerRunner().RunDueAsync());
        Assert.DoesNotContain(await StepsAsync(instance.Id), s => s.Kind is StepKind.Warning or StepKind.Overdue);
    }

    [Fact]
    public async Task TwoNodesCompeting_FireEachTimerExactlyOnce()
    {
        var instances = new List<ProcessInstance>();
        for (var i = 0; i < 10; i++)
        {
            instances.Add(await StartAsync($"race{i}"));
        }
        _engine.Clock.Advance(TimeSpan.FromHours(6)); // 15:00: every warning and overdue timer is due
        var (a, b) = (_engine.NewTimerRunner(), _engine.NewTimerRunner());

        var fired = await Task.WhenAll(a.RunDueAsync(), b.RunDueAsync(), a.RunDueAsync(), b.RunDueAsync());

        Assert.Equal(20, fired.Sum());
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var ids = instances.Select(i => i.Id).ToList();
        Assert.Equal(20, await db.ProcessSteps.CountAsync(s => ids.Contains(s.InstanceId) && (s.Kind == StepKind.Warning || s.Kind == StepKind.Overdue)));
        Assert.Single((await db.ProcessTimers.Where(t => t.FiredBy != null).Select(t => t.FiredBy).ToListAsync()).Distinct());
    }

    [Fact]
    public async Task ARestart_LosesNoTimer_ANewNodeTakesOverAnExpiredLease()
    {
        var instance = await StartAsync("restart");
        var before = _engine.NewTimerRunner();
        Assert.Equal(0, await before.RunDueAsync()); // takes the lease, nothing due

        // The node stops; time passes; a new node starts after the lease expired.
        _engine.Clock.Advance(TimeSpan.FromHours(6));
        var after = _engine.NewTimerRunner();

        Assert.Equal(2, await after.RunDueAsync());
        Assert.Equal(0, await before.RunDueAsync());
        Assert.Equal(2, (await StepsAsync(instance.Id)).Count(s => s.Kind is StepKind.Warning or StepKind.Overdue));
    }

    [Fact]
    public async Task AWarning_ReadsNeitherTheTimerAgainNorTheInstance()
    {
        // The sweep's one read carries what a timer does; the claim is an UPDATE that finds it still standing
        // (docs/decisions/0105-the-sweep-reads-less.md).
        var instance = await StartAsync("reads");
        var runner = _engine.NewTimerRunner();
        _engine.Clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(12)); // 14:12: the warning only
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var file = db.Database.GetDbConnection().DataSource;
        var sent = new List<string>();
        using (new EfCoreEvents((name, payload) =>
        {
            // Only this test's database file: other tests' databases are other files.
            if (name == RelationalEventId.CommandExecuting.Name && payload is CommandEventData data && data.Command.Connection?.DataSource == file)
            {
                lock (sent)
                {
                    sent.Add(data.Command.CommandText.Trim());
                }
            }
        }))
        {
            Assert.Equal(1, await runner.RunDueAsync());
        }

        Assert.DoesNotContain(sent, sql => sql.Contains("FROM \"ProcessInstances\"", StringComparison.Ordinal));
        Assert.Single(sent, sql => sql.StartsWith("SELECT", StringComparison.Ordinal) && sql.Contains("FROM \"ProcessTimers\"", StringComparison.Ordinal));
        Assert.NotNull((await db.WorkTasks.SingleAsync(t => t.InstanceId == instance.Id)).WarnedAt);
        Assert.Equal(StepKind.Warning, (await StepsAsync(instance.Id))[^1].Kind);
    }
}
