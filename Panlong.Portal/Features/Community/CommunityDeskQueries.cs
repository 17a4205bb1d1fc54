using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Community;

namespace Panlong.Portal.Features.Community;

public sealed record VolunteerCounts(int Active, int Suspended);

/// <summary>
/// The desk's service orders: what waits now by state; no-shows over the visits that fell due in the last
/// <see cref="ServiceOrderSettings.NoShowDays"/> days (each due visit ended in a check-in or a no-show); and how long this
/// China month's orders waited for their first grab, over the ones grabbed, beside how many were posted.
/// </summary>
public sealed record OrderFigures(int Open, int Escalated, int Assigned, int AwaitingConfirmation, int NoShows, int DueVisits, int PostedThisMonth,
    int GrabbedThisMonth, TimeSpan? MedianToGrab);

/// <summary>The desk's supermarket: goods on the shelf with no stock or little left, redemptions not yet picked up, the month's beans.</summary>
public sealed record SupermarketFigures(int OutOfStock, int LowStock, int AwaitingPickup, long BeansReceived);

/// <summary>
/// The community desk's figures (issue 18 part 8), each read from the record in the actor's scope: the engine's open
/// volunteer-application tasks, the volunteers by status. Needs and beans come from <see cref="NeedQueries"/> and
/// <see cref="VolunteerQueries"/>, so a card and its page never count differently.
/// </summary>
public sealed class CommunityDeskQueries(IDbContextFactory<PanlongDbContext> dbFactory, ServiceOrderSettings orderSettings, TimeProvider clock)
{
    /// <summary>Goods with this many or fewer left count as "low" on the desk: a keeper restocks before the shelf is empty.</summary>
    public const int LowStock = 3;

    public async Task<int> PendingApplicationsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkTasks.AsNoTracking().InScope(scope)
            .CountAsync(t => t.Status == WorkTaskStatus.Open && t.Instance!.DefinitionKey == VolunteerContract.Key, ct);
    }

    public async Task<VolunteerCounts> VolunteersAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Volunteers.AsNoTracking().InScope(scope).Where(v => v.Status != VolunteerStatus.Left)
            .GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new VolunteerCounts(counts.Where(c => c.Key == VolunteerStatus.Active).Sum(c => c.Count), counts.Where(c => c.Key == VolunteerStatus.Suspended).Sum(c => c.Count));
    }

    public async Task<OrderFigures> OrdersAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = db.ServiceOrders.AsNoTracking().InScope(scope);
        var waiting = await orders.Where(o => o.Status != ServiceOrderStatus.Confirmed && o.Status != ServiceOrderStatus.Cancelled)
            .GroupBy(o => new { o.Status, Escalated = o.EscalatedAt != null }).Select(g => new { g.Key.Status, g.Key.Escalated, Count = g.Count() }).ToListAsync(ct);
        int Count(Func<ServiceOrderStatus, bool> status, bool? escalated = null) =>
            waiting.Where(w => status(w.Status) && (escalated is null || w.Escalated == escalated)).Sum(w => w.Count);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-orderSettings.NoShowDays);
        var visits = await (from e in db.ServiceOrderEvents
                            join o in orders on e.OrderId equals o.Id
                            where e.At >= since && (e.Action == ServiceOrderActions.NoShow || e.Action == ServiceOrderActions.CheckIn)
                            group e by e.Action into g
                            select new { Action = g.Key, Count = g.Count() }).ToListAsync(ct);
        var (monthStart, _) = ThisMonth();
        // The median needs the waits themselves: one pair of times per order posted this month, nothing else.
        var month = await orders.Where(o => o.PostedAt >= monthStart)
            .Select(o => new { o.PostedAt, Grabbed = db.ServiceOrderEvents.Where(e => e.OrderId == o.Id && e.Action == ServiceOrderActions.Grab).Min(e => (DateTimeOffset?)e.At) })
            .ToListAsync(ct);
        var waits = month.Where(m => m.Grabbed is not null).Select(m => m.Grabbed!.Value - m.PostedAt).Order().ToList();
        return new OrderFigures(Count(s => s == ServiceOrderStatus.Open), Count(s => s == ServiceOrderStatus.Open, escalated: true),
            Count(s => s is ServiceOrderStatus.Assigned or ServiceOrderStatus.CheckedIn), Count(s => s == ServiceOrderStatus.Completed),
            visits.Where(v => v.Action == ServiceOrderActions.NoShow).Sum(v => v.Count), visits.Sum(v => v.Count), month.Count, waits.Count, Median(waits));
    }

    public async Task<SupermarketFigures> SupermarketAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelf = await db.SupermarketGoods.AsNoTracking().InScope(scope).Where(g => g.OnShelf && g.Stock <= LowStock)
            .GroupBy(g => g.Stock == 0).Select(g => new { Empty = g.Key, Count = g.Count() }).ToListAsync(ct);
        var awaiting = await db.SupermarketOrders.AsNoTracking().InScope(scope).CountAsync(o => o.Status == SupermarketOrderStatus.Awaiting, ct);
        var (start, end) = ThisMonth();
        var accounts = db.PointAccounts.Where(a => a.Kind == PointAccountKind.Supermarket && scope.RootPath != null && a.ScopePath.StartsWith(scope.RootPath));
        var received = await SupermarketQueries.ReceivedAsync(db, accounts, start, end, ct);
        return new SupermarketFigures(shelf.Where(s => s.Empty).Sum(s => s.Count), shelf.Where(s => !s.Empty).Sum(s => s.Count), awaiting, received);
    }

    /// <summary>The China month of today, as the supermarket's statement counts months.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) ThisMonth()
    {
        var today = ChinaTime.Today(clock);
        var first = new DateOnly(today.Year, today.Month, 1);
        return (ChinaTime.StartOf(first), ChinaTime.StartOf(first.AddMonths(1)));
    }

    private static TimeSpan? Median(List<TimeSpan> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
