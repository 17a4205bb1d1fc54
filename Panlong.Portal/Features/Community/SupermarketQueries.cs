using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Community;

public sealed record GoodsView(long Id, string Name, int Price, int Stock, bool OnShelf, bool HasPhoto);

public sealed record OrderView(long Id, string GoodsName, int Quantity, int Amount, string PickupCode, SupermarketOrderStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt, string VolunteerCode);

/// <summary>What a volunteer sees at their community's supermarket: the shelf, their balance and their orders.</summary>
public sealed record VolunteerShelf(string CommunityName, long Balance, IReadOnlyList<GoodsView> Goods, IReadOnlyList<OrderView> Orders);

public sealed record StockMovementView(DateTimeOffset At, string GoodsName, StockMovementKind Kind, int Delta, string? Reason, string? By);

/// <summary>A month of one supermarket; <see cref="BeansReceived"/> is the ledger's own figure (the supermarket account's entries in the month).</summary>
public sealed record SupermarketStatement(string CommunityName, int Year, int Month, int Redemptions, long RedeemedBeans, int HandOvers, int Cancellations,
    long RefundedBeans, long BeansReceived, IReadOnlyList<OrderView> Orders, IReadOnlyList<StockMovementView> Movements);

/// <summary>
/// The supermarket pages' reads (docs/decisions/0054-supermarket.md). A volunteer reads only their community's shelf and
/// their own orders; a keeper only their own community's goods, orders and journal (<see cref="SupermarketService.KeeperCommunity"/>):
/// another community's rows are "not found". Orders name the volunteer by their opaque code only.
/// </summary>
public sealed class SupermarketQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<VolunteerShelf?> ShelfAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == actor.UserId && v.Status == VolunteerStatus.Active, ct);
        if (volunteer is null)
        {
            return null;
        }
        var account = await PointLedger.VolunteerAccountAsync(db, volunteer.Code, ct);
        var balance = account is null ? 0 : await PointLedger.BalanceAsync(db, account.Id, ct);
        var goods = await GoodsOfAsync(db, volunteer.ScopePath, onShelfOnly: true, ct);
        var orders = await Orders(db.SupermarketOrders.Where(o => o.VolunteerUserId == actor.UserId)).Take(30).ToListAsync(ct);
        return new VolunteerShelf(await CommunityNameAsync(db, volunteer.CommunityCode, ct), balance, goods, orders);
    }

    public async Task<(string CommunityName, IReadOnlyList<GoodsView> Goods, IReadOnlyList<OrderView> Awaiting)?> KeeperAsync(WorkflowActor keeper, CancellationToken ct = default)
    {
        if (SupermarketService.KeeperCommunity(keeper) is not { } path)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var goods = await GoodsOfAsync(db, path, onShelfOnly: false, ct);
        var awaiting = await Orders(db.SupermarketOrders.Where(o => o.ScopePath == path && o.Status == SupermarketOrderStatus.Awaiting)).Take(100).ToListAsync(ct);
        return (await CommunityNameAsync(db, Data.Organization.OrgPath.Parse(path).Leaf, ct), goods, awaiting);
    }

    /// <summary>A goods' photo or thumbnail path, for a keeper or a volunteer of its community; null otherwise ("not found").</summary>
    public async Task<string?> PhotoPathAsync(WorkflowActor actor, long goodsId, bool thumbnail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var path = SupermarketService.KeeperCommunity(actor)
            ?? await db.Volunteers.Where(v => v.UserId == actor.UserId && v.Status == VolunteerStatus.Active).Select(v => v.ScopePath).SingleOrDefaultAsync(ct);
        var goods = path is null ? null : await db.SupermarketGoods.AsNoTracking().Where(g => g.Id == goodsId && g.ScopePath == path)
            .Select(g => new { g.PhotoPath, g.ThumbnailPath }).SingleOrDefaultAsync(ct);
        return thumbnail ? goods?.ThumbnailPath : goods?.PhotoPath;
    }

    /// <summary>The keeper's month: orders made, handed over and cancelled in it, the stock journal, and the beans the ledger says the supermarket received.</summary>
    public async Task<SupermarketStatement?> StatementAsync(WorkflowActor keeper, int year, int month, CancellationToken ct = default)
    {
        if (SupermarketService.KeeperCommunity(keeper) is not { } path || year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return null;
        }
        var start = ChinaTime.StartOf(new DateOnly(year, month, 1));
        var end = ChinaTime.StartOf(new DateOnly(year, month, 1).AddMonths(1));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = Data.Organization.OrgPath.Parse(path).Leaf;
        var orders = await Orders(db.SupermarketOrders.Where(o => o.ScopePath == path && ((o.CreatedAt >= start && o.CreatedAt < end) || (o.ClosedAt >= start && o.ClosedAt < end))))
            .ToListAsync(ct);
        var made = orders.Where(o => o.CreatedAt >= start && o.CreatedAt < end).ToList();
        var closed = orders.Where(o => o.ClosedAt >= start && o.ClosedAt < end).ToList();
        var cancelled = closed.Where(o => o.Status == SupermarketOrderStatus.Cancelled).ToList();
        var movements = await (from m in db.SupermarketStockMovements
                               join g in db.SupermarketGoods on m.GoodsId equals g.Id
                               where m.ScopePath == path && m.At >= start && m.At < end
                               orderby m.At, m.Id
                               select new StockMovementView(m.At, g.Name, m.Kind, m.Delta, m.Reason, m.By)).ToListAsync(ct);
        var received = await ReceivedAsync(db, db.PointAccounts.Where(a => a.Kind == PointAccountKind.Supermarket && a.Owner == community), start, end, ct);
        return new SupermarketStatement(await CommunityNameAsync(db, community, ct), year, month, made.Count, made.Sum(o => (long)o.Amount),
            closed.Count(o => o.Status == SupermarketOrderStatus.HandedOver), cancelled.Count, cancelled.Sum(o => (long)o.Amount), received,
            orders.OrderBy(o => o.CreatedAt).ToList(), movements);
    }

    /// <summary>Beans the given supermarket accounts received in [start, end): the ledger's own figure, redeemed minus refunded (ADR 54).</summary>
    internal static Task<long> ReceivedAsync(PanlongDbContext db, IQueryable<PointAccount> supermarkets, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        (from a in supermarkets
         join e in db.PointEntries on a.Id equals e.AccountId
         join t in db.PointTransactions on e.TransactionId equals t.Id
         where t.At >= start && t.At < end
         select (long)e.Amount).SumAsync(ct);

    private static async Task<IReadOnlyList<GoodsView>> GoodsOfAsync(PanlongDbContext db, string path, bool onShelfOnly, CancellationToken ct) =>
        await db.SupermarketGoods.AsNoTracking().Where(g => g.ScopePath == path && (!onShelfOnly || g.OnShelf)).OrderBy(g => g.Price).ThenBy(g => g.Id)
            .Select(g => new GoodsView(g.Id, g.Name, g.Price, g.Stock, g.OnShelf, g.ThumbnailPath != null)).ToListAsync(ct);

    private static IQueryable<OrderView> Orders(IQueryable<SupermarketOrder> orders) =>
        orders.AsNoTracking().OrderByDescending(o => o.Id)
            .Select(o => new OrderView(o.Id, o.GoodsName, o.Quantity, o.Amount, o.PickupCode, o.Status, o.CreatedAt, o.ClosedAt, o.VolunteerCode));

    private static async Task<string> CommunityNameAsync(PanlongDbContext db, string code, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(u => u.Code == code).Select(u => u.Name).SingleOrDefaultAsync(ct) ?? code;
}
