using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>
/// A need follows the service order it became (docs/decisions/0063-needs-become-orders.md): met when the order is confirmed,
/// open again when the order is called off, and a resident who takes back the last need of an order not yet under way calls
/// the order off with it; once a volunteer is on site the need can no longer be taken back.
/// </summary>
public class NeedOrderOutcomeTests
{
    private sealed record Setup(TestEngine Engine, Requester Resident, WorkflowActor Volunteer, long NeedId, long OrderId)
    {
        public ServiceOrderService Orders => Engine.Database.Get<ServiceOrderService>();

        public NeedService Needs => Engine.Database.Get<NeedService>();
    }

    /// <summary>A resident's 义诊 need turned by the community's staff into an order today 14:00–16:00, and a medical volunteer.</summary>
    private static async Task<Setup> SetUpAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, string text = "老人血压高，想请医生上门看看")
    {
        var engine = await TestEngine.StartAsync(provider);
        var resident = await RequesterAsync(engine);
        var (_, volunteer) = await QualifiedAsync(engine, skills: Medical);
        var need = await engine.Database.Get<NeedService>().PostAsync(resident.Actor, new NeedForm(Clinic, text, null));
        Assert.True(need.Ok, need.Problem);
        var posted = await engine.Database.Get<NeedOrders>().PostAsync(StaffOf(Dongzhuang),
            new NeedOrderForm(NeedTarget.Needs([need.Id!.Value]), Medical, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7)));
        Assert.True(posted.Ok, posted.Problem);
        return new Setup(engine, resident, volunteer, need.Id.Value, Assert.Single(posted.OrderIds!));
    }

    private static Task CheckInAsync(Setup s) => ServiceOrderPeople.CheckInAsync(s.Engine, s.OrderId, s.Volunteer, s.Resident);

    private static async Task<(Need Need, NeedGroup? Group, ServiceOrder Order, List<string> Bell)> StateAsync(Setup s)
    {
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        var need = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == s.NeedId);
        var group = await db.NeedGroups.AsNoTracking().SingleOrDefaultAsync(g => g.LinkKind == NeedContract.LinkOrder && g.LinkId == s.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var order = await db.ServiceOrders.AsNoTracking().SingleAsync(o => o.Id == s.OrderId);
        var bell = await db.OutboxMessages.AsNoTracking().Where(m => m.Recipient == $"user:{s.Resident.Actor.UserId}").OrderBy(m => m.Id).Select(m => m.Title).ToListAsync();
        return (need, group, order, bell);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Confirm_AnOrderMadeFromNeeds_MarksTheNeedsMetAndTellsTheResident(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        await using var engine = s.Engine;
        await CheckInAsync(s);
        Assert.True((await s.Orders.CompleteAsync(s.OrderId, s.Volunteer, "orders/done.jpg", "orders/done-thumb.jpg", null)).Ok);

        var confirmed = await s.Orders.ConfirmAsync(s.OrderId, StaffOf(Dongzhuang), 5, "很及时");

        Assert.True(confirmed.Ok, confirmed.Problem);
        var (need, group, _, bell) = await StateAsync(s);
        Assert.Equal(NeedStatus.Met, need.Status);
        Assert.Equal(NeedStatus.Met, group!.Status);
        Assert.NotNull(group.ClosedAt);
        Assert.Equal("您的需求已满足", bell[^1]);
    }

    [Fact]
    public async Task Cancel_AnOrderMadeFromNeeds_OpensTheNeedsAgainAndStaffCanPostAnother()
    {
        var s = await SetUpAsync();
        await using var engine = s.Engine;

        var cancelled = await s.Orders.CancelAsync(s.OrderId, StaffOf(Dongzhuang), "志愿者临时有事");

        Assert.True(cancelled.Ok, cancelled.Problem);
        var (need, group, order, bell) = await StateAsync(s);
        Assert.Equal(ServiceOrderStatus.Cancelled, order.Status);
        Assert.Equal((NeedStatus.Open, (long?)null), (need.Status, need.GroupId));
        Assert.Equal(NeedStatus.Closed, group!.Status);
        Assert.Equal("服务订单已撤销，您的需求重新开放", bell[^1]);
        var again = await s.Engine.Database.Get<NeedOrders>().PostAsync(StaffOf(Dongzhuang),
            new NeedOrderForm(NeedTarget.Needs([s.NeedId]), Medical, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7)));
        Assert.True(again.Ok, again.Problem);
    }

    [Fact]
    public async Task Withdraw_TheLastNeedOfAnOrderNobodyIsOnSiteFor_CallsTheOrderOffAndTellsTheVolunteer()
    {
        var s = await SetUpAsync();
        await using var engine = s.Engine;
        Assert.True((await s.Orders.GrabAsync(s.OrderId, s.Volunteer)).Ok);

        var withdrawn = await s.Needs.WithdrawAsync(s.NeedId, s.Resident.Actor);

        Assert.True(withdrawn.Ok, withdrawn.Problem);
        var (need, group, order, _) = await StateAsync(s);
        Assert.Equal(NeedStatus.Withdrawn, need.Status);
        Assert.Equal(NeedStatus.Withdrawn, group!.Status);
        Assert.Equal(ServiceOrderStatus.Cancelled, order.Status);
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        var cancel = await db.ServiceOrderEvents.AsNoTracking().SingleAsync(e => e.OrderId == s.OrderId && e.Action == ServiceOrderActions.Cancel);
        Assert.Equal(s.Resident.Actor.UserId, cancel.ActorUserId);
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == $"user:{s.Volunteer.UserId}" && m.Title.Contains(s.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Withdraw_ANeedWhoseVolunteerIsOnSite_IsRefusedAndTheOrderGoesOn()
    {
        var s = await SetUpAsync();
        await using var engine = s.Engine;
        await CheckInAsync(s);

        var withdrawn = await s.Needs.WithdrawAsync(s.NeedId, s.Resident.Actor);

        Assert.Equal("Needs.Problem.OrderUnderway", withdrawn.Problem);
        var (need, _, order, _) = await StateAsync(s);
        Assert.Equal(NeedStatus.Gathered, need.Status);
        Assert.Equal(ServiceOrderStatus.CheckedIn, order.Status);
    }

    [Fact]
    public async Task Withdraw_OneOfTwoNeedsOfAnOrder_KeepsTheOrderForTheOther()
    {
        var engine = await TestEngine.StartAsync();
        await using var _ = engine;
        var resident = await RequesterAsync(engine);
        await QualifiedAsync(engine, skills: Medical);
        var needs = engine.Database.Get<NeedService>();
        var first = (await needs.PostAsync(resident.Actor, new NeedForm(Clinic, "量血压", null))).Id!.Value;
        var second = (await needs.PostAsync(resident.Actor, new NeedForm(Clinic, "咨询用药", null))).Id!.Value;
        var posted = await engine.Database.Get<NeedOrders>().PostAsync(StaffOf(Dongzhuang),
            new NeedOrderForm(NeedTarget.Needs([first, second]), Medical, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7)));
        Assert.True(posted.Ok, posted.Problem);

        Assert.True((await needs.WithdrawAsync(first, resident.Actor)).Ok);

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(ServiceOrderStatus.Open, (await db.ServiceOrders.AsNoTracking().SingleAsync(o => o.Id == posted.OrderIds![0])).Status);
        Assert.Equal(NeedStatus.Gathered, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == second)).Status);
    }
}
