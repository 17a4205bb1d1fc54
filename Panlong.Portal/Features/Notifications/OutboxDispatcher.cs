using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Notifications;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Delivers outbox messages addressed to people ("user:{id}") or to a role in a unit ("unit:{code}:{role}") into the
/// portal's bell; text messages ("sms:…") are handed to <see cref="SmsOutbox"/>, the 金豆 ledger's ("points:…") to
/// <see cref="Panlong.Workflows.Community.PointsInbox"/> (docs/decisions/0052-volunteers-and-points-ledger.md).
/// Each message is claimed with a conditional update, so two portal nodes never deliver it twice.
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<PanlongDbContext> dbFactory, ILiveBus live, SmsOutbox sms, Panlong.Workflows.Community.PointsInbox points, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>Wake the dispatcher now (after a change that wrote messages) instead of at the next poll.</summary>
    public void Kick()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverPendingAsync(stoppingToken);
                await sms.DeliverPendingAsync(stoppingToken);
                await points.DeliverPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be down for a moment; messages stay in the outbox and are tried again.
                logger.LogWarning(ex, "Delivering outbox messages failed; will retry");
            }
            try
            {
                await _signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeliveredAt == null && (m.Recipient.StartsWith("user:") || m.Recipient.StartsWith("unit:")))
            // A major incident's call-out first, then oldest first (docs/decisions/0075-major-incident-command.md).
            .OrderByDescending(m => m.Priority).ThenBy(m => m.Id).Take(200).ToListAsync(ct);
        var delivered = 0;
        var told = new HashSet<string>();
        // The retrying strategy (docs/decisions/0019-database-outages.md) runs the claim and its bells again as one unit.
        var strategy = db.Database.CreateExecutionStrategy();
        foreach (var message in pending)
        {
            var users = await strategy.ExecuteAsync(ct => DeliverAsync(db, message, ct), ct);
            if (users is not null)
            {
                told.UnionWith(users);
                delivered++;
            }
        }
        foreach (var user in told)
        {
            live.Committed(LiveNotice.Bell(user));
        }
        return delivered;
    }

    /// <summary>Claims one message and rings its bells; null when another node claimed it first.</summary>
    private async Task<List<string>?> DeliverAsync(PanlongDbContext db, OutboxMessage message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        // Claim and bell rows commit together: a failure between them must not leave a message marked delivered.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.OutboxMessages.Where(m => m.Id == message.Id && m.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed == 0)
        {
            return null;
        }
        var users = await RecipientsAsync(db, message.Recipient, ct);
        db.Notifications.AddRange(users.Select(u => new Notification
        {
            UserId = u,
            Title = message.Title,
            Body = message.Body,
            Link = message.Link,
            CreatedAt = message.CreatedAt,
            OutboxMessageId = message.Id,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return users;
    }

    /// <summary>A unit's people: accounts of the unit itself and of the command center that commands it.</summary>
    private static async Task<List<string>> RecipientsAsync(PanlongDbContext db, string recipient, CancellationToken ct)
    {
        var parts = recipient.Split(':');
        if (parts[0] == "user")
        {
            return [parts[1]];
        }
        var (code, role) = (parts[1], parts.Length > 2 ? parts[2] : null);
        var units = db.OrgUnits.Where(u => u.Code == code || (u.Kind == OrgUnitKind.CommandCenter && u.Parent!.Code == code)).Select(u => (int?)u.Id);
        var users = db.Users.Where(u => units.Contains(u.OrgUnitId));
        if (role is not null)
        {
            var roleId = db.Roles.Where(r => r.Name == role).Select(r => r.Id);
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleId.Contains(ur.RoleId)));
        }
        return await users.Select(u => u.Id).ToListAsync(ct);
    }
}
