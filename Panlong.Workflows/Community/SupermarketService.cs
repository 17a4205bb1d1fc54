using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>What the keeper sets on goods; stock only when they are listed (later it changes by stock-taking, never by an edit).</summary>
public sealed record GoodsForm(string Name, int Price, int Stock, bool OnShelf, string? PhotoPath = null, string? ThumbnailPath = null);

/// <summary>An outcome and, when refused, the resource key of the reason shown to the user.</summary>
public sealed record SupermarketResult(bool Ok, string? Problem = null, long? Id = null, string? PickupCode = null)
{
    public static SupermarketResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// The 爱心超市's write side (docs/decisions/0054-supermarket.md). A redemption is one <see cref="PointLedger.SpendAsync"/>
/// whose <c>alongside</c> takes the stock by a conditional update and writes the order and its stock movement: the beans,
/// the stock and the order commit together or not at all. A cancellation is one <see cref="PointLedger.RefundAsync"/> that
/// closes the order and puts the stock back the same way. The keeper's acts are audited in their own transaction.
/// </summary>
public sealed class SupermarketService(IDbContextFactory<PanlongDbContext> dbFactory, PointLedger ledger, AuditLog audit, TimeProvider clock)
{
    public const string SourceType = "supermarket-order";
    public const int MaxQuantity = 10;
    private const string Digits = "0123456789";

    public static PointSource Source(string key) => new(SourceType, key);

    /// <summary>The community path a keeper works in: their unit must be a community (a street-level account keeps no shelf).</summary>
    public static string? KeeperCommunity(WorkflowActor keeper) =>
        keeper.Roles.Contains(Roles.SupermarketKeeper) && keeper.Scope.Root is { Level: OrgLevel.Community } ? keeper.Scope.RootPath : null;

    public async Task<SupermarketResult> AddGoodsAsync(WorkflowActor keeper, GoodsForm form, CancellationToken ct = default)
    {
        if (KeeperCommunity(keeper) is not { } path)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        if (Check(form) is { } problem)
        {
            return SupermarketResult.Refused(problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await InTransactionAsync(db, async ct =>
        {
            var goods = new SupermarketGoods
            {
                CommunityCode = OrgPath.Parse(path).Leaf, ScopePath = path, Name = form.Name.Trim(), Price = form.Price, Stock = form.Stock, OnShelf = form.OnShelf,
                PhotoPath = form.PhotoPath, ThumbnailPath = form.ThumbnailPath, CreatedAt = now, UpdatedAt = now,
            };
            db.SupermarketGoods.Add(goods);
            await db.SaveChangesAsync(ct);
            db.SupermarketStockMovements.Add(new SupermarketStockMovement { GoodsId = goods.Id, ScopePath = path, Kind = StockMovementKind.Listed, Delta = form.Stock, At = now, By = keeper.Name });
            db.AuditEntries.Add(audit.Create("Supermarket.AddGoods", keeper.UserId, keeper.Name, $"goods:{goods.Id}", $"{goods.Name} {goods.Price} × {goods.Stock}"));
            await db.SaveChangesAsync(ct);
            return new SupermarketResult(true, Id: goods.Id);
        }, ct);
    }

    /// <summary>Name, price, shelf and photo; the stock the form carries is ignored here — it changes by stock-taking.</summary>
    public async Task<SupermarketResult> UpdateGoodsAsync(WorkflowActor keeper, long goodsId, GoodsForm form, CancellationToken ct = default)
    {
        if (Check(form with { Stock = 0 }) is { } problem)
        {
            return SupermarketResult.Refused(problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await KeepersGoodsAsync(db, keeper, goodsId, ct) is not { } goods)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        goods.Name = form.Name.Trim();
        goods.Price = form.Price;
        goods.OnShelf = form.OnShelf;
        if (form.PhotoPath is not null)
        {
            (goods.PhotoPath, goods.ThumbnailPath) = (form.PhotoPath, form.ThumbnailPath);
        }
        goods.UpdatedAt = clock.GetUtcNow();
        db.AuditEntries.Add(audit.Create("Supermarket.EditGoods", keeper.UserId, keeper.Name, $"goods:{goods.Id}", $"{goods.Name} {goods.Price} {(goods.OnShelf ? "上架" : "下架")}"));
        await db.SaveChangesAsync(ct);
        return new SupermarketResult(true, Id: goods.Id);
    }

    /// <summary>
    /// 盘点: the keeper's count replaces the recorded stock, the difference journalled with the reason and audited. A
    /// redemption between reading and writing makes the conditional update miss: the keeper is asked to count again.
    /// </summary>
    public async Task<SupermarketResult> CountStockAsync(WorkflowActor keeper, long goodsId, int counted, string? reason, CancellationToken ct = default)
    {
        if (counted < 0)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NegativeStock");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
        {
            return SupermarketResult.Refused("Supermarket.Problem.ReasonRequired");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await KeepersGoodsAsync(db, keeper, goodsId, ct) is not { } goods)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        var (recorded, scopePath) = (goods.Stock, goods.ScopePath);
        return await InTransactionAsync(db, async ct =>
        {
            if (await db.SupermarketGoods.Where(g => g.Id == goodsId && g.Stock == recorded).ExecuteUpdateAsync(s => s.SetProperty(g => g.Stock, counted), ct) == 0)
            {
                return SupermarketResult.Refused("Supermarket.Problem.StockMoved");
            }
            db.SupermarketStockMovements.Add(new SupermarketStockMovement
            {
                GoodsId = goodsId, ScopePath = scopePath, Kind = StockMovementKind.Counted, Delta = counted - recorded, Reason = reason.Trim(), At = clock.GetUtcNow(), By = keeper.Name,
            });
            db.AuditEntries.Add(audit.Create("Supermarket.CountStock", keeper.UserId, keeper.Name, $"goods:{goodsId}", $"{recorded} → {counted}: {reason.Trim()}"));
            await db.SaveChangesAsync(ct);
            return new SupermarketResult(true, Id: goodsId);
        }, ct);
    }

    /// <summary>
    /// A volunteer redeems goods of their own community. <paramref name="key"/> is made when the page offers the goods, so
    /// a double click or a retry is the same redemption; two tabs with different keys race on the volunteer's balance
    /// under the ledger's lock, two volunteers on the stock's conditional update.
    /// </summary>
    public async Task<SupermarketResult> RedeemAsync(WorkflowActor volunteerActor, long goodsId, int quantity, string key, CancellationToken ct = default)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return SupermarketResult.Refused("Supermarket.Problem.Quantity");
        }
        if (string.IsNullOrWhiteSpace(key) || key.Length > 64)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == volunteerActor.UserId && v.Status == VolunteerStatus.Active, ct);
        if (volunteer is null)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotVolunteer");
        }
        if (await db.SupermarketOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Key == key, ct) is { } done)
        {
            return done.VolunteerUserId == volunteer.UserId ? new SupermarketResult(true, Id: done.Id, PickupCode: done.PickupCode) : SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        var goods = await db.SupermarketGoods.AsNoTracking().SingleOrDefaultAsync(g => g.Id == goodsId && g.ScopePath == volunteer.ScopePath && g.OnShelf, ct);
        if (goods is null)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        var order = new SupermarketOrder
        {
            Key = key, CommunityCode = goods.CommunityCode, ScopePath = goods.ScopePath, GoodsId = goods.Id, GoodsName = goods.Name, Quantity = quantity,
            Price = goods.Price, Amount = goods.Price * quantity, VolunteerCode = volunteer.Code, VolunteerUserId = volunteer.UserId,
            PickupCode = RandomNumberGenerator.GetString(Digits, 8), Status = SupermarketOrderStatus.Awaiting, CreatedAt = clock.GetUtcNow(),
        };
        var spent = await ledger.SpendAsync(volunteer.Code, order.Amount, Source(key), $"兑换 {goods.Name} × {quantity}", volunteerActor.UserId,
            (tx, ct) => TakeStockAsync(tx, order, ct), ct);
        return spent.Outcome switch
        {
            PointOutcome.Done => new SupermarketResult(true, Id: order.Id, PickupCode: order.PickupCode),
            PointOutcome.AlreadyDone => await ExistingAsync(key, ct),
            PointOutcome.NotEnoughBeans => SupermarketResult.Refused("Supermarket.Problem.TooFewBeans"),
            PointOutcome.Refused => SupermarketResult.Refused(spent.Detail ?? "Supermarket.Problem.SoldOut"),
            _ => SupermarketResult.Refused("Supermarket.Problem.NotVolunteer"),
        };
    }

    /// <summary>A redemption's <c>alongside</c>, inside the spend's transaction: the stock, only if enough is left at the price the volunteer saw; then the order and its movement.</summary>
    public static async Task<string?> TakeStockAsync(PanlongDbContext db, SupermarketOrder order, CancellationToken ct)
    {
        var taken = await db.SupermarketGoods
            .Where(g => g.Id == order.GoodsId && g.OnShelf && g.Price == order.Price && g.Stock >= order.Quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Stock, g => g.Stock - order.Quantity), ct);
        if (taken == 0)
        {
            var now = await db.SupermarketGoods.AsNoTracking().Where(g => g.Id == order.GoodsId).Select(g => new { g.Price, g.OnShelf }).SingleAsync(ct);
            return now.Price != order.Price ? "Supermarket.Problem.PriceChanged" : now.OnShelf ? "Supermarket.Problem.SoldOut" : "Supermarket.Problem.NotFound";
        }
        db.SupermarketOrders.Add(order);
        await db.SaveChangesAsync(ct);
        db.SupermarketStockMovements.Add(new SupermarketStockMovement
        {
            GoodsId = order.GoodsId, ScopePath = order.ScopePath, Kind = StockMovementKind.Redeemed, Delta = -order.Quantity, OrderId = order.Id, At = order.CreatedAt, By = order.VolunteerCode,
        });
        return null;
    }

    private async Task<SupermarketResult> ExistingAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.SupermarketOrders.AsNoTracking().SingleAsync(o => o.Key == key, ct);
        return new SupermarketResult(true, Id: order.Id, PickupCode: order.PickupCode);
    }

    /// <summary>
    /// Cancels an order not yet picked up — the volunteer their own, the keeper any of their community's: the beans come
    /// back through the ledger and the stock goes back on the shelf in one transaction; a hand-over racing it wins or loses whole.
    /// </summary>
    public async Task<SupermarketResult> CancelAsync(WorkflowActor actor, long orderId, string? reason, CancellationToken ct = default)
    {
        if (reason?.Trim().Length > 200)
        {
            return SupermarketResult.Refused("Supermarket.Problem.ReasonTooLong");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keeperPath = KeeperCommunity(actor);
        var order = await db.SupermarketOrders.AsNoTracking()
            .SingleOrDefaultAsync(o => o.Id == orderId && (o.VolunteerUserId == actor.UserId || (keeperPath != null && o.ScopePath == keeperPath)), ct);
        if (order is null)
        {
            return SupermarketResult.Refused("Supermarket.Problem.NotFound");
        }
        if (order.Status != SupermarketOrderStatus.Awaiting)
        {
            return SupermarketResult.Refused("Supermarket.Problem.Closed." + order.Status);
        }
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var refunded = await ledger.RefundAsync(Source(order.Key), $"取消兑换 {order.GoodsName} × {order.Quantity}", actor.UserId, async (tx, ct) =>
        {
            var now = clock.GetUtcNow();
            if (await tx.SupermarketOrders.Where(o => o.Id == orderId && o.Status == SupermarketOrderStatus.Awaiting)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, SupermarketOrderStatus.Cancelled).SetProperty(o => o.ClosedAt, now)
                        .SetProperty(o => o.ClosedBy, actor.Name).SetProperty(o => o.CancelReason, why), ct) == 0)
            {
                return "Supermarket.Problem.Closed.HandedOver";
            }
            await tx.SupermarketGoods.Where(g => g.Id == order.GoodsId).ExecuteUpdateAsync(s => s.SetProperty(g => g.Stock, g => g.Stock + order.Quantity), ct);
            tx.SupermarketStockMovements.Add(new SupermarketStockMovement
            {
                GoodsId = order.GoodsId, ScopePath = order.ScopePath, Kind = StockMovementKind.Returned, Delta = order.Quantity, OrderId = order.Id, Reason = why, At = now, By = actor.Name,
            });
            tx.AuditEntries.Add(audit.Create("Supermarket.Cancel", actor.UserId, actor.Name, $"order:{order.Id}", why));
            return null;
        }, ct);
        return refunded.Outcome switch
        {
            PointOutcome.Done => new SupermarketResult(true, Id: orderId),
            PointOutcome.Refused => SupermarketResult.Refused(refunded.Detail!),
            _ => SupermarketResult.Refused("Supermarket.Problem.Closed.Cancelled"),
        };
    }

    /// <summary>The keeper enters or scans the pick-up code: the order is handed over once, audited; a code of another community is "not found".</summary>
    public async Task<SupermarketResult> HandOverAsync(WorkflowActor keeper, string pickupCode, CancellationToken ct = default)
    {
        var code = new string((pickupCode ?? "").Where(char.IsAsciiDigit).ToArray());
        if (KeeperCommunity(keeper) is not { } path || code.Length != 8)
        {
            return SupermarketResult.Refused("Supermarket.Problem.CodeNotFound");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.SupermarketOrders.AsNoTracking().SingleOrDefaultAsync(o => o.PickupCode == code && o.ScopePath == path, ct);
        if (order is null)
        {
            return SupermarketResult.Refused("Supermarket.Problem.CodeNotFound");
        }
        return await InTransactionAsync(db, async ct =>
        {
            var now = clock.GetUtcNow();
            if (await db.SupermarketOrders.Where(o => o.Id == order.Id && o.Status == SupermarketOrderStatus.Awaiting)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, SupermarketOrderStatus.HandedOver).SetProperty(o => o.ClosedAt, now).SetProperty(o => o.ClosedBy, keeper.Name), ct) == 0)
            {
                var status = await db.SupermarketOrders.AsNoTracking().Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync(ct);
                return SupermarketResult.Refused("Supermarket.Problem.Closed." + status);
            }
            db.AuditEntries.Add(audit.Create("Supermarket.HandOver", keeper.UserId, keeper.Name, $"order:{order.Id}", $"{order.GoodsName} × {order.Quantity} {order.VolunteerCode}"));
            await db.SaveChangesAsync(ct);
            return new SupermarketResult(true, Id: order.Id, PickupCode: code);
        }, ct);
    }

    /// <summary>
    /// One transaction under the provider's execution strategy (SQLite's retries a busy database): a retry starts again
    /// from a clean context, and only a successful outcome commits — a refusal rolls back whatever the work began.
    /// </summary>
    private static Task<SupermarketResult> InTransactionAsync(PanlongDbContext db, Func<CancellationToken, Task<SupermarketResult>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            if (result.Ok)
            {
                await transaction.CommitAsync(ct);
            }
            return result;
        }, ct);

    private static string? Check(GoodsForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 40)
        {
            return "Supermarket.Problem.Name";
        }
        if (form.Price <= 0)
        {
            return "Supermarket.Problem.Price";
        }
        return form.Stock < 0 ? "Supermarket.Problem.NegativeStock" : null;
    }

    private static Task<SupermarketGoods?> KeepersGoodsAsync(PanlongDbContext db, WorkflowActor keeper, long goodsId, CancellationToken ct) =>
        KeeperCommunity(keeper) is { } path
            ? db.SupermarketGoods.SingleOrDefaultAsync(g => g.Id == goodsId && g.ScopePath == path, ct)
            : Task.FromResult<SupermarketGoods?>(null);
}
