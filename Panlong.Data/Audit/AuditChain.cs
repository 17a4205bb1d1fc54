using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Notifications;

namespace Panlong.Data.Audit;

/// <summary>
/// Links the audit rows a save adds into the hash chain (docs/decisions/0028-audit-hash-chain.md). The head row is
/// locked first — an UPDATE that changes nothing, held to the end of the transaction on PostgreSQL and SQL Server, and
/// SQLite's write lock taken by BEGIN IMMEDIATE — then read, so two appenders, on one node or two, take turns and the
/// chain never forks. The rows, the head and any alert commit together or not at all.
/// </summary>
internal static class AuditChain
{
    public const string AlertTopic = "audit.alert";

    /// <summary>Events the security administrators hear of at once (issue 15).</summary>
    private static readonly Dictionary<string, string> Alerts = new()
    {
        [AuditActions.LockedOut] = "账户已锁定",
        [AuditActions.RoleChanged] = "角色已变更",
        [AuditActions.AuditChainBroken] = "审计日志链已断开",
    };

    public static async Task<int> SaveAsync(PanlongDbContext db, Func<bool, CancellationToken, Task<int>> save, bool acceptAllChanges, CancellationToken ct)
    {
        var alerted = new HashSet<AuditEntry>(ReferenceEqualityComparer.Instance);
        if (db.Database.CurrentTransaction is not null)
        {
            await AppendAsync(db, alerted, ct);
            return await save(acceptAllChanges, ct);
        }
        // The retrying strategy (docs/decisions/0019-database-outages.md) runs the whole transaction again, links included.
        var saved = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AppendAsync(db, alerted, ct);
            var count = await save(false, ct);
            await transaction.CommitAsync(ct);
            return count;
        }, ct);
        if (acceptAllChanges)
        {
            db.ChangeTracker.AcceptAllChanges();
        }
        return saved;
    }

    private static async Task AppendAsync(PanlongDbContext db, HashSet<AuditEntry> alerted, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var head = await LockHeadAsync(db, ct);
        await FillLoginNamesAsync(db, added, ct);
        var (sequence, hash) = (head.Sequence, head.Hash);
        foreach (var entry in added)
        {
            entry.Sequence = ++sequence;
            entry.Hash = hash = AuditHash.Of(hash, entry);
        }
        await MoveHeadAsync(db, sequence, hash, ct);
        await AddAlertsAsync(db, added.Where(e => Alerts.ContainsKey(e.Action) && alerted.Add(e)).ToList(), ct);
    }

    /// <summary>Takes the head row's lock for the rest of the transaction, then reads it (after any appender before us committed).</summary>
    public static async Task<AuditChainHead> LockHeadAsync(PanlongDbContext db, CancellationToken ct)
    {
        var heads = db.AuditChainHeads.Where(h => h.Id == AuditChainHead.SingleId);
        await heads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, h => h.Sequence), ct);
        return await heads.AsNoTracking().SingleAsync(ct);
    }

    public static Task MoveHeadAsync(PanlongDbContext db, long sequence, string hash, CancellationToken ct) =>
        db.AuditChainHeads.Where(h => h.Id == AuditChainHead.SingleId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, sequence).SetProperty(h => h.Hash, hash), ct);

    /// <summary>
    /// Rows written before the chain existed (a database older than the AuditChain migration) are linked in the order
    /// they were written, once, at start-up under its lock and in one transaction. Once the chain has begun, a row
    /// outside it is a row slipped in, which verification reports instead.
    /// </summary>
    public static async Task<int> LinkEarlierRowsAsync(PanlongDbContext db, CancellationToken ct)
    {
        var started = await db.AuditChainHeads.AnyAsync(h => h.Sequence != 0 || h.ArchivedThrough != 0, ct);
        if (started || !await db.AuditEntries.AnyAsync(a => a.Sequence == null, ct))
        {
            return 0;
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var head = await LockHeadAsync(db, ct);
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence == null).OrderBy(a => a.Id).ToListAsync(ct);
            var (sequence, hash) = (head.Sequence, head.Hash);
            foreach (var entry in rows)
            {
                entry.Sequence = ++sequence;
                entry.Hash = hash = AuditHash.Of(hash, entry);
                await db.AuditEntries.Where(a => a.Id == entry.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Sequence, entry.Sequence).SetProperty(a => a.Hash, entry.Hash), ct);
            }
            await MoveHeadAsync(db, sequence, hash, ct);
            await transaction.CommitAsync(ct);
            return rows.Count;
        }, ct);
    }

    /// <summary>Every row names the account's login name: looked up by id, or the name typed at sign-in when there is no account.</summary>
    private static async Task FillLoginNamesAsync(PanlongDbContext db, List<AuditEntry> added, CancellationToken ct)
    {
        var ids = added.Where(e => e.LoginName is null && e.UserId is not null).Select(e => e.UserId!).Distinct().ToList();
        var names = ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        foreach (var entry in added.Where(e => e.LoginName is null))
        {
            entry.LoginName = entry.UserId is not null && names.TryGetValue(entry.UserId, out var login) ? login : entry.UserName;
        }
    }

    /// <summary>A message to each security administrator's bell, in the outbox of the same save.</summary>
    private static async Task AddAlertsAsync(PanlongDbContext db, List<AuditEntry> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        var role = db.Roles.Where(r => r.Name == Roles.SecurityAdmin).Select(r => r.Id);
        var admins = await db.UserRoles.Where(ur => role.Contains(ur.RoleId)).Select(ur => ur.UserId).ToListAsync(ct);
        foreach (var entry in alerts)
        {
            db.OutboxMessages.AddRange(admins.Select(admin => new OutboxMessage
            {
                Topic = AlertTopic,
                Recipient = "user:" + admin,
                Title = Cut($"安全告警：{Alerts[entry.Action]}" + (entry.Target is null ? "" : $"（{entry.Target}）"), 200),
                Body = Cut($"{entry.LoginName} · {entry.IpAddress} · {entry.Detail}".Trim(' ', '·'), 1000),
                CreatedAt = entry.At,
            }));
        }
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
