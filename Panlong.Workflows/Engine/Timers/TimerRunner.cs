using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Engine.Timers;

/// <summary>
/// Fires due timers. Only the node holding the database lease runs; each timer is also claimed with its
/// concurrency token, so even two holders (a lease that expired mid-run) never fire one twice.
/// </summary>
public sealed class TimerRunner(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, TimeProvider clock, ILogger<TimerRunner> logger,
    NodeName? node = null)
{
    public const string LeaseName = "workflow-timers";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>This node's name in the lease: the host's, or one of its own for a runner made outside a host.</summary>
    public string Node { get; } = (node ?? new NodeName()).Value;

    public async Task<int> RunDueAsync(int batch = 200, CancellationToken ct = default)
    {
        if (!await TryTakeLeaseAsync(ct))
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var fired = 0;
        foreach (var id in await DueAsync(db, now, batch, ct))
        {
            await using var one = await dbFactory.CreateDbContextAsync(ct);
            if (await FireAsync(one, id, now, ct))
            {
                fired++;
            }
        }
        return fired;
    }

    /// <summary>
    /// Fires every timer due by this runner's clock in the caller's context (and its transaction), without the lease: for
    /// the one writer that owns its clock, the demo generator's simulated year, which sweeps as its clock passes each
    /// timer (docs/decisions/0022-demo-cases-through-the-loop.md).
    /// </summary>
    internal async Task<int> FireDueAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var fired = 0;
        foreach (var id in await DueAsync(db, now, int.MaxValue, ct))
        {
            if (await FireAsync(db, id, now, ct))
            {
                fired++;
            }
        }
        return fired;
    }

    private static async Task<List<long>> DueAsync(PanlongDbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var due = new List<long>();
        await foreach (var id in Due.For(db)(db, now, batch).WithCancellation(ct))
        {
            due.Add(id);
        }
        return due;
    }

    // The sweep's reads, compiled once: the demo generator sweeps thousands of times (docs/decisions/0058-what-a-step-reads.md).
    private static readonly CompiledPerModel<Func<PanlongDbContext, DateTimeOffset, int, IAsyncEnumerable<long>>> Due = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, DateTimeOffset now, int batch) =>
            db.ProcessTimers.AsNoTracking().Where(t => t.FiredAt == null && t.DueAt <= now).OrderBy(t => t.DueAt).Take(batch).Select(t => t.Id)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, long, CancellationToken, Task<ProcessTimer?>>> Standing = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, long id, CancellationToken ct) => db.ProcessTimers.SingleOrDefault(t => t.Id == id && t.FiredAt == null)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, Guid, CancellationToken, Task<ProcessInstance>>> InstanceOf = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, Guid id, CancellationToken ct) => db.ProcessInstances.AsNoTracking().Single(i => i.Id == id)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, Guid, string, IAsyncEnumerable<WorkTask>>> OpenTasksIn = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, Guid id, string state) =>
            db.WorkTasks.Where(t => t.InstanceId == id && t.State == state && t.Status == WorkTaskStatus.Open)));

    private Task<bool> TryTakeLeaseAsync(CancellationToken ct) => Leases.TryTakeAsync(dbFactory, LeaseName, Node, clock.GetUtcNow(), LeaseDuration, ct);

    /// <summary>A node stopping gives the timers up at once: the other node goes on at its next poll, not a lease later.</summary>
    public Task ReleaseLeaseAsync(CancellationToken ct = default) => Leases.ReleaseAsync(dbFactory, LeaseName, Node, clock.GetUtcNow(), ct);

    /// <summary>
    /// The claim and the escalation it fires commit together: a node stopped between them must leave the timer to the next
    /// node, not marked fired with its escalation lost. Inside a caller's transaction (the demo generator) that one serves.
    /// </summary>
    private async Task<bool> FireAsync(PanlongDbContext db, long timerId, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await FireOnceAsync(db, timerId, now, ct);
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var fired = await FireOnceAsync(db, timerId, now, ct);
            if (fired)
            {
                await transaction.CommitAsync(ct);
            }
            return fired;
        }, ct);
    }

    private async Task<bool> FireOnceAsync(PanlongDbContext db, long timerId, DateTimeOffset now, CancellationToken ct)
    {
        var timer = await Standing.For(db)(db, timerId, ct);
        if (timer is null)
        {
            return false;
        }
        timer.FiredAt = now;
        timer.FiredBy = Node;
        var instance = await InstanceOf.For(db)(db, timer.InstanceId, ct);
        if (timer.Kind is TimerKind.Warning or TimerKind.Overdue)
        {
            await foreach (var task in OpenTasksIn.For(db)(db, timer.InstanceId, timer.State).WithCancellation(ct))
            {
                if (timer.Kind == TimerKind.Warning)
                {
                    task.WarnedAt = now;
                }
                else
                {
                    task.OverdueAt = now;
                }
            }
            db.ProcessSteps.Add(WorkflowRunner.Step(instance, timer.Kind == TimerKind.Warning ? StepKind.Warning : StepKind.Overdue,
                null, timer.State, timer.State, WorkflowActor.System, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        if (timer is { Kind: TimerKind.Escalation, Trigger: { } trigger })
        {
            var result = await runner.FireAsync(db, instance.Id, instance.Version, trigger, WorkflowActor.System, new FireInput($"超时自动{trigger}"), ct: ct);
            if (!result.Ok)
            {
                logger.LogWarning("Escalation {Trigger} on {Instance} was refused: {Refusal} {Detail}", trigger, instance.Id, result.Refusal, result.Detail);
            }
        }
        return true;
    }
}
