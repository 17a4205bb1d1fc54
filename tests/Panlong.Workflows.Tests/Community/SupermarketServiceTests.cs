using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>The 爱心超市 (issue 18 part 3, docs/decisions/0054-supermarket.md): stock and beans change together or not at all.</summary>
public class SupermarketServiceTests
{
    private static SupermarketService Supermarket(TestEngine engine) => engine.Database.Get<SupermarketService>();

    public static WorkflowActor KeeperOf(string community, string name = "keeper") =>
        new(name + community, name, new HashSet<string> { Roles.SupermarketKeeper }, new DataScope($"/530103/{community[..9]}/{community}/"));

    private static WorkflowActor ActorOf(Volunteer volunteer) => TestEngine.Actor("志愿者", Roles.Volunteer, null, volunteer.UserId);

    /// <summary>A volunteer of the community holding <paramref name="beans"/>.</summary>
    public static async Task<Volunteer> VolunteerWithAsync(TestEngine engine, int beans, string community = Dongzhuang)
    {
        var volunteer = await VolunteerAsync(engine, community);
        var awarded = await engine.Database.Get<PointLedger>().AwardAsync(volunteer.Code, beans, null, new PointSource("case", "seed-" + volunteer.Code), "结案", engine.Clock.GetUtcNow());
        Assert.True(awarded.Ok);
        return volunteer;
    }

    public static async Task<long> GoodsAsync(TestEngine engine, int price, int stock, string community = Dongzhuang, string name = "大米 5kg")
    {
        var added = await engine.Database.Get<SupermarketService>().AddGoodsAsync(KeeperOf(community), new GoodsForm(name, price, stock, true));
        Assert.True(added.Ok, added.Problem);
        return added.Id!.Value;
    }

    private static async Task<long> BalanceAsync(TestEngine engine, string volunteerCode)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await PointLedger.BalanceAsync(db, (await PointLedger.VolunteerAccountAsync(db, volunteerCode))!.Id);
    }

    private static async Task<int> StockAsync(TestEngine engine, long goodsId)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.SupermarketGoods.Where(g => g.Id == goodsId).Select(g => g.Stock).SingleAsync();
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Redeem_NConcurrentVolunteersForTheLastItems_NeverOversells(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var goods = await GoodsAsync(engine, price: 10, stock: 5);
        var volunteers = new List<Volunteer>();
        for (var i = 0; i < 16; i++)
        {
            volunteers.Add(await VolunteerWithAsync(engine, 50));
        }

        var results = await Task.WhenAll(volunteers.Select(v => Task.Run(() => Supermarket(engine).RedeemAsync(ActorOf(v), goods, 1, Key()))));

        Assert.Equal(5, results.Count(r => r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal("Supermarket.Problem.SoldOut", r.Problem));
        Assert.Equal(0, await StockAsync(engine, goods));
        long total = 0;
        foreach (var v in volunteers)
        {
            total += await BalanceAsync(engine, v.Code);
        }
        Assert.Equal((16 * 50) - (5 * 10), total);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(5, await db.SupermarketOrders.CountAsync());
        Assert.Equal(-5, await db.SupermarketStockMovements.Where(m => m.Kind == StockMovementKind.Redeemed).SumAsync(m => m.Delta));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Redeem_OneVolunteerInTwoTabsForMoreThanTheBalance_OnlyOneSucceeds(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var goods = await GoodsAsync(engine, price: 30, stock: 10);
        var volunteer = await VolunteerWithAsync(engine, 50);

        var tabs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 1, Key()))));

        Assert.Single(tabs, t => t.Ok);
        Assert.Single(tabs, t => t.Problem == "Supermarket.Problem.TooFewBeans");
        Assert.Equal(20, await BalanceAsync(engine, volunteer.Code));
        Assert.Equal(9, await StockAsync(engine, goods));
    }

    [Fact]
    public async Task Redeem_DoubleClickWithTheSameKey_RedeemsOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var goods = await GoodsAsync(engine, price: 10, stock: 10);
        var volunteer = await VolunteerWithAsync(engine, 50);
        var key = Key();

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 1, key))));

        Assert.All(clicks, c => Assert.True(c.Ok, c.Problem));
        Assert.Single(clicks.Select(c => c.PickupCode).Distinct());
        Assert.Equal(40, await BalanceAsync(engine, volunteer.Code));
        Assert.Equal(9, await StockAsync(engine, goods));
    }

    [Fact]
    public async Task Redeem_TooFewBeansOrAnotherCommunitysGoods_IsRefusedAndNothingChanges()
    {
        await using var engine = await TestEngine.StartAsync();
        var dear = await GoodsAsync(engine, price: 60, stock: 3);
        var elsewhere = await GoodsAsync(engine, price: 5, stock: 3, Gulou1);
        var volunteer = await VolunteerWithAsync(engine, 50);
        var resident = await ResidentAsync(engine);

        var tooFew = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), dear, 1, Key());
        var other = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), elsewhere, 1, Key());
        var notVolunteer = await Supermarket(engine).RedeemAsync(resident, dear, 1, Key());
        var zero = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), dear, 0, Key());

        Assert.Equal(("Supermarket.Problem.TooFewBeans", "Supermarket.Problem.NotFound", "Supermarket.Problem.NotVolunteer", "Supermarket.Problem.Quantity"),
            (tooFew.Problem, other.Problem, notVolunteer.Problem, zero.Problem));
        Assert.Equal(50, await BalanceAsync(engine, volunteer.Code));
        Assert.Equal((3, 3), (await StockAsync(engine, dear), await StockAsync(engine, elsewhere)));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await db.SupermarketOrders.AnyAsync());
    }

    [Fact]
    public async Task Cancel_BeforePickUp_RefundsExactlyAndReturnsTheStock_Once()
    {
        await using var engine = await TestEngine.StartAsync();
        var goods = await GoodsAsync(engine, price: 15, stock: 4);
        var volunteer = await VolunteerWithAsync(engine, 50);
        var order = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 2, Key());
        Assert.Equal((20, 2), (await BalanceAsync(engine, volunteer.Code), await StockAsync(engine, goods)));

        var cancelled = await Supermarket(engine).CancelAsync(ActorOf(volunteer), order.Id!.Value, "不需要了");
        var again = await Supermarket(engine).CancelAsync(KeeperOf(Dongzhuang), order.Id!.Value, null);
        var handOver = await Supermarket(engine).HandOverAsync(KeeperOf(Dongzhuang), order.PickupCode!);

        Assert.True(cancelled.Ok, cancelled.Problem);
        Assert.Equal("Supermarket.Problem.Closed.Cancelled", again.Problem);
        Assert.Equal("Supermarket.Problem.Closed.Cancelled", handOver.Problem);
        Assert.Equal((50, 4), (await BalanceAsync(engine, volunteer.Code), await StockAsync(engine, goods)));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var refund = await db.PointTransactions.Include(t => t.Entries).SingleAsync(t => t.Action == PointLedger.Refund);
        var spend = await db.PointTransactions.SingleAsync(t => t.Action == PointLedger.Spend);
        Assert.Equal(spend.Id, refund.ReversesId);
        Assert.Equal([-30, 30], refund.Entries.Select(e => e.Amount).Order());
        Assert.Equal(2, await db.SupermarketStockMovements.Where(m => m.Kind == StockMovementKind.Returned).SumAsync(m => m.Delta));
        Assert.Single(db.AuditEntries.Where(a => a.Action == "Supermarket.Cancel"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task HandOver_RacingItselfAndACancel_HappensOnce_AndIsAudited(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var goods = await GoodsAsync(engine, price: 10, stock: 1);
        var volunteer = await VolunteerWithAsync(engine, 50);
        var order = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 1, Key());
        var keeper = KeeperOf(Dongzhuang);

        var handOvers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Supermarket(engine).HandOverAsync(keeper, order.PickupCode!)));
        var cancel = Task.Run(() => Supermarket(engine).CancelAsync(ActorOf(volunteer), order.Id!.Value, null));
        var results = await Task.WhenAll(handOvers.Append(cancel));

        Assert.Single(results, r => r.Ok);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var status = await db.SupermarketOrders.Select(o => o.Status).SingleAsync();
        var audits = await db.AuditEntries.CountAsync(a => a.Action == "Supermarket.HandOver" || a.Action == "Supermarket.Cancel");
        Assert.Equal(1, audits);
        Assert.Equal(status == SupermarketOrderStatus.Cancelled ? (50, 1) : (40, 0), (await BalanceAsync(engine, volunteer.Code), await StockAsync(engine, goods)));
    }

    [Fact]
    public async Task HandOver_ByAnotherCommunitysKeeperOrAWrongCode_IsNotFound()
    {
        await using var engine = await TestEngine.StartAsync();
        var goods = await GoodsAsync(engine, price: 10, stock: 1);
        var volunteer = await VolunteerWithAsync(engine, 50);
        var order = await Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 1, Key());

        var other = await Supermarket(engine).HandOverAsync(KeeperOf(Gulou1), order.PickupCode!);
        var wrong = await Supermarket(engine).HandOverAsync(KeeperOf(Dongzhuang), "12");
        var otherCancel = await Supermarket(engine).CancelAsync(KeeperOf(Gulou1), order.Id!.Value, null);

        Assert.Equal(("Supermarket.Problem.CodeNotFound", "Supermarket.Problem.CodeNotFound", "Supermarket.Problem.NotFound"), (other.Problem, wrong.Problem, otherCancel.Problem));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(SupermarketOrderStatus.Awaiting, await db.SupermarketOrders.Select(o => o.Status).SingleAsync());
    }

    [Fact]
    public async Task Goods_WithBadInputOrOfAnotherCommunity_AreRefusedAndNothingChanges()
    {
        await using var engine = await TestEngine.StartAsync();
        var service = Supermarket(engine);
        var keeper = KeeperOf(Dongzhuang);
        var goods = await GoodsAsync(engine, price: 10, stock: 3);

        var refused = new[]
        {
            await service.AddGoodsAsync(keeper, new GoodsForm("毛巾", 0, 1, true)),
            await service.AddGoodsAsync(keeper, new GoodsForm("毛巾", -5, 1, true)),
            await service.AddGoodsAsync(keeper, new GoodsForm("毛巾", 5, -1, true)),
            await service.AddGoodsAsync(keeper, new GoodsForm(" ", 5, 1, true)),
            await service.AddGoodsAsync(TestEngine.Actor("网格员", Roles.GridWorker, $"/530103/530103001/{Dongzhuang}/"), new GoodsForm("毛巾", 5, 1, true)),
            await service.UpdateGoodsAsync(keeper, goods, new GoodsForm("大米", 0, 0, true)),
            await service.UpdateGoodsAsync(KeeperOf(Gulou1), goods, new GoodsForm("大米", 1, 0, true)),
            await service.CountStockAsync(keeper, goods, -1, "盘亏"),
            await service.CountStockAsync(keeper, goods, 2, " "),
            await service.CountStockAsync(KeeperOf(Gulou1), goods, 0, "盘亏"),
        };

        Assert.Equal(["Supermarket.Problem.Price", "Supermarket.Problem.Price", "Supermarket.Problem.NegativeStock", "Supermarket.Problem.Name",
            "Supermarket.Problem.NotFound", "Supermarket.Problem.Price", "Supermarket.Problem.NotFound", "Supermarket.Problem.NegativeStock",
            "Supermarket.Problem.ReasonRequired", "Supermarket.Problem.NotFound"], refused.Select(r => r.Problem));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var row = await db.SupermarketGoods.SingleAsync();
        Assert.Equal(("大米 5kg", 10, 3), (row.Name, row.Price, row.Stock));
        Assert.Equal(1, await db.SupermarketStockMovements.CountAsync());
    }

    [Fact]
    public async Task CountStock_RecordsTheDifferenceAsAnAuditedMovement_AndTheJournalAddsUpToTheStock()
    {
        await using var engine = await TestEngine.StartAsync();
        var goods = await GoodsAsync(engine, price: 10, stock: 8);
        var volunteer = await VolunteerWithAsync(engine, 50);
        await Supermarket(engine).RedeemAsync(ActorOf(volunteer), goods, 1, Key());

        var counted = await Supermarket(engine).CountStockAsync(KeeperOf(Dongzhuang), goods, 5, "破损 2 件");

        Assert.True(counted.Ok, counted.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var take = await db.SupermarketStockMovements.SingleAsync(m => m.Kind == StockMovementKind.Counted);
        Assert.Equal((-2, "破损 2 件"), (take.Delta, take.Reason));
        Assert.Equal(5, await db.SupermarketStockMovements.Where(m => m.GoodsId == goods).SumAsync(m => m.Delta));
        Assert.Equal(5, await StockAsync(engine, goods));
        Assert.Single(db.AuditEntries.Where(a => a.Action == "Supermarket.CountStock"));
        var movement = await db.SupermarketStockMovements.FirstAsync();
        movement.Delta = 100;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Redeem_AfterThePriceChanged_IsRefusedWithoutTakingBeans()
    {
        await using var engine = await TestEngine.StartAsync();
        var goods = await GoodsAsync(engine, price: 10, stock: 3);
        var volunteer = await VolunteerWithAsync(engine, 50);
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            // The keeper's edit lands between the volunteer's read of the price and the spend: the conditional update sees it.
            await db.SupermarketGoods.Where(g => g.Id == goods).ExecuteUpdateAsync(s => s.SetProperty(g => g.Price, 20));
        }
        var order = new SupermarketOrder
        {
            Key = Key(), CommunityCode = Dongzhuang, ScopePath = volunteer.ScopePath, GoodsId = goods, GoodsName = "大米", Quantity = 1, Price = 10, Amount = 10,
            VolunteerCode = volunteer.Code, VolunteerUserId = volunteer.UserId, PickupCode = "12345678", CreatedAt = engine.Clock.GetUtcNow(),
        };

        var spent = await engine.Database.Get<PointLedger>().SpendAsync(volunteer.Code, 10, SupermarketService.Source(order.Key), "兑换", null,
            async (tx, ct) => await SupermarketService.TakeStockAsync(tx, order, ct));

        Assert.Equal((PointOutcome.Refused, "Supermarket.Problem.PriceChanged"), (spent.Outcome, spent.Detail));
        Assert.Equal((50, 3), (await BalanceAsync(engine, volunteer.Code), await StockAsync(engine, goods)));
    }
}
