using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Sends the live notices of a save with PostgreSQL's pg_notify inside the save's own transaction (explicit or the one
/// SaveChanges opens): PostgreSQL delivers them at commit and drops them at rollback. A save that needed no transaction
/// (one statement) has committed when it returns, and its notices follow at once. What is noticed: a case saved (boards,
/// desks) and a notification added (its user's bell). docs/decisions/0045-live-updates-across-nodes.md.
/// </summary>
public sealed class LiveNoticeInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Past this many cases in one transaction (the demo generator's batches) one notice says "cases changed".</summary>
    private const int CasesNamedOneByOne = 10;

    private const string Notify = $"SELECT pg_notify('{PostgresLiveBus.Channel}', p) FROM unnest(@payloads) AS p";

    private readonly ConditionalWeakTable<DbContext, HashSet<LiveNotice>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null && Take(db) is { } payloads)
        {
            db.Database.ExecuteSqlRaw(Notify, Parameter(payloads));
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null && Take(db) is { } payloads)
        {
            await db.Database.ExecuteSqlRawAsync(Notify, [Parameter(payloads)], CancellationToken.None);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is { } db && Take(db) is { } payloads)
        {
            using var command = NotifyCommand(transaction, payloads);
            command.ExecuteNonQuery();
        }
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Take(db) is { } payloads)
        {
            await using var command = NotifyCommand(transaction, payloads);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The save's cases and bells, from the one pass over its entries that the stale-figures mark shares (ADR 47).</summary>
    private void Collect(DbContextEventData save)
    {
        if (save.Context is not { } db)
        {
            return;
        }
        var touches = SaveTouches.Of(save);
        if (touches.Cases.Count + touches.Bells.Count + touches.Orders.Count + touches.Patrols.Count + touches.Incidents.Count > 0)
        {
            var pending = _pending.GetOrCreateValue(db);
            pending.UnionWith(touches.Cases.Select(LiveNotice.Case));
            pending.UnionWith(touches.Bells.Select(LiveNotice.Bell));
            pending.UnionWith(touches.Orders.Select(LiveNotice.Order));
            pending.UnionWith(touches.Patrols.Select(LiveNotice.Patrol));
            pending.UnionWith(touches.Incidents.Select(LiveNotice.Incident));
        }
    }

    private string[]? Take(DbContext db)
    {
        if (!_pending.TryGetValue(db, out var pending) || pending.Count == 0)
        {
            return null;
        }
        _pending.Remove(db);
        var cases = pending.Count(n => n.Kind == LiveNotice.CaseKind);
        var notices = cases > CasesNamedOneByOne
            ? pending.Where(n => n.Kind != LiveNotice.CaseKind).Append(LiveNotice.Case(LiveNotice.Any))
            : pending;
        return notices.Select(n => n.Payload).ToArray();
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
        {
            _pending.Remove(db);
        }
    }

    private static Npgsql.NpgsqlParameter Parameter(string[] payloads) => new("payloads", payloads);

    private static DbCommand NotifyCommand(DbTransaction transaction, string[] payloads)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Notify;
        command.Parameters.Add(Parameter(payloads));
        return command;
    }
}
