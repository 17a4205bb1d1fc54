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
        foreach (var timer in await DueAsync(db, now, batch, ct))
        {
            await using var one = await dbFactory.CreateDbContextAsync(ct);
            if (await FireAsync(one, timer, now, ct))
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
        foreach (var timer in await DueAsync(db, now, int.MaxValue, ct))
        {
            if (await FireAsync(db, timer, now, ct))
            {
                fired++;
            }
        }
        return fired;
    }

    /// <summary>A due timer as the sweep read it: what it does never changes after it is written, only whether it still stands.</summary>
    private sealed record DueTimer(long Id, Guid InstanceId, string State, TimerKind Kind, string? Trigger);

    private static async Task<List<DueTimer>> DueAsync(PanlongDbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var due = new List<DueTimer>();
        await foreach (var timer in Due.For(db)(db, now, batch).WithCancellation(ct))
        {
            due.Add(timer);
        }
        return due;
    }

    // The sweep's reads, compiled once: the demo generator sweeps thousands of times (docs/decisions/0058-what-a-step-reads.md).
    private static readonly CompiledPerModel<Func<PanlongDbContext, DateTimeOffset, int, IAsyncEnumerable<DueTimer>>> Due = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, DateTimeOffset now, int batch) =>
            db.ProcessTimers.AsNoTracking().Where(t => t.FiredAt == null && t.DueAt <= now).OrderBy(t => t.DueAt).Take(batch)
                .Select(t => new DueTimer(t.Id, t.InstanceId, t.State, t.Kind, t.Trigger))));

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
    private async Task<bool> FireAsync(PanlongDbContext db, DueTimer timer, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await FireOnceAsync(db, timer, now, ct);
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var fired = await FireOnceAsync(db, timer, now, ct);
            if (fired)
            {
                await transaction.CommitAsync(ct);
            }
            return fired;
        }, ct);
    }

    /// <summary>
    /// The claim is one UPDATE that marks the timer fired only while it still stands: a timer another node claimed, or that a
    /// step leaving its state deleted, is not there to claim. A warning or overdue mark needs nothing of the instance but its id,
    /// which the timer carries, so neither the timer nor the instance is read first (docs/decisions/0105-the-sweep-reads-less.md).
    /// </summary>
    private async Task<bool> FireOnceAsync(PanlongDbContext db, DueTimer timer, DateTimeOffset now, CancellationToken ct)
    {
        var version = Guid.NewGuid();
        var claimed = await db.ProcessTimers.Where(t => t.Id == timer.Id && t.FiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.FiredAt, now).SetProperty(t => t.FiredBy, Node).SetProperty(t => t.Version, version), ct);
        if (claimed == 0)
        {
            return false;
        }
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
            db.ProcessSteps.Add(WorkflowRunner.Step(timer.InstanceId, timer.Kind == TimerKind.Warning ? StepKind.Warning : StepKind.Overdue,
                null, timer.State, timer.State, WorkflowActor.System, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return false;
            }
        }
        if (timer is { Kind: TimerKind.Escalation, Trigger: { } trigger })
        {
            var instance = await InstanceOf.For(db)(db, timer.InstanceId, ct);
            var result = await runner.FireAsync(db, instance.Id, instance.Version, trigger, WorkflowActor.System, new FireInput($"超时自动{trigger}"), ct: ct);
            if (!result.Ok)
            {
                logger.LogWarning("Escalation {Trigger} on {Instance} was refused: {Refusal} {Detail}", trigger, instance.Id, result.Refusal, result.Detail);
            }
        }
        return true;
    }
}
