using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Service orders, 抢单 (issue 18 part 4, docs/decisions/0055-service-orders.md).</summary>
public class ServiceOrderServiceTests
{
    private static ServiceOrderService Orders(TestEngine engine) => engine.Database.Get<ServiceOrderService>();

    private static ServiceOrderQueries Queries(TestEngine engine) => engine.Database.Get<ServiceOrderQueries>();

    private static async Task<ServiceOrder> OrderAsync(TestEngine engine, long id)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.ServiceOrders.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Grab_ThirtyTwoAtOnceBySixteenVolunteers_ExactlyOneWins(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var requester = await RequesterAsync(engine);
        var volunteers = new List<Panlong.Workflows.Engine.Runtime.WorkflowActor>();
        for (var i = 0; i < 16; i++)
        {
            volunteers.Add((await QualifiedAsync(engine)).Actor);
        }
        var order = await PostAsync(engine, requester);

        // Each volunteer taps twice: 32 grabs racing on separate connections.
        var results = await Task.WhenAll(volunteers.Concat(volunteers).Select(v => Task.Run(() => Orders(engine).GrabAsync(order, v))));

        var winner = Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r => Assert.True(r.Problem is "Orders.Problem.Taken" or "Orders.Problem.AlreadyYours", r.Problem));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.ServiceOrderEvents.CountAsync(e => e.OrderId == order && e.Action == ServiceOrderActions.Grab));
        Assert.Equal(ServiceOrderStatus.Assigned, (await OrderAsync(engine, order)).Status);
        Assert.Equal(winner.Id, order);
    }

    [Fact]
    public async Task Grab_AfterSomeoneElseWon_IsRefusedAsTaken()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, first) = await QualifiedAsync(engine);
        var (_, second) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);

        Assert.True((await Orders(engine).GrabAsync(order, first)).Ok);
        var late = await Orders(engine).GrabAsync(order, second);

        Assert.Equal("Orders.Problem.Taken", late.Problem);
        Assert.Empty(await Queries(engine).OffersAsync(second.UserId));
    }

    [Fact]
    public async Task Offers_UntilWon_MaskTheRequesterAndTheWinnerSeesThemInFull()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine, name: "王秀英");
        var (_, volunteer) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);

        var offered = Assert.Single(await Queries(engine).OffersAsync(volunteer.UserId));
        Assert.True(offered.Masked);
        Assert.True(offered.LivingAlone);
        Assert.Equal("王**", offered.Requester);
        Assert.Equal("138****1234", offered.Phone);
        Assert.DoesNotContain("302", offered.Address, StringComparison.Ordinal);

        Assert.True((await Orders(engine).GrabAsync(order, volunteer)).Ok);
        var mine = Assert.Single(await Queries(engine).MineAsync(volunteer.UserId));
        Assert.False(mine.Masked);
        Assert.Equal("王秀英", mine.Requester);
        Assert.Equal("13800001234", mine.Phone);
        Assert.Contains("302", mine.Address, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3单元")]
    [InlineData("3")]
    public async Task WonOrder_UnitWrittenEitherWay_NamesTheUnitOnce(string unit)
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine, unit: unit);
        var (_, volunteer) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);

        Assert.True((await Orders(engine).GrabAsync(order, volunteer)).Ok);

        Assert.Equal("拓东路 1 号 3单元 302", Assert.Single(await Queries(engine).MineAsync(volunteer.UserId)).Address);
    }

    [Fact]
    public async Task Offers_OnlyToVolunteersWithTheSkillAndAvailableInTheWindow()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, weekends) = await QualifiedAsync(engine, availability: "周末 09:00-17:00");
        var (_, lawyer) = await QualifiedAsync(engine, skills: 2);
        var (_, afternoons) = await QualifiedAsync(engine, availability: "周一至周五 13:00-18:00");
        await PostAsync(engine, requester);

        Assert.Empty(await Queries(engine).OffersAsync(weekends.UserId));
        Assert.Empty(await Queries(engine).OffersAsync(lawyer.UserId));
        Assert.Single(await Queries(engine).OffersAsync(afternoons.UserId));
    }

    [Fact]
    public async Task CheckIn_FarFromTheHouse_IsRefusedWithTheDistance_AndNearbySucceeds()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, volunteer) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);
        Assert.True((await Orders(engine).GrabAsync(order, volunteer)).Ok);
        engine.Clock.Advance(TimeSpan.FromHours(4.5)); // 13:30, half an hour before the window

        // 0.01° of latitude is about 1.1 km.
        var far = await Orders(engine).CheckInAsync(order, volunteer, requester.Lat + 0.01, requester.Lng);
        var near = await Orders(engine).CheckInAsync(order, volunteer, requester.Lat + 0.001, requester.Lng);

        Assert.Equal("Orders.Problem.TooFar", far.Problem);
        Assert.InRange(far.Meters!.Value, 1100, 1120);
        Assert.True(near.Ok, near.Problem);
        Assert.InRange((await OrderAsync(engine, order)).CheckInDistance!.Value, 100, 120);
    }

    [Fact]
    public async Task CheckIn_BeforeTheWindowOpensForCheckIn_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, volunteer) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);
        Assert.True((await Orders(engine).GrabAsync(order, volunteer)).Ok);

        var early = await Orders(engine).CheckInAsync(order, volunteer, requester.Lat, requester.Lng); // 09:00, the window is at 14:00

        Assert.Equal("Orders.Problem.CheckInTime", early.Problem);
    }

    [Fact]
    public async Task Sweep_WinnerNotCheckedInByStartPlusGrace_ReleasesTheOrderAndCountsANoShow()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (late, volunteer) = await QualifiedAsync(engine);
        var (_, other) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);
        Assert.True((await Orders(engine).GrabAsync(order, volunteer)).Ok);

        engine.Clock.Advance(TimeSpan.FromMinutes(5 * 60 + 14)); // 14:14, within the 15 minutes' grace
        var inGrace = await Orders(engine).SweepAsync();
        engine.Clock.Advance(TimeSpan.FromMinutes(2)); // 14:16
        var after = await Orders(engine).SweepAsync();

        Assert.Equal(0, inGrace.NoShows);
        Assert.Equal(1, after.NoShows);
        var released = await OrderAsync(engine, order);
        Assert.Equal(ServiceOrderStatus.Open, released.Status);
        Assert.Null(released.AssigneeVolunteerId);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await Orders(engine).NoShowsAsync(db, late.Id, engine.Clock.GetUtcNow(), default));
        Assert.Single(await Queries(engine).OffersAsync(other.UserId));
        Assert.Equal("Orders.Problem.NotFound", (await Orders(engine).CheckInAsync(order, volunteer, requester.Lat, requester.Lng)).Problem);
    }

    [Fact]
    public async Task Grab_AfterThreeNoShows_IsPausedAndNothingIsOffered()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, volunteer) = await QualifiedAsync(engine);
        for (var i = 0; i < 3; i++)
        {
            var missed = await PostAsync(engine, requester);
            Assert.True((await Orders(engine).GrabAsync(missed, volunteer)).Ok);
        }
        engine.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(3, (await Orders(engine).SweepAsync()).NoShows);

        var next = await Orders(engine).PostAsync(requester.Actor, Form() with { WindowStart = engine.Clock.GetUtcNow().AddHours(1), WindowEnd = engine.Clock.GetUtcNow().AddHours(2) });

        Assert.Empty(await Queries(engine).OffersAsync(volunteer.UserId));
        Assert.Equal("Orders.Problem.Paused", (await Orders(engine).GrabAsync(next.Id!.Value, volunteer)).Problem);
        Assert.Contains(await Queries(engine).NoShowsAsync(StaffOf(Dongzhuang)), r => r.NoShows == 3 && r.Paused);
    }

    [Fact]
    public async Task Sweep_OrderUnassignedPastTheLimit_EscalatesOnceToTheCommunityStaff()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var order = await PostAsync(engine, requester);

        engine.Clock.Advance(TimeSpan.FromMinutes(29));
        var early = await Orders(engine).SweepAsync();
        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        var due = await Orders(engine).SweepAsync();
        var again = await Orders(engine).SweepAsync();

        Assert.Equal((0, 1, 0), (early.Escalated, due.Escalated, again.Escalated));
        Assert.NotNull((await OrderAsync(engine, order)).EscalatedAt);
        Assert.Single(await Queries(engine).StaffListAsync(StaffOf(Dongzhuang), StaffOrderFilter.Escalated));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Topic == "order.escalated" && m.Recipient == $"unit:{Dongzhuang}:{Roles.Approver}"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Confirm_AwardsThePointsOnceThroughTheLedger(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var requester = await RequesterAsync(engine);
        var (volunteer, actor) = await QualifiedAsync(engine);
        var order = await PostAsync(engine, requester);
        Assert.True((await Orders(engine).GrabAsync(order, actor)).Ok);
        engine.Clock.Advance(TimeSpan.FromHours(5));
        Assert.True((await Orders(engine).CheckInAsync(order, actor, requester.Lat, requester.Lng)).Ok);
        Assert.True((await Orders(engine).CompleteAsync(order, actor, "cases/2026/03/x.jpg", "cases/2026/03/x.thumb.jpg", "已打扫")).Ok);

        var stranger = await Orders(engine).ConfirmAsync(order, actor, 5, null);
        var badRating = await Orders(engine).ConfirmAsync(order, requester.Actor, 6, null);
        var confirmed = await Orders(engine).ConfirmAsync(order, requester.Actor, 5, "很好");
        var twice = await Orders(engine).ConfirmAsync(order, requester.Actor, 4, null);
        var inbox = engine.Database.Get<PointsInbox>();
        await inbox.DeliverPendingAsync();
        await inbox.DeliverPendingAsync();

        Assert.Equal("Orders.Problem.NotFound", stranger.Problem);
        Assert.Equal("Orders.Problem.Rating", badRating.Problem);
        Assert.True(confirmed.Ok, confirmed.Problem);
        Assert.Equal("Orders.Problem.State", twice.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var account = await PointLedger.VolunteerAccountAsync(db, volunteer.Code);
        Assert.Equal(20, await PointLedger.BalanceAsync(db, account!.Id));
        Assert.Equal(1, await db.PointTransactions.CountAsync(t => t.SourceType == "order" && t.SourceId == order.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(5, (await OrderAsync(engine, order)).Rating);
    }

    [Fact]
    public async Task Scope_AnotherCommunitysStaffAndVolunteers_NeitherSeeNorGrabTheOrder()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var (_, stranger) = await QualifiedAsync(engine, Gulou1);
        var order = await PostAsync(engine, requester);

        Assert.Single(await Queries(engine).StaffListAsync(StaffOf(Dongzhuang), StaffOrderFilter.Open));
        Assert.Empty(await Queries(engine).StaffListAsync(StaffOf(Gulou1), StaffOrderFilter.Open));
        Assert.Empty(await Queries(engine).OffersAsync(stranger.UserId));
        Assert.Equal("Orders.Problem.NotFound", (await Orders(engine).GrabAsync(order, stranger)).Problem);
        Assert.Equal("Orders.Problem.NotFound", (await Orders(engine).CancelAsync(order, StaffOf(Gulou1), null)).Problem);
    }

    [Fact]
    public async Task Post_ByStaffForAResidentOfTheirCommunity_TakesTheRegistrysLivingAloneFlag_AndStaffConfirm()
    {
        await using var engine = await TestEngine.StartAsync();
        var requester = await RequesterAsync(engine);
        var staff = StaffOf(Dongzhuang);

        var posted = await Orders(engine).PostAsync(staff, Form(personId: requester.PersonId));
        var outside = await Orders(engine).PostAsync(StaffOf(Gulou1), Form(personId: requester.PersonId));

        Assert.True(posted.Ok, posted.Problem);
        Assert.Equal("Orders.Problem.NoHouse", outside.Problem);
        var order = await OrderAsync(engine, posted.Id!.Value);
        Assert.True(order.LivingAlone && order.PostedByStaff);
        Assert.True(ServiceOrderService.MayConfirm(order, StaffOf(Dongzhuang, "another")));
        Assert.False(ServiceOrderService.MayConfirm(order, requester.Actor));
    }
}
