using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.ActivityPeople;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Check-in at the door with the organiser's rotating code or the volunteer card, and the helper's points (issue 18 part 5).</summary>
public class ActivityCheckInTests : IAsyncLifetime
{
    private TestEngine _engine = null!;

    private ActivityCheckIn CheckIn => _engine.Database.Get<ActivityCheckIn>();
    private ActivitySignUps SignUps => _engine.Database.Get<ActivitySignUps>();

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    /// <summary>An activity starting in two hours, and the clock moved to ten minutes before its start.</summary>
    private async Task<long> OpenActivityAsync(int helpers = 0)
    {
        var id = await PublishAsync(_engine, Draft(_engine, helpers: helpers, startsIn: TimeSpan.FromHours(2)));
        return id;
    }

    private void ToCheckInTime() => _engine.Clock.Advance(TimeSpan.FromMinutes(110));

    private async Task<string> CodeAsync(long id) => (await CheckIn.DoorCodeAsync(StaffOf(Dongzhuang), id))!.Digits;

    [Fact]
    public async Task WithCode_TheCurrentCode_ChecksInOnce()
    {
        var id = await OpenActivityAsync();
        var resident = await ResidentAsync(_engine);
        await SignUps.SignUpAsync(resident, id);
        ToCheckInTime();

        var first = await CheckIn.WithCodeAsync(resident, id, await CodeAsync(id));
        var again = await CheckIn.WithCodeAsync(resident, id, await CodeAsync(id));

        Assert.True(first.Ok, first.Problem);
        Assert.Equal("Activities.CheckIn.Already", again.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var row = await db.ActivitySignUps.SingleAsync(s => s.UserId == resident.UserId);
        Assert.Equal((_engine.Clock.GetUtcNow(), ActivityCheckIn.ByCode), (row.CheckedInAt, row.CheckedInBy));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Topic == PointsInbox.ActivityAttendedTopic));
    }

    [Fact]
    public async Task WithCode_ACodeOlderThanTwoMinutes_IsExpired_AndOneFromTheMinuteBefore_IsAccepted()
    {
        var id = await OpenActivityAsync();
        var late = await ResidentAsync(_engine, name: "迟到");
        var onTime = await ResidentAsync(_engine, name: "准时");
        await SignUps.SignUpAsync(late, id);
        await SignUps.SignUpAsync(onTime, id);
        ToCheckInTime();
        var shown = await CheckIn.DoorCodeAsync(StaffOf(Dongzhuang), id);

        _engine.Clock.Advance(shown!.ShownUntil - _engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        var nextMinute = await CheckIn.WithCodeAsync(onTime, id, shown.Digits);
        _engine.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await CheckIn.WithCodeAsync(late, id, shown.Digits);

        Assert.True(nextMinute.Ok, nextMinute.Problem);
        Assert.Equal((false, "Activities.CheckIn.Expired"), (expired.Ok, expired.Problem));
        Assert.Equal(shown.ShownUntil + ActivityCheckIn.Step, shown.AcceptedUntil);
    }

    [Fact]
    public async Task WithCode_BeforeTheWindowOrAfterTheEnd_IsRefusedWithTheOpeningTime()
    {
        var id = await OpenActivityAsync();
        var resident = await ResidentAsync(_engine);
        await SignUps.SignUpAsync(resident, id);
        _engine.Clock.Advance(TimeSpan.FromMinutes(80));

        var early = await CheckIn.WithCodeAsync(resident, id, await CodeAsync(id));
        _engine.Clock.Advance(TimeSpan.FromHours(4));
        var ended = await CheckIn.WithCodeAsync(resident, id, await CodeAsync(id));

        Assert.Equal(("Activities.CheckIn.NotOpen", _engine.Clock.GetUtcNow() - TimeSpan.FromHours(4) + TimeSpan.FromMinutes(10)), (early.Problem, early.At));
        Assert.Equal("Activities.CheckIn.Ended", ended.Problem);
    }

    [Fact]
    public async Task WithCode_AWrongCodeAnotherActivitysCodeOrNoSeat_AreToldApart()
    {
        var id = await OpenActivityAsync();
        var other = await PublishAsync(_engine, Draft(_engine, startsIn: TimeSpan.FromHours(2), title: "义诊"));
        var resident = await ResidentAsync(_engine, name: "有座");
        var waiting = await ResidentAsync(_engine, name: "候补");
        var stranger = await ResidentAsync(_engine, name: "没报名");
        await SignUps.SignUpAsync(resident, other);
        await _engine.Database.Get<ActivityService>().EditAsync(StaffOf(Dongzhuang), id, Draft(_engine, capacity: 1, startsIn: TimeSpan.FromHours(2)));
        await SignUps.SignUpAsync(resident, id);
        await SignUps.SignUpAsync(waiting, id);
        ToCheckInTime();
        var code = await CodeAsync(id);

        var wrong = await CheckIn.WithCodeAsync(resident, id, code == "000000" ? "111111" : "000000");
        var otherActivity = await CheckIn.WithCodeAsync(resident, other, code);
        var noSeat = await CheckIn.WithCodeAsync(stranger, id, code);
        var queued = await CheckIn.WithCodeAsync(waiting, id, code);

        Assert.Equal("Activities.CheckIn.WrongCode", wrong.Problem);
        Assert.Equal("Activities.CheckIn.WrongActivity", otherActivity.Problem);
        Assert.Equal("Activities.CheckIn.NotSignedUp", noSeat.Problem);
        Assert.Equal("Activities.CheckIn.Waiting", queued.Problem);
    }

    [Fact]
    public async Task WithCard_TheOrganiserScansTheHelpersCard_ChecksInAndAudits_AnotherCommunitysStaffCannot()
    {
        var id = await OpenActivityAsync(helpers: 1);
        var helper = await VolunteerAsync(_engine);
        await SignUps.SignUpAsync(AsVolunteer(helper), id, HelperSkill);
        ToCheckInTime();

        var outsider = await CheckIn.WithCardAsync(StaffOf(Gulou1), id, helper.Code);
        var unknown = await CheckIn.WithCardAsync(StaffOf(Dongzhuang), id, "VXXXXXXXXX");
        var scanned = await CheckIn.WithCardAsync(StaffOf(Dongzhuang), id, helper.Code.ToLowerInvariant() + " ");

        Assert.Equal("Activities.Problem.NotFound", outsider.Problem);
        Assert.Equal("Activities.CheckIn.UnknownCard", unknown.Problem);
        Assert.True(scanned.Ok, scanned.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(ActivityCheckIn.ByCard, await db.ActivitySignUps.Where(s => s.UserId == helper.UserId).Select(s => s.CheckedInBy).SingleAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Activity.CheckIn"));
    }

    [Fact]
    public async Task Attendance_OfAHelper_WritesOnePointsMessage_AndDeliveredTwiceAwardsOnce()
    {
        var id = await OpenActivityAsync(helpers: 1);
        var helper = await VolunteerAsync(_engine);
        await SignUps.SignUpAsync(AsVolunteer(helper), id, HelperSkill);
        ToCheckInTime();

        await CheckIn.WithCodeAsync(AsVolunteer(helper), id, await CodeAsync(id));
        await CheckIn.WithCardAsync(StaffOf(Dongzhuang), id, helper.Code);
        var inbox = _engine.Database.Get<PointsInbox>();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var message = await db.OutboxMessages.SingleAsync(m => m.Topic == PointsInbox.ActivityAttendedTopic);
        var first = await inbox.HandleAsync(message);
        var second = await inbox.HandleAsync(message);

        Assert.Equal("points:" + helper.UserId, message.Recipient);
        Assert.Equal((PointOutcome.Done, PointOutcome.AlreadyDone), (first.Outcome, second.Outcome));
        var account = await PointLedger.VolunteerAccountAsync(db, helper.Code);
        Assert.Equal(10, await PointLedger.BalanceAsync(db, account!.Id));
        Assert.Equal(1, await db.PointTransactions.CountAsync(t => t.SourceType == "activity"));
    }
}
