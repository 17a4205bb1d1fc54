using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Community;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>
/// Issue 18 part 6's other half: staff turn picked needs into service orders — one per household at its registered house,
/// posted through the real order service (offered to the matching volunteers, the requester masked), the household's needs
/// linked and its residents told once (docs/decisions/0063-needs-become-orders.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class NeedsToOrdersTests : PortalComponentTest
{
    // Kind 1 is 义诊, met by the 医疗 skill (1) — volunteer.2's, available 周六 09:00-12:00.
    private const int Clinic = 1;
    private const int Medical = 1;
    private readonly PortalFactory _portal;

    public NeedsToOrdersTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(NeedQueries), typeof(NeedService), typeof(NeedOrders), typeof(VolunteerQueries), typeof(TimeProvider),
            typeof(Microsoft.Extensions.Configuration.IConfiguration));
    }

    private NeedOrders Orders => _portal.Services.GetRequiredService<NeedOrders>();

    private async Task<PanlongDbContext> DbAsync() => await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    private async Task<WorkflowActor> ActorAsync(string userName) => WorkflowActor.From(await _portal.PrincipalAsync(userName));

    private async Task<long> PostNeedAsync(string userName, string text)
    {
        var posted = await _portal.Services.GetRequiredService<NeedService>().PostAsync(await ActorAsync(userName), new NeedForm(Clinic, text, null));
        Assert.True(posted.Ok, posted.Problem);
        return posted.Id!.Value;
    }

    /// <summary>Next Saturday 09:00–11:00 China time: inside volunteer.2's availability, always ahead.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) Saturday()
    {
        var today = ChinaTime.Today(_portal.Services.GetRequiredService<TimeProvider>());
        var saturday = today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7 + 7);
        var start = ChinaTime.StartOf(saturday) + TimeSpan.FromHours(9);
        return (start, start + TimeSpan.FromHours(2));
    }

    private async Task<NeedOrderResult> PostOrdersAsync(IReadOnlyList<long> needIds, string staff = "approver.dongzhuang", int skill = Medical)
    {
        var (start, end) = Saturday();
        return await Orders.PostAsync(await ActorAsync(staff), new NeedOrderForm(NeedTarget.Needs(needIds), skill, start, end));
    }

    private static async Task<long?> HouseOfAsync(PanlongDbContext db, string userName)
    {
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return (await VolunteerService.PersonOfAsync(db, userId, CancellationToken.None))?.HouseId;
    }

    [Fact]
    public async Task PostAsync_NeedsOfTwoResidents_OneOrderPerHouseholdWithTheKindsSkillTheHouseAndTheText()
    {
        var first = await PostNeedAsync("volunteer.1", "想请医生上门量血压");
        var second = await PostNeedAsync("volunteer.1", "老人想咨询用药");
        var third = await PostNeedAsync("volunteer.3", "腿脚不便，想请医生看看");

        var result = await PostOrdersAsync([first, second, third]);

        Assert.True(result.Ok, result.Problem);
        await using var db = await DbAsync();
        var houses = new[] { await HouseOfAsync(db, "volunteer.1"), await HouseOfAsync(db, "volunteer.3") };
        var orders = await db.ServiceOrders.AsNoTracking().Where(o => result.OrderIds!.Contains(o.Id)).ToListAsync();
        Assert.Equal(houses.Distinct().Count(), orders.Count);
        Assert.All(orders, o => Assert.Equal((Medical, ServiceOrderStatus.Open, true), (o.SkillId, o.Status, o.PostedByStaff)));
        var own = orders.Single(o => o.HouseId == houses[0]);
        Assert.Contains("想请医生上门量血压", own.Description, StringComparison.Ordinal);
        Assert.Contains("老人想咨询用药", own.Description, StringComparison.Ordinal);
        // Each household's needs form a group linked to its own order; the needs are gathered.
        var needs = await db.Needs.AsNoTracking().Where(n => new[] { first, second, third }.Contains(n.Id)).ToListAsync();
        Assert.All(needs, n => Assert.Equal(NeedStatus.Gathered, n.Status));
        var groups = await db.NeedGroups.AsNoTracking().Where(g => needs.Select(n => n.GroupId).Contains(g.Id)).ToListAsync();
        Assert.Equal(orders.Select(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), groups.Select(g => g.LinkId!).Order());
        Assert.All(groups, g => Assert.Equal(NeedContract.LinkOrder, g.LinkKind));
        Assert.Equal(own.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), groups.Single(g => g.Id == needs.Single(n => n.Id == first).GroupId).LinkId);
        Assert.Equal(orders.Count, await db.ServiceOrderEvents.CountAsync(e => result.OrderIds!.Contains(e.OrderId) && e.Action == ServiceOrderActions.Post));
    }

    [Fact]
    public async Task PostAsync_ResidentWithTwoNeeds_IsToldOnce()
    {
        var ids = new[] { await PostNeedAsync("volunteer.3", "想测血糖"), await PostNeedAsync("volunteer.3", "想量血压") };
        await using var before = await DbAsync();
        var userId = await before.Users.Where(u => u.UserName == "volunteer.3").Select(u => u.Id).SingleAsync();
        var told = await before.OutboxMessages.CountAsync(m => m.Topic == NeedContract.LinkedTopic && m.Recipient == $"user:{userId}");

        var result = await PostOrdersAsync(ids);

        Assert.True(result.Ok, result.Problem);
        await using var db = await DbAsync();
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.Topic == NeedContract.LinkedTopic && m.Recipient == $"user:{userId}").ToListAsync();
        Assert.Equal(told + 1, messages.Count);
        Assert.Equal(("您的需求已转为服务订单", "/needs"), (messages[^1].Title, messages[^1].Link));
    }

    [Fact]
    public async Task PostAsync_ANeedWithdrawnMeanwhile_IsRefusedAndNothingIsPostedOrLinked()
    {
        var kept = await PostNeedAsync("volunteer.1", "周末想请医生来家里");
        var withdrawn = await PostNeedAsync("volunteer.3", "想问问降压药怎么吃（撤回）");
        Assert.True((await _portal.Services.GetRequiredService<NeedService>().WithdrawAsync(withdrawn, await ActorAsync("volunteer.3"))).Ok);
        await using var before = await DbAsync();
        var orders = await before.ServiceOrders.CountAsync();

        var result = await PostOrdersAsync([kept, withdrawn]);

        Assert.Equal((false, "Needs.Problem.NotOpen"), (result.Ok, result.Problem));
        await using var db = await DbAsync();
        Assert.Equal(orders, await db.ServiceOrders.CountAsync());
        var need = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == kept);
        Assert.Equal((NeedStatus.Open, (long?)null), (need.Status, need.GroupId));
    }

    [Fact]
    public async Task PostAsync_ByAnotherCommunitysStaff_IsNotFoundAndNothingIsPosted()
    {
        var need = await PostNeedAsync("volunteer.1", "想请医生上门（他社区）");
        var other = await OtherCommunityStaffAsync();
        await using var before = await DbAsync();
        var orders = await before.ServiceOrders.CountAsync();

        var result = await PostOrdersAsync([need], other);

        Assert.Equal((false, "Needs.Problem.NotFound"), (result.Ok, result.Problem));
        await using var db = await DbAsync();
        Assert.Equal(orders, await db.ServiceOrders.CountAsync());
        Assert.Equal(NeedStatus.Open, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == need)).Status);
    }

    [Fact]
    public async Task PostAsync_WindowInThePast_IsRefusedWithTheWindowMessageAndNeedsStayOpen()
    {
        var need = await PostNeedAsync("volunteer.1", "想请医生量血压（时间错）");
        var now = _portal.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        var result = await Orders.PostAsync(await ActorAsync("approver.dongzhuang"), new NeedOrderForm(NeedTarget.Needs([need]), Medical, now.AddHours(-3), now.AddHours(-1)));

        Assert.Equal((false, "Orders.Problem.Window"), (result.Ok, result.Problem));
        await using var db = await DbAsync();
        Assert.Equal((NeedStatus.Open, (long?)null), await db.Needs.AsNoTracking().Where(n => n.Id == need).Select(n => new ValueTuple<NeedStatus, long?>(n.Status, n.GroupId)).SingleAsync());
    }

    [Fact]
    public async Task PostAsync_ASkillTheKindDoesNotMapTo_IsRefused()
    {
        var need = await PostNeedAsync("volunteer.1", "想请医生看看（技能错）");

        var result = await PostOrdersAsync([need], skill: 4);

        Assert.Equal((false, "Needs.Problem.OrderSkill"), (result.Ok, result.Problem));
    }

    [Fact]
    public async Task PostedOrder_OfferedToTheMatchingVolunteer_HidesTheRequesterUntilWon()
    {
        var need = await PostNeedAsync("volunteer.1", "想请医生上门（推送）");

        var result = await PostOrdersAsync([need]);

        Assert.True(result.Ok, result.Problem);
        var offers = await _portal.Services.GetRequiredService<ServiceOrderQueries>().OffersAsync((await ActorAsync("volunteer.2")).UserId);
        var offer = Assert.Single(offers, o => o.Id == result.OrderIds![0]);
        await using var db = await DbAsync();
        var name = await db.Users.Where(u => u.UserName == "volunteer.1").Select(u => u.DisplayName).SingleAsync();
        Assert.True(offer.Masked);
        Assert.DoesNotContain(name, offer.Requester, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderForm_WithoutAWindow_SaysSoAndPostsNothing()
    {
        var ids = new[] { await PostNeedAsync("volunteer.1", "想请医生上门（表单）") };
        var staff = await _portal.PrincipalAsync("approver.dongzhuang");
        SignInAs(staff);

        var form = Render<NeedGroupOrders>(p => p.Add(c => c.Target, NeedTarget.Needs(ids)).Add(c => c.Actor, WorkflowActor.From(staff)));
        form.WaitForElement("[data-testid=need-orders-post]");
        var text = form.Find("textarea[data-testid=need-order-text], [data-testid=need-order-text] textarea");
        Assert.Contains("想请医生上门（表单）", text.GetAttribute("value") ?? text.TextContent, StringComparison.Ordinal);
        form.Find("[data-testid=need-orders-post]").Click();

        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "请选择服务日期、开始和结束时间。" || s.Message == "Choose the date, start and end of the visit.");
        await using var db = await DbAsync();
        Assert.Equal(NeedStatus.Open, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == ids[0])).Status);
    }

    [Fact]
    public async Task ResidentsNeedsPage_AfterOrders_ShowsTheOrderAndItsState()
    {
        var need = await PostNeedAsync("volunteer.1", "想请医生上门（我的需求页）");
        var result = await PostOrdersAsync([need]);
        Assert.True(result.Ok, result.Problem);
        SignInAs(await _portal.PrincipalAsync("volunteer.1"));

        var page = Render<NeedsPage>();
        page.WaitForElement($"[data-testid=my-need-{need}] [data-testid=need-link]");

        var link = page.Find($"[data-testid=my-need-{need}] [data-testid=need-link]").TextContent;
        Assert.Contains($"#{result.OrderIds![0]}", link, StringComparison.Ordinal);
        Assert.True(link.Contains("待接单", StringComparison.Ordinal) || link.Contains("Open", StringComparison.Ordinal), link);
    }

    /// <summary>Two residents' needs with the matching volunteers invited: a gathered group, not yet linked (ADR 80).</summary>
    private async Task<long> GatheredGroupAsync(string text)
    {
        var ids = new[] { await PostNeedAsync("volunteer.1", text + "（一）"), await PostNeedAsync("volunteer.3", text + "（二）") };
        var invited = await _portal.Services.GetRequiredService<NeedService>().InviteAsync(NeedTarget.Needs(ids), await ActorAsync("approver.dongzhuang"));
        Assert.True(invited.Ok, invited.Problem);
        return invited.Id!.Value;
    }

    [Fact]
    public async Task NeedsPage_AGatheredGroup_OffersOrdersAndOpensTheFormWithAHouseholdEach()
    {
        var group = await GatheredGroupAsync("想请医生上门（需求组）");
        await using var db = await DbAsync();
        var households = new[] { await HouseOfAsync(db, "volunteer.1"), await HouseOfAsync(db, "volunteer.3") }.Distinct().Count();
        SignInAs(await _portal.PrincipalAsync("approver.dongzhuang"));

        var page = Render<CommunityNeedsPage>();
        page.WaitForElement($"[data-testid=group-orders-{group}]").Click();

        page.WaitForElement("[data-testid=need-orders-post]");
        Assert.Contains($"#{group}", page.Find("[data-testid=group-orders-title]").TextContent, StringComparison.Ordinal);
        Assert.Equal(households, page.FindAll("[data-testid^=need-order-house-]").Count);
    }

    [Fact]
    public async Task NeedsPage_AGroupAlreadyTurnedIntoOrders_OffersNoOrdersAgain()
    {
        var linked = await GatheredGroupAsync("想请医生上门（已转单）");
        var (start, end) = Saturday();
        var posted = await Orders.PostAsync(await ActorAsync("approver.dongzhuang"), new NeedOrderForm(NeedTarget.Group(linked), Medical, start, end));
        Assert.True(posted.Ok, posted.Problem);
        var open = await GatheredGroupAsync("想请医生上门（未转单）");
        SignInAs(await _portal.PrincipalAsync("approver.dongzhuang"));

        var page = Render<CommunityNeedsPage>();
        page.WaitForElement($"[data-testid=group-orders-{open}]");

        Assert.Empty(page.FindAll($"[data-testid=group-orders-{linked}]"));
        Assert.Contains($"#{posted.OrderIds![0]}", page.Find($"[data-testid=group-state-{linked}]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedsPage_OfALeaderWhoReadsOnly_ShowsTheGroupWithoutTheOrdersAction()
    {
        var group = await GatheredGroupAsync("想请医生上门（领导只读）");
        SignInAs(await _portal.PrincipalAsync("leader.tuodong"));

        var page = Render<CommunityNeedsPage>();
        page.WaitForElement($"[data-testid=group-state-{group}]");

        Assert.Empty(page.FindAll($"[data-testid=group-orders-{group}]"));
    }

    /// <summary>An approver of another community of the same street (made once per run).</summary>
    private async Task<string> OtherCommunityStaffAsync()
    {
        const string userName = "approver.needorder-other";
        using var scope = _portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        if (await users.FindByNameAsync(userName) is null)
        {
            await using var db = await DbAsync();
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == "530103002001");
            var user = new PanlongUser { UserName = userName, DisplayName = userName, OrgUnitId = unit.Id };
            Assert.True((await Panlong.Workflows.Demo.DemoAccounts.CreateWithDemoPasswordAsync(users, user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Approver)).Succeeded);
        }
        return userName;
    }
}
