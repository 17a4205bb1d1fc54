using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// 东庄社区's 爱心超市 (docs/decisions/0054-supermarket.md): a few goods listed by its keeper and two redemptions by the demo
/// volunteers — one handed over, one waiting — all through <see cref="SupermarketService"/>. The volunteers' beans are a
/// labelled demo award (source <c>demo</c>) through the ledger. Idempotent: nothing is made when the shelf has goods.
/// </summary>
public static class SupermarketDemo
{
    private const string Dongzhuang = "530103001001";
    private const int WelcomeBeans = 60;

    private static readonly (string Name, int Price, int Stock)[] Goods =
        [("食用油 1.8L", 50, 12), ("大米 5kg", 40, 20), ("洗衣液 2kg", 30, 15), ("毛巾", 10, 40), ("牙膏", 8, 30)];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.SupermarketGoods.AnyAsync(ct))
        {
            return;
        }
        var keeperUser = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.IsDemo && u.UserName == "keeper.dongzhuang", ct);
        var community = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == Dongzhuang, ct);
        if (keeperUser is null || community is null)
        {
            return;
        }
        var keeper = new WorkflowActor(keeperUser.Id, keeperUser.DisplayName, new HashSet<string> { Roles.SupermarketKeeper }, new DataScope(community.ScopePath));
        var supermarket = services.GetRequiredService<SupermarketService>();
        var ids = new List<long>();
        foreach (var (name, price, stock) in Goods)
        {
            if ((await supermarket.AddGoodsAsync(keeper, new GoodsForm(name, price, stock, true), ct)).Id is { } id)
            {
                ids.Add(id);
            }
        }
        var volunteers = await db.Volunteers.AsNoTracking().Where(v => v.CommunityCode == Dongzhuang).OrderBy(v => v.Id).Take(2).ToListAsync(ct);
        var ledger = services.GetRequiredService<PointLedger>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < volunteers.Count && ids.Count > 3; i++)
        {
            var v = volunteers[i];
            await ledger.AwardAsync(v.Code, WelcomeBeans, null, new PointSource("demo", "welcome-" + v.Code), "演示数据：志愿服务奖励", now, ct);
            var actor = new WorkflowActor(v.UserId, "志愿者", new HashSet<string> { Roles.Volunteer }, DataScope.None);
            var order = await supermarket.RedeemAsync(actor, ids[3 - i], 1, "demo-" + v.Code, ct);
            if (i == 0 && order.PickupCode is { } code)
            {
                await supermarket.HandOverAsync(keeper, code, ct);
            }
        }
    }
}
