using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>
/// A group staff gathered volunteers for becomes service orders, one per household (docs/decisions/0080-gathered-groups-become-orders.md):
/// each household's needs follow their own order (ADR 77) — one confirmed meets only its needs, one called off opens only its
/// needs again — and a group already linked, emptied or of another community is refused with nothing posted.
/// </summary>
public class NeedGroupOrderTests
{
    private sealed record Setup(TestEngine Engine, Requester First, Requester Second, WorkflowActor Volunteer, long FirstNeed, long SecondNeed, long GroupId)
    {
        public NeedService Needs => Engine.Database.Get<NeedService>();

        public NeedOrders NeedOrders => Engine.Database.Get<NeedOrders>();

        public ServiceOrderService Orders => Engine.Database.Get<ServiceOrderService>();
    }

    /// <summary>Two households' 义诊 needs, a medical volunteer invited for them: one gathered group, not yet linked.</summary>
    private static async Task<Setup> GatheredAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var engine = await TestEngine.StartAsync(provider);
        var first = await RequesterAsync(engine, name: "王奶奶", unit: "1");
        var second = await RequesterAsync(engine, name: "李爷爷", livingAlone: false, unit: "2");
        var (_, volunteer) = await QualifiedAsync(engine, skills: Medical);
        var needs = engine.Database.Get<NeedService>();
        var firstNeed = await PostNeedAsync(needs, first, "血压高，想请医生上门");
        var secondNeed = await PostNeedAsync(needs, second, "腿脚不便，想请医生看看");
        var invited = await needs.InviteAsync(NeedTarget.Needs([firstNeed, secondNeed]), StaffOf(Dongzhuang));
        Assert.True(invited.Ok, invited.Problem);
        return new Setup(engine, first, second, volunteer, firstNeed, secondNeed, invited.Id!.Value);
    }

    private static async Task<long> PostNeedAsync(NeedService needs, Requester requester, string text)
    {
        var posted = await needs.PostAsync(requester.Actor, new NeedForm(Clinic, text, null));
        Assert.True(posted.Ok, posted.Problem);
        return posted.Id!.Value;
    }

    private static Task<NeedOrderResult> PostGroupAsync(Setup s, WorkflowActor? staff = null) => PostGroupAsync(s.Engine, s.GroupId, staff);

    private static Task<NeedOrderResult> PostGroupAsync(TestEngine engine, long groupId, WorkflowActor? staff = null) =>
        engine.Database.Get<NeedOrders>().PostAsync(staff ?? StaffOf(Dongzhuang),
            new NeedOrderForm(NeedTarget.Group(groupId), Medical, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7)));

    private static async Task<(Need Need, NeedGroup? Group)> NeedAsync(Setup s, long needId)
    {
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        var need = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == needId);
        return (need, need.GroupId is { } id ? await db.NeedGroups.AsNoTracking().SingleAsync(g => g.Id == id) : null);
    }

    private static async Task<int> OrderCountAsync(Setup s)
    {
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        return await db.ServiceOrders.CountAsync();
    }

    /// <summary>The order a household's need is linked to.</summary>
    private static async Task<long> OrderOfAsync(Setup s, long needId) =>
        long.Parse((await NeedAsync(s, needId)).Group!.LinkId!, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PostAsync_AGatheredGroupOfTwoHouseholds_PostsAnOrderEachAtItsHouseAndTellsTheInvitedVolunteer(DatabaseProvider provider)
    {
        var s = await GatheredAsync(provider);
        await using var engine = s.Engine;

        var result = await PostGroupAsync(s);

        Assert.True(result.Ok, result.Problem);
        Assert.Equal(2, result.OrderIds!.Count);
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        var orders = await db.ServiceOrders.AsNoTracking().Where(o => result.OrderIds.Contains(o.Id)).ToListAsync();
        Assert.Equal(new[] { s.First.PersonId, s.Second.PersonId }, orders.OrderBy(o => o.Id).Select(o => o.PersonId));
        Assert.All(orders, o => Assert.Equal((Medical, ServiceOrderStatus.Open, true), (o.SkillId, o.Status, o.PostedByStaff)));
        // The first household keeps the gathered group (and its invitation); the second's need has a group of its own.
        var (first, kept) = await NeedAsync(s, s.FirstNeed);
        var (second, split) = await NeedAsync(s, s.SecondNeed);
        Assert.Equal((s.GroupId, NeedStatus.Gathered), (kept!.Id, first.Status));
        Assert.NotEqual(s.GroupId, split!.Id);
        Assert.Equal(NeedStatus.Gathered, second.Status);
        Assert.Equal(orders.Select(o => o.Id).Order().Select(id => id.ToString(CultureInfo.InvariantCulture)),
            new[] { kept, split }.Select(g => g.LinkId!).OrderBy(id => long.Parse(id, CultureInfo.InvariantCulture)));
        Assert.All(new[] { kept, split }, g => Assert.Equal(NeedContract.LinkOrder, g.LinkKind));
        Assert.Equal(1, await db.NeedInvitations.CountAsync(i => i.GroupId == s.GroupId));
        var told = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Topic == NeedContract.OrderedTopic && m.Recipient == $"user:{s.Volunteer.UserId}");
        Assert.Equal("/volunteer", told.Link);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == NeedContract.Link));
        // Offered live to the qualified volunteer as any order.
        var offers = await s.Engine.Database.Get<ServiceOrderQueries>().OffersAsync(s.Volunteer.UserId);
        Assert.Equal(result.OrderIds.Order(), offers.Select(o => o.Id).Where(result.OrderIds.Contains).Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Confirm_OneOrderOfTheGroup_MeetsItsHouseholdsNeedAndNotTheOther(DatabaseProvider provider)
    {
        var s = await GatheredAsync(provider);
        await using var engine = s.Engine;
        Assert.True((await PostGroupAsync(s)).Ok);
        var order = await OrderOfAsync(s, s.FirstNeed);
        await CheckInAsync(s.Engine, order, s.Volunteer, s.First);
        Assert.True((await s.Orders.CompleteAsync(order, s.Volunteer, "orders/done.jpg", "orders/done-thumb.jpg", null)).Ok);

        var confirmed = await s.Orders.ConfirmAsync(order, StaffOf(Dongzhuang), 5, "很及时");

        Assert.True(confirmed.Ok, confirmed.Problem);
        var (first, group) = await NeedAsync(s, s.FirstNeed);
        Assert.Equal((NeedStatus.Met, NeedStatus.Met), (first.Status, group!.Status));
        var (second, other) = await NeedAsync(s, s.SecondNeed);
        Assert.Equal((NeedStatus.Gathered, NeedStatus.Gathered), (second.Status, other!.Status));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Cancel_OneOrderOfTheGroup_OpensItsHouseholdsNeedAgainAndKeepsTheOther(DatabaseProvider provider)
    {
        var s = await GatheredAsync(provider);
        await using var engine = s.Engine;
        Assert.True((await PostGroupAsync(s)).Ok);
        var order = await OrderOfAsync(s, s.SecondNeed);

        var cancelled = await s.Orders.CancelAsync(order, StaffOf(Dongzhuang), "医生临时有事");

        Assert.True(cancelled.Ok, cancelled.Problem);
        var (second, _) = await NeedAsync(s, s.SecondNeed);
        Assert.Equal((NeedStatus.Open, (long?)null), (second.Status, second.GroupId));
        var (first, kept) = await NeedAsync(s, s.FirstNeed);
        Assert.Equal((NeedStatus.Gathered, NeedStatus.Gathered, s.GroupId), (first.Status, kept!.Status, kept.Id));
        // Open again, the need can become an order anew.
        var again = await s.NeedOrders.PostAsync(StaffOf(Dongzhuang),
            new NeedOrderForm(NeedTarget.Needs([s.SecondNeed]), Medical, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7)));
        Assert.True(again.Ok, again.Problem);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PostAsync_TwoStaffAtOnceOnOneGroup_PostsTheOrdersOnce(DatabaseProvider provider)
    {
        var s = await GatheredAsync(provider);
        await using var engine = s.Engine;

        var results = await Task.WhenAll(PostGroupAsync(s), PostGroupAsync(s, StaffOf(Dongzhuang, "another")));

        Assert.Single(results, r => r.Ok);
        Assert.Contains(results.Single(r => !r.Ok).Problem!, new[] { "Needs.Problem.AlreadyLinked", "Needs.Problem.NotOpen" });
        Assert.Equal(2, await OrderCountAsync(s));
    }

    /// <summary>
    /// One household: its needs stay "gathered" and in the group, so only the group row's conditional move (ADR 80) stops the
    /// second staff member — without it both would post an order for the same home.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PostAsync_TwoStaffAtOnceOnAOneHouseholdGroup_PostsOneOrder(DatabaseProvider provider)
    {
        var engine = await TestEngine.StartAsync(provider);
        await using var _ = engine;
        var resident = await RequesterAsync(engine);
        await QualifiedAsync(engine, skills: Medical);
        var needs = engine.Database.Get<NeedService>();
        var ids = new[] { await PostNeedAsync(needs, resident, "量血压"), await PostNeedAsync(needs, resident, "咨询用药") };
        var group = (await needs.InviteAsync(NeedTarget.Needs(ids), StaffOf(Dongzhuang))).Id!.Value;

        var results = await Task.WhenAll(PostGroupAsync(engine, group), PostGroupAsync(engine, group, StaffOf(Dongzhuang, "another")));

        Assert.Single(results, r => r.Ok);
        Assert.Equal("Needs.Problem.AlreadyLinked", results.Single(r => !r.Ok).Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.ServiceOrders.CountAsync());
    }

    [Fact]
    public async Task PostAsync_AGroupAlreadyLinked_IsRefusedAndPostsNothing()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;
        Assert.True((await PostGroupAsync(s)).Ok);

        var again = await PostGroupAsync(s);

        Assert.Equal((false, "Needs.Problem.AlreadyLinked"), (again.Ok, again.Problem));
        Assert.Equal(2, await OrderCountAsync(s));
    }

    [Fact]
    public async Task PostAsync_AGroupWhoseNeedsWereAllWithdrawn_IsRefusedAsEmpty()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;
        Assert.True((await s.Needs.WithdrawAsync(s.FirstNeed, s.First.Actor)).Ok);
        Assert.True((await s.Needs.WithdrawAsync(s.SecondNeed, s.Second.Actor)).Ok);

        var result = await PostGroupAsync(s);

        Assert.Equal((false, "Needs.Problem.GroupEmpty"), (result.Ok, result.Problem));
        Assert.Equal(0, await OrderCountAsync(s));
    }

    [Fact]
    public async Task PostAsync_AGroupWithOneNeedWithdrawn_PostsOnlyForTheNeedStillWanted()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;
        Assert.True((await s.Needs.WithdrawAsync(s.FirstNeed, s.First.Actor)).Ok);

        var result = await PostGroupAsync(s);

        Assert.True(result.Ok, result.Problem);
        await using var db = await s.Engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(s.Second.PersonId, (await db.ServiceOrders.AsNoTracking().SingleAsync()).PersonId);
        Assert.Equal(NeedStatus.Withdrawn, (await NeedAsync(s, s.FirstNeed)).Need.Status);
    }

    [Fact]
    public async Task PostAsync_ByAnotherCommunitysStaff_IsNotFoundAndTheGroupStaysAsItWas()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;

        var result = await PostGroupAsync(s, StaffOf(Gulou1));

        Assert.Equal((false, "Needs.Problem.NotFound"), (result.Ok, result.Problem));
        Assert.Equal(0, await OrderCountAsync(s));
        var (need, group) = await NeedAsync(s, s.FirstNeed);
        Assert.Equal((NeedStatus.Gathered, (string?)null), (need.Status, group!.LinkKind));
    }

    [Fact]
    public async Task PostAsync_AGroupMarkedMet_IsRefusedAsNotOpen()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;
        Assert.True((await s.Needs.CloseAsync(NeedTarget.Group(s.GroupId), NeedStatus.Met, null, StaffOf(Dongzhuang))).Ok);

        var result = await PostGroupAsync(s);

        Assert.Equal((false, "Needs.Problem.NotOpen"), (result.Ok, result.Problem));
        Assert.Equal(0, await OrderCountAsync(s));
    }

    [Fact]
    public async Task PostAsync_ByAVolunteerWithoutAStaffRole_IsRefusedAndPostsNothing()
    {
        var s = await GatheredAsync();
        await using var engine = s.Engine;

        var result = await PostGroupAsync(s, s.Volunteer);

        Assert.False(result.Ok);
        Assert.Equal(0, await OrderCountAsync(s));
    }
}
