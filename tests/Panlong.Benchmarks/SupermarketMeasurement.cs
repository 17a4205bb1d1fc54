using System.Diagnostics;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 18's figure "redemptions per second under contention for one item" (docs/decisions/0054-supermarket.md):
/// <c>measure-supermarket [Sqlite|Postgres] [volunteers=50] [stock=1000]</c>. Every volunteer holds enough beans for the
/// whole stock and redeems one at a time, all at once, until the goods are sold out; then the stock, the orders and
/// the supermarket's ledger account are checked — 0 oversold is the figure that must hold, the rate is the one that is timed.
/// </summary>
public static class SupermarketMeasurement
{
    private const string Community = "530103001001";
    private const string CommunityPath = "/530103/530103001/530103001001/";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(args.FirstOrDefault() ?? "Sqlite", ignoreCase: true);
        var volunteers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var stock = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        await using var database = await SeededWorkflows.OpenAsync(provider);
        var supermarket = database.Get<SupermarketService>();
        var ledger = database.Get<PointLedger>();
        var keeper = new WorkflowActor("keeper", "keeper", new HashSet<string> { Roles.SupermarketKeeper }, new DataScope(CommunityPath));
        var goods = (await supermarket.AddGoodsAsync(keeper, new GoodsForm("矿泉水", 1, stock, true))).Id!.Value;
        var actors = await VolunteersAsync(database, ledger, volunteers, stock);

        var watch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(actors.Select(actor => Task.Run(async () =>
        {
            var won = 0;
            while (true)
            {
                var result = await supermarket.RedeemAsync(actor, goods, 1, Guid.NewGuid().ToString("N"));
                if (result.Ok)
                {
                    won++;
                }
                else if (result.Problem == "Supermarket.Problem.SoldOut")
                {
                    return won;
                }
                else
                {
                    throw new InvalidOperationException(result.Problem);
                }
            }
        })));
        var elapsed = watch.Elapsed;

        await using var db = await database.Factory.CreateDbContextAsync();
        var left = db.SupermarketGoods.Where(g => g.Id == goods).Select(g => g.Stock).Single();
        var orders = db.SupermarketOrders.Count(o => o.GoodsId == goods);
        var account = db.PointAccounts.Single(a => a.Kind == PointAccountKind.Supermarket && a.Owner == Community);
        var received = db.PointEntries.Where(e => e.AccountId == account.Id).Sum(e => (long)e.Amount);
        var won = outcomes.Sum();
        Console.WriteLine($"{provider}: {volunteers} volunteers racing for {stock:N0} of one item: {won:N0} redeemed in {elapsed.TotalSeconds:N2} s = " +
            $"{won / elapsed.TotalSeconds:N0} redemptions/s; each finally told sold out; stock left {left}, orders {orders:N0}, " +
            $"beans received {received:N0}; oversold {Math.Max(0, orders - stock)}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        return orders == stock && left == 0 && received == stock && won == stock ? 0 : 1;
    }

    /// <summary>Volunteer rows and accounts as the approval makes them (ADR 52), each awarded enough beans for the whole stock through the ledger.</summary>
    private static async Task<List<WorkflowActor>> VolunteersAsync(Panlong.Testing.TestDatabase database, PointLedger ledger, int count, int beans)
    {
        var actors = new List<WorkflowActor>();
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            for (var i = 0; i < count; i++)
            {
                var code = $"VB{i:0000000}";
                db.Volunteers.Add(new Volunteer
                {
                    UserId = $"bench-{i}", PersonId = i + 1, CommunityCode = Community, ScopePath = CommunityPath, Code = code, Skills = "5", Availability = "全天",
                    JoinedAt = DateTimeOffset.UtcNow,
                });
                db.PointAccounts.Add(new PointAccount { Kind = PointAccountKind.Volunteer, Owner = code, CommunityCode = Community, ScopePath = CommunityPath });
                actors.Add(new WorkflowActor($"bench-{i}", code, new HashSet<string> { Roles.Volunteer }, DataScope.None));
            }
            await db.SaveChangesAsync();
        }
        for (var i = 0; i < count; i++)
        {
            await ledger.AwardAsync($"VB{i:0000000}", beans, null, new PointSource("bench", $"VB{i}"), "measure-supermarket", DateTimeOffset.UtcNow);
        }
        return actors;
    }
}
