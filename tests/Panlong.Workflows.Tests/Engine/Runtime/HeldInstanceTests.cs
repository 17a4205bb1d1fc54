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
}
