using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Panlong.Data;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// The reads every fire makes, compiled once: a LINQ query is otherwise taken apart, hashed and looked up in EF Core's
/// query cache at each call, which on SQLite costs about as much as the statement itself
/// (docs/decisions/0058-what-a-step-reads.md). The SQL and the rows are the same as the LINQ they replace.
/// </summary>
internal static class EngineQueries
{
    private static readonly CompiledPerModel<Func<PanlongDbContext, Guid, CancellationToken, Task<ProcessInstance?>>> InstanceQuery = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, Guid id, CancellationToken ct) => db.ProcessInstances.SingleOrDefault(i => i.Id == id)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, Guid, IAsyncEnumerable<WorkTask>>> OpenTasksQuery = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, Guid id) => db.WorkTasks.Where(t => t.InstanceId == id && t.Status == WorkTaskStatus.Open)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, string, CancellationToken, Task<Holder?>>> UnitQuery = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, string code, CancellationToken ct) =>
            db.OrgUnits.Where(u => u.Code == code).Select(u => new Holder(u.Id, u.ScopePath)).SingleOrDefault()));

    public static Task<ProcessInstance?> InstanceAsync(PanlongDbContext db, Guid id, CancellationToken ct) => InstanceQuery.For(db)(db, id, ct);

    /// <summary>Units already read in a transaction, by code; the entry goes with the transaction object.</summary>
    private static readonly ConditionalWeakTable<IDbContextTransaction, Dictionary<string, Holder>> UnitsInTransaction = [];

    public static async Task<List<WorkTask>> OpenTasksAsync(PanlongDbContext db, Guid instanceId, CancellationToken ct)
    {
        var tasks = new List<WorkTask>();
        await foreach (var task in OpenTasksQuery.For(db)(db, instanceId).WithCancellation(ct))
        {
            tasks.Add(task);
        }
        return tasks;
    }

    /// <summary>
    /// A unit's id and path by code. Inside a transaction each code is read once: a transaction sees the units as they were
    /// when it first read them anyway on SQLite (one writer at a time; the transaction holds the write lock from its first
    /// write), and on PostgreSQL a unit moved by another node meanwhile is seen as at the transaction's first read of it —
    /// the same as if the steps had run a moment earlier. Without a transaction (one fire of the portal) it is read each time.
    /// Nothing is kept beyond the transaction, so no node keeps a stale unit (docs/decisions/0058-what-a-step-reads.md).
    /// </summary>
    public static async Task<Holder?> UnitAsync(PanlongDbContext db, string code, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return await UnitQuery.For(db)(db, code, ct);
        }
        var known = UnitsInTransaction.GetValue(transaction, _ => new Dictionary<string, Holder>(StringComparer.Ordinal));
        if (known.TryGetValue(code, out var unit))
        {
            return unit;
        }
        unit = await UnitQuery.For(db)(db, code, ct);
        if (unit is not null)
        {
            known[code] = unit;
        }
        return unit;
    }
}

/// <summary>A unit that holds work: its id and path, not the whole row (a grid's row carries its boundary).</summary>
internal sealed record Holder(int Id, string ScopePath);

/// <summary>
/// An instance its caller holds as its own last save left it — the row, the states it has entered and, when the caller
/// knows nobody touched them since, its open tasks — so a fire need not read them back (the demo generator, the only writer
/// of its instances while it runs). A wrong hold fails loudly, never silently: the instance's and each task's version are
/// checked by the save, so a row someone else changed meanwhile refuses the fire, as a fire on an out-of-date page is
/// refused; and only the completion of a state writes what entering it again supersedes (docs/decisions/0058-what-a-step-reads.md).
/// </summary>
public sealed record HeldInstance(ProcessInstance Row, IReadOnlySet<string> StatesEntered, IReadOnlyList<WorkTask>? OpenTasks = null)
{
    /// <summary>
    /// The caller knows that no timer of the instance is standing — every one its last fire wrote has fired since — so the fire
    /// sends no DELETE for them (docs/decisions/0067-fewer-writes-per-step.md).
    /// </summary>
    public bool NoStandingTimers { get; init; }

    /// <summary>
    /// Asked once when the fire enters a state that is not an end, with that state and its deadline: the moment the caller
    /// itself will fire the transition that leaves it, or null when it does not know. The state's timers due after that moment
    /// are not written — that fire would delete them unfired; the ones due by then are written and fire as ever.
    /// </summary>
    public Func<string, DateTimeOffset?, DateTimeOffset?>? LeavesAt { get; init; }
}
