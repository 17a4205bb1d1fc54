using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Timers;

/// <summary>
/// Named leases in the database: the one node holding a name until it expires does the work behind it (the timers, one
/// appraisal report's rendering). Taking one is a single save guarded by the row's key and concurrency token, so two nodes
/// asking at once get one yes (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public static class Leases
{
    /// <summary>A name for this node in the leases it holds: machine, process, and a random part per holder object.</summary>
    public static string NewHolder() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];

    public static async Task<bool> TryTakeAsync(IDbContextFactory<PanlongDbContext> dbFactory, string name, string holder, DateTimeOffset now, TimeSpan duration,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = await db.TimerLeases.SingleOrDefaultAsync(l => l.Name == name, ct);
        if (lease is null)
        {
            db.TimerLeases.Add(new TimerLease { Name = name, Holder = holder, ExpiresAt = now + duration });
        }
        else if (lease.Holder == holder || lease.ExpiresAt <= now)
        {
            lease.Holder = holder;
            lease.ExpiresAt = now + duration;
        }
        else
        {
            return false;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node inserted or renewed the lease at the same moment (unique key or concurrency token).
            return false;
        }
    }

    /// <summary>Gives a held lease up (a node stopping), so another node takes the work now instead of when it expires.</summary>
    public static async Task ReleaseAsync(IDbContextFactory<PanlongDbContext> dbFactory, string name, string holder, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = await db.TimerLeases.SingleOrDefaultAsync(l => l.Name == name && l.Holder == holder, ct);
        if (lease is not null && lease.ExpiresAt > now)
        {
            lease.ExpiresAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Taken over meanwhile: nothing of ours to give up.
            }
        }
    }
}
