using Panlong.Data;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>
/// The leader's community figures (issue 18 part 8, docs/appraisal.md "Community figures") against orders, an activity and
/// ledger movements made through the real services with a fake clock over two days: Monday (the earlier period) and
/// Tuesday (the period read).
/// </summary>
public class CommunityFiguresTests : IAsyncLifetime
{
    private const string DongzhuangStreet = "/530103/530103001/";
    private static readonly AppraisalPeriod Monday = new(new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 17));
    private static readonly AppraisalPeriod Tuesday = new(new DateOnly(2026, 3, 17), new DateOnly(2026, 3, 18));

    private TestEngine _engine = default!;
    private readonly Dictionary<string, long> _orders = [];

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await MakeTwoDaysAsync();
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private ServiceOrderService Orders => _engine.Database.Get<ServiceOrderService>();

    private CommunityFigures Figures => _engine.Database.Get<CommunityFigures>();

    /// <summary>China time on Monday (day 0) or Tuesday (day 1).</summary>
    private void To(int day, int hour, int minute = 0) =>
        _engine.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 16 + day, hour, minute, 0, ChinaTime.Offset).ToUniversalTime());

    private static ServiceOrderForm Window(int day, int fromHour, int fromMinute, int toHour, int toMinute) =>
        new(Housekeeping, null, new DateTimeOffset(2026, 3, 16 + day, fromHour, fromMinute, 0, ChinaTime.Offset),
            new DateTimeOffset(2026, 3, 16 + day, toHour, toMinute, 0, ChinaTime.Offset), "打扫卫生");

    private async Task PostAsync(string name, WorkflowActor requester, ServiceOrderForm form)
    {
        var posted = await Orders.PostAsync(requester, form);
        Assert.True(posted.Ok, posted.Problem);
        _orders[name] = posted.Id!.Value;
    }

    private static void Ok(OrderResult result) => Assert.True(result.Ok, result.Problem);

    private async Task MakeTwoDaysAsync()
    {
        var requester = await RequesterAsync(_engine);
        var (first, v1) = await QualifiedAsync(_engine);
        var (_, v2) = await QualifiedAsync(_engine);
        var r1 = await ResidentAsync(_engine, name: "居民甲");
        var r2 = await ResidentAsync(_engine, name: "居民乙");
        // Monday 09:00: H1 and H2 for Monday night; A, B, C for Tuesday afternoon; an activity on Tuesday morning.
        await PostAsync("H1", requester.Actor, Window(0, 22, 0, 23, 30));
        await PostAsync("H2", requester.Actor, Window(0, 22, 0, 23, 30));
        await PostAsync("A", requester.Actor, Window(1, 14, 0, 16, 0));
        await PostAsync("B", requester.Actor, Window(1, 14, 0, 16, 0));
        await PostAsync("C", requester.Actor, Window(1, 14, 0, 16, 0));
        var activity = await ActivityPeople.PublishAsync(_engine, ActivityPeople.Draft(_engine, startsIn: TimeSpan.FromHours(25)));
        Assert.True((await _engine.Database.Get<ActivitySignUps>().SignUpAsync(r1, activity)).Ok);
        Assert.True((await _engine.Database.Get<ActivitySignUps>().SignUpAsync(r2, activity)).Ok);

        To(0, 9, 10);
        Ok(await Orders.GrabAsync(_orders["H1"], v1));
        Ok(await Orders.GrabAsync(_orders["A"], v1));
        Ok(await Orders.GrabAsync(_orders["H2"], v2));
        Ok(await Orders.GrabAsync(_orders["B"], v2));
        To(0, 10);
        Ok(await Orders.CancelAsync(_orders["C"], requester.Actor, "不需要了")); // cancelled before its window: never due
        To(0, 23, 20);
        Ok(await Orders.CheckInAsync(_orders["H1"], v1, requester.Lat, requester.Lng));
        Ok(await Orders.CheckInAsync(_orders["H2"], v2, requester.Lat, requester.Lng));
        To(1, 0, 10); // H1 and H2 completed after their window and after Monday ended
        Ok(await Orders.CompleteAsync(_orders["H1"], v1, "cases/2026/03/h1.jpg", "cases/2026/03/h1.thumb.jpg", null));
        Ok(await Orders.CompleteAsync(_orders["H2"], v2, "cases/2026/03/h2.jpg", "cases/2026/03/h2.thumb.jpg", null));

        To(1, 9);
        await PostAsync("E", requester.Actor, Window(1, 14, 0, 16, 0));
        To(1, 9, 30);
        Ok(await Orders.GrabAsync(_orders["E"], v1));
        To(1, 10);
        var code = (await _engine.Database.Get<ActivityCheckIn>().DoorCodeAsync(StaffOf(Dongzhuang), activity))!.Digits;
        Assert.True((await _engine.Database.Get<ActivityCheckIn>().WithCodeAsync(r1, activity, code)).Ok);
        To(1, 14, 5);
        Ok(await Orders.CheckInAsync(_orders["A"], v1, requester.Lat, requester.Lng));
        To(1, 14, 10);
        Ok(await Orders.CheckInAsync(_orders["E"], v1, requester.Lat, requester.Lng));
        To(1, 14, 16);
        await Orders.SweepAsync(); // B: v2 did not come — released
        To(1, 14, 30);
        Ok(await Orders.CompleteAsync(_orders["A"], v1, "cases/2026/03/a.jpg", "cases/2026/03/a.thumb.jpg", null));
        To(1, 14, 50);
        await Orders.SweepAsync(); // B: open long after posting — escalated
        To(1, 15);
        Ok(await Orders.ConfirmAsync(_orders["A"], requester.Actor, 5, null));
        await _engine.Database.Get<PointsInbox>().DeliverPendingAsync();
        To(1, 16, 20); // E completed after its window ended: done, but late
        Ok(await Orders.CompleteAsync(_orders["E"], v1, "cases/2026/03/e.jpg", "cases/2026/03/e.thumb.jpg", null));

        To(1, 17);
        var ledger = _engine.Database.Get<PointLedger>();
        Assert.Equal(PointOutcome.Done, (await ledger.SpendAsync(first.Code, 15, new PointSource("supermarket-order", "t1"), "毛巾", v1.UserId)).Outcome);
        Assert.Equal(PointOutcome.Done, (await ledger.SpendAsync(first.Code, 5, new PointSource("supermarket-order", "t2"), "肥皂", v1.UserId)).Outcome);
        Assert.Equal(PointOutcome.Done, (await ledger.RefundAsync(new PointSource("supermarket-order", "t2"), "取消", v1.UserId)).Outcome);
        To(1, 18);
    }

    [Fact]
    public async Task Compute_Tuesday_RatesCountTheOrdersDueNotTheOrdersDone()
    {
        var table = await Figures.ComputeAsync(Tuesday, DongzhuangStreet);

        var row = Assert.Single(table.Rows, r => r.Code == Dongzhuang);
        // Completed in the period: H1, H2 (Monday's, finished after midnight), A and E — more than the three due (A, B, E).
        Assert.Equal((1, 1, 4, 1, 1, 1), (row.Posted, row.Grabbed, row.Completed, row.Confirmed, row.Escalated, row.NoShows));
        // Due: A (on time), B (no-show, never served), E (late); C was cancelled before its window. A denominator of the
        // orders done would read 4 of 4 — or 4 of 3, 133 %.
        Assert.Equal(new Ratio(2, 3), row.CompletedOfDue);
        Assert.Equal(new Ratio(1, 3), row.OnTimeOfDue);
        Assert.Equal(66.7, row.CompletedOfDue.Percent);
        Assert.Equal(33.3, row.OnTimeOfDue.Percent);
        // E, the one order first grabbed on Tuesday: posted 09:00, grabbed 09:30, on site 14:10.
        Assert.Equal((TimeSpan.FromMinutes(30), 1), (row.PostToGrab.Median!.Value, row.PostToGrab.Count));
        Assert.Equal(TimeSpan.FromMinutes(310), row.PostToCheckIn.P90);
        Assert.Equal((2, 0), (row.ActiveVolunteers, row.NewVolunteers));
        Assert.Equal((1, 1, new Ratio(1, 2)), (row.ActivitiesHeld, row.Attended, row.AttendedOfSeats));
        // 20 beans for A's confirmation; 15 + 5 spent, the 5 refunded.
        Assert.Equal((20L, 15L), (row.PointsIssued, row.PointsSpent));
        Assert.Equal(row with { Code = table.Total.Code, Name = table.Total.Name }, table.Total);
    }

    [Fact]
    public async Task Compute_MondayReadOnTuesday_OrdersFinishedAfterTheDayEndedAreUndone()
    {
        var row = (await Figures.ComputeAsync(Monday, DongzhuangStreet)).Total;

        Assert.Equal((5, 4, 0, 2), (row.Posted, row.Grabbed, row.Completed, row.NewVolunteers));
        // H1 and H2 were due by 23:30 and completed at 00:10: Monday's figure stays as Monday ended.
        Assert.Equal(new Ratio(0, 2), row.CompletedOfDue);
        Assert.Equal((TimeSpan.FromMinutes(10), 4), (row.PostToGrab.P90!.Value, row.PostToGrab.Count));
        Assert.Equal((0, 0L), (row.ActivitiesHeld, row.PointsIssued));
    }

    [Fact]
    public async Task OrdersBehind_EveryRate_OpensExactlyItsPartsAndWhole()
    {
        var row = (await Figures.ComputeAsync(Tuesday, DongzhuangStreet)).Total;

        async Task<long[]> Behind(OrderFigure figure) => [.. (await Figures.OrdersBehindAsync(Tuesday, DongzhuangStreet, figure)).Select(o => o.Id).Order()];
        long[] Ids(params string[] names) => [.. names.Select(n => _orders[n]).Order()];
        Assert.Equal(Ids("A", "B", "E"), await Behind(OrderFigure.Due));
        Assert.Equal(Ids("B"), await Behind(OrderFigure.DueNotDone));
        Assert.Equal(Ids("B", "E"), await Behind(OrderFigure.DueLate));
        Assert.Equal(Ids("H1", "H2", "A", "E"), await Behind(OrderFigure.Completed));
        Assert.Equal(row.CompletedOfDue.Whole, (await Behind(OrderFigure.Due)).Length);
        Assert.Equal(row.CompletedOfDue.Whole - row.CompletedOfDue.Part, (await Behind(OrderFigure.DueNotDone)).Length);
    }

    [Fact]
    public async Task Compute_District_RowsAreStreetsAndAnotherStreetSeesNone()
    {
        var district = await Figures.ComputeAsync(Tuesday, "/530103/");
        var gulou = await Figures.ComputeAsync(Tuesday, "/530103/530103002/");

        Assert.All(district.Rows, r => Assert.Equal(9, r.Code.Length));
        Assert.Equal(4, Assert.Single(district.Rows, r => r.Code == "530103001").Completed);
        Assert.All(gulou.Rows, r => Assert.StartsWith("530103002", r.Code, StringComparison.Ordinal));
        Assert.Equal((0, 0, 0, 0L), (gulou.Total.Posted, gulou.Total.Completed, gulou.Total.CompletedOfDue.Whole, gulou.Total.PointsIssued));
        Assert.All(district.Rows.Append(district.Total), r => Assert.True(r.CompletedOfDue.Percent is null or <= 100 && r.OnTimeOfDue.Percent is null or <= 100));
    }
}
