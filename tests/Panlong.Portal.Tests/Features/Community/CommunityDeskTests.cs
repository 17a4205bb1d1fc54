using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Community;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Portal.Tests.Features.Community.CommunityAccounts;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>
/// The community desk's orders, activities and supermarket cards (docs/decisions/0061-volunteer-home-and-community-desk.md):
/// each figure moves when the record changes through the real services, in the community's scope and not in another's.
/// </summary>
[Collection(nameof(PortalCollection))]
public class CommunityDeskTests(PortalFactory portal)
{
    private const int Culture = 7;

    private CommunityDeskQueries Desk => portal.Services.GetRequiredService<CommunityDeskQueries>();

    private async Task<PanlongDbContext> DbAsync() => await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task DeskCards_AfterAnOrderGrabbedGoodsRedeemedAndAnActivityFilled_CountThemForTheCommunity_AndNotForAnother()
    {
        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        var otherName = await StaffAsync(portal, "desk.other", Roles.Approver, OtherCommunity);
        var other = WorkflowActor.From(await portal.PrincipalAsync(otherName));
        var (ordersBefore, shopBefore) = (await Desk.OrdersAsync(staff.Scope), await Desk.SupermarketAsync(staff.Scope));
        var (otherOrders, otherShop) = (await Desk.OrdersAsync(other.Scope), await Desk.SupermarketAsync(other.Scope));
        var (_, volunteer, code) = await VolunteerAsync(portal, "desk.volunteer", withHouse: false, Culture);

        await PostAndGrabAsync(staff, volunteer);
        await ShelfAsync(code, volunteer);
        var activity = await FilledActivityAsync(staff, volunteer);

        var orders = await Desk.OrdersAsync(staff.Scope);
        Assert.Equal((ordersBefore.Open, ordersBefore.Assigned + 1, ordersBefore.PostedThisMonth + 1, ordersBefore.GrabbedThisMonth + 1),
            (orders.Open, orders.Assigned, orders.PostedThisMonth, orders.GrabbedThisMonth));
        Assert.NotNull(orders.MedianToGrab);
        var shop = await Desk.SupermarketAsync(staff.Scope);
        Assert.Equal((shopBefore.OutOfStock + 1, shopBefore.LowStock + 1, shopBefore.AwaitingPickup + 1, shopBefore.BeansReceived + 10),
            (shop.OutOfStock, shop.LowStock, shop.AwaitingPickup, shop.BeansReceived));
        Assert.Equal(otherOrders, await Desk.OrdersAsync(other.Scope));
        Assert.Equal(otherShop, await Desk.SupermarketAsync(other.Scope));

        var page = await DeskAsync("approver.dongzhuang");
        string Figure(string id) => page.QuerySelector($"[data-testid='{id}']")!.TextContent.Trim();
        Assert.Equal([$"{orders.Open}", $"{orders.Escalated}", $"{orders.Assigned}", $"{orders.AwaitingConfirmation}"],
            new[] { "desk-orders-open", "desk-orders-escalated", "desk-orders-assigned", "desk-orders-awaiting" }.Select(Figure));
        Assert.Contains($"{orders.NoShows}", Figure("desk-orders-noshows"), StringComparison.Ordinal);
        Assert.Contains($"本月发布 {orders.PostedThisMonth} 单，已被抢 {orders.GrabbedThisMonth} 单", Figure("desk-orders-grab"), StringComparison.Ordinal);
        Assert.Equal([$"{shop.OutOfStock}", $"{shop.LowStock}", $"{shop.AwaitingPickup}", $"{shop.BeansReceived}"],
            new[] { "desk-supermarket-empty", "desk-supermarket-low", "desk-supermarket-awaiting", "desk-supermarket-received" }.Select(Figure));
        var row = page.QuerySelector($"[data-testid=desk-activity][data-activity='{activity}']")!;
        Assert.Contains("已报名 1 / 1", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("候补 1 人", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("还需志愿者 1 人", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/community/orders']"));
        Assert.NotNull(page.QuerySelector("a[href='/activities']"));
        Assert.Null(page.QuerySelector("a[href='/supermarket']"));
        var elsewhere = await DeskAsync(otherName);
        Assert.Null(elsewhere.QuerySelector($"[data-testid=desk-activity][data-activity='{activity}']"));
        Assert.Equal($"{otherOrders.Open}", elsewhere.QuerySelector("[data-testid=desk-orders-open]")!.TextContent.Trim());
        Assert.Equal($"{otherShop.BeansReceived}", elsewhere.QuerySelector("[data-testid=desk-supermarket-received]")!.TextContent.Trim());
    }

    [Fact]
    public async Task OrderFigures_CountTheRecordByState_InTheViewersScope()
    {
        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        await using var db = await DbAsync();
        var scoped = db.ServiceOrders.Where(o => o.ScopePath.StartsWith(staff.Scope.RootPath!));

        var figures = await Desk.OrdersAsync(staff.Scope);

        Assert.Equal(await scoped.CountAsync(o => o.Status == ServiceOrderStatus.Open), figures.Open);
        Assert.Equal(await scoped.CountAsync(o => o.Status == ServiceOrderStatus.Open && o.EscalatedAt != null), figures.Escalated);
        Assert.Equal(await scoped.CountAsync(o => o.Status == ServiceOrderStatus.Assigned || o.Status == ServiceOrderStatus.CheckedIn), figures.Assigned);
        Assert.Equal(await scoped.CountAsync(o => o.Status == ServiceOrderStatus.Completed), figures.AwaitingConfirmation);
        Assert.True(figures.NoShows <= figures.DueVisits && figures.GrabbedThisMonth <= figures.PostedThisMonth);
    }

    private async Task<IDocument> DeskAsync(string userName) =>
        new HtmlParser().ParseDocument(await (await portal.SignedInAsync(userName)).GetStringAsync("/community"));

    private async Task PostAndGrabAsync(WorkflowActor staff, WorkflowActor volunteer)
    {
        await using var db = await DbAsync();
        var person = await db.People.Where(p => p.IsDemo && p.HouseId != null && p.ScopePath.Contains(Dongzhuang)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var tomorrow = ChinaTime.StartOf(ChinaTime.Today(TimeProvider.System).AddDays(1));
        var orders = portal.Services.GetRequiredService<ServiceOrderService>();
        var posted = await orders.PostAsync(staff, new ServiceOrderForm(Culture, person, tomorrow.AddHours(10), tomorrow.AddHours(12), "陪老人下棋"));
        Assert.True(posted.Ok, posted.Problem);
        var grabbed = await orders.GrabAsync(posted.Id!.Value, volunteer);
        Assert.True(grabbed.Ok, grabbed.Problem);
    }

    /// <summary>Goods out of stock and low in stock on 东庄's shelf, and one redemption of 10 beans awaiting pick-up.</summary>
    private async Task ShelfAsync(string code, WorkflowActor volunteer)
    {
        var keeper = WorkflowActor.From(await portal.PrincipalAsync("keeper.dongzhuang"));
        var shop = portal.Services.GetRequiredService<SupermarketService>();
        var empty = await shop.AddGoodsAsync(keeper, new GoodsForm("桌面测试：肥皂", 5, 0, true));
        var low = await shop.AddGoodsAsync(keeper, new GoodsForm("桌面测试：毛巾", 10, 3, true));
        Assert.True(empty.Ok && low.Ok, empty.Problem ?? low.Problem);
        var award = await portal.Services.GetRequiredService<PointLedger>().AwardAsync(code, 20, null, new PointSource("activity", $"desk-test-{code}"), "桌面测试奖励", DateTimeOffset.UtcNow);
        Assert.True(award.Ok, award.Detail);
        var redeemed = await shop.RedeemAsync(volunteer, low.Id!.Value, 1, Guid.NewGuid().ToString("N"));
        Assert.True(redeemed.Ok, redeemed.Problem);
    }

    /// <summary>Tomorrow's activity with one seat and two helper places: a resident seated, a resident waiting, the volunteer helping.</summary>
    private async Task<long> FilledActivityAsync(WorkflowActor staff, WorkflowActor volunteer)
    {
        var start = ChinaTime.StartOf(ChinaTime.Today(TimeProvider.System).AddDays(1)).AddHours(19);
        var published = await portal.Services.GetRequiredService<ActivityService>().PublishAsync(staff, new ActivityDraft("桌面测试：象棋赛", ActivityKind.SmallCulture,
            "桌面测试", "东庄社区活动室", null, start, start.AddHours(2), 1, new Dictionary<int, int> { [Culture] = 2 }));
        Assert.True(published.Ok, published.Problem);
        var id = published.Id!.Value;
        var signUps = portal.Services.GetRequiredService<ActivitySignUps>();
        foreach (var name in new[] { "desk.seated", "desk.waiting" })
        {
            var (_, userId) = await ResidentAsync(portal, name);
            Assert.True((await signUps.SignUpAsync(new WorkflowActor(userId, name, new HashSet<string> { Roles.Resident }, DataScope.None), id)).Ok);
        }
        Assert.True((await signUps.SignUpAsync(volunteer, id, Culture)).Ok);
        return id;
    }
}
