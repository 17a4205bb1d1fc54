using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.ActivityPeople;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Publishing, editing and cancelling community activities (issue 18 part 5, docs/decisions/0056-community-activities.md).</summary>
public class ActivityServiceTests : IAsyncLifetime
{
    private TestEngine _engine = null!;

    private ActivityService Activities => _engine.Database.Get<ActivityService>();

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Publish_ByCommunityStaff_StoresTheActivityInTheirCommunityAndAudits()
    {
        var id = await PublishAsync(_engine, Draft(_engine, helpers: 2));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var activity = await db.Activities.Include(a => a.HelperSlots).SingleAsync(a => a.Id == id);
        Assert.Equal((Dongzhuang, "/530103/530103001/530103001001/", ActivityStatus.Published), (activity.CommunityCode, activity.ScopePath, activity.Status));
        Assert.Equal((HelperSkill, 2), (activity.HelperSlots.Single().SkillId, activity.HelperSlots.Single().Wanted));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Activity.Publish" && a.Target == $"activity:{id}"));
    }

    [Theory]
    [InlineData(0, 0, 2, "Activities.Problem.Capacity")]
    [InlineData(-3, 0, 2, "Activities.Problem.Capacity")]
    [InlineData(10, 0, -1, "Activities.Problem.EndBeforeStart")]
    [InlineData(10, 0, 0, "Activities.Problem.EndBeforeStart")]
    [InlineData(10, -2, 2, "Activities.Problem.InThePast")]
    public async Task Publish_WithBadInput_IsRefusedWithItsReason(int capacity, int startsInDays, int hours, string problem)
    {
        var start = _engine.Clock.GetUtcNow().AddDays(startsInDays);
        var draft = Draft(_engine, capacity) with { StartsAt = start, EndsAt = start.AddHours(hours) };

        var result = await Activities.PublishAsync(StaffOf(Dongzhuang), draft);

        Assert.Equal((false, problem), (result.Ok, result.Problem));
    }

    [Fact]
    public async Task Publish_WithAnUnknownSkillOrABuildingOfAnotherCommunity_IsRefused()
    {
        var unknownSkill = Draft(_engine) with { HelpersWanted = new Dictionary<int, int> { [999] = 1 } };
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var elsewhere = await db.Buildings.Where(b => !b.ScopePath.StartsWith("/530103/530103001/530103001001/")).Select(b => (long?)b.Id).FirstOrDefaultAsync();

        var skill = await Activities.PublishAsync(StaffOf(Dongzhuang), unknownSkill);

        Assert.Equal("Activities.Problem.Helpers", skill.Problem);
        if (elsewhere is { } building)
        {
            var other = await Activities.PublishAsync(StaffOf(Dongzhuang), Draft(_engine) with { BuildingId = building });
            Assert.Equal("Activities.Problem.Building", other.Problem);
        }
    }

    [Fact]
    public async Task EditAndCancel_ByStaffOfAnotherCommunity_AreNotFound()
    {
        var id = await PublishAsync(_engine);

        var edit = await Activities.EditAsync(StaffOf(Gulou1), id, Draft(_engine, 20));
        var cancel = await Activities.CancelAsync(StaffOf(Gulou1), id, "不办了");

        Assert.Equal((false, "Activities.Problem.NotFound"), (edit.Ok, edit.Problem));
        Assert.Equal((false, "Activities.Problem.NotFound"), (cancel.Ok, cancel.Problem));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal((10, ActivityStatus.Published), await db.Activities.Where(a => a.Id == id).Select(a => ValueTuple.Create(a.Capacity, a.Status)).SingleAsync());
    }

    [Fact]
    public async Task Edit_AfterTheStart_IsRefused()
    {
        var id = await PublishAsync(_engine, Draft(_engine, startsIn: TimeSpan.FromHours(1)));
        _engine.Clock.Advance(TimeSpan.FromHours(2));

        var result = await Activities.EditAsync(StaffOf(Dongzhuang), id, Draft(_engine, 20));

        Assert.Equal("Activities.Problem.Started", result.Problem);
    }

    [Fact]
    public async Task Edit_ToFewerSeatsThanConfirmed_IsRefused_AndMoreSeatsPromoteTheWaiting()
    {
        var id = await PublishAsync(_engine, Draft(_engine, capacity: 2));
        var people = new[] { await ResidentAsync(_engine, name: "一号"), await ResidentAsync(_engine, name: "二号"), await ResidentAsync(_engine, name: "三号") };
        var signUps = _engine.Database.Get<ActivitySignUps>();
        foreach (var person in people)
        {
            await signUps.SignUpAsync(person, id);
        }

        var fewer = await Activities.EditAsync(StaffOf(Dongzhuang), id, Draft(_engine, capacity: 1));
        var more = await Activities.EditAsync(StaffOf(Dongzhuang), id, Draft(_engine, capacity: 3));

        Assert.Equal("Activities.Problem.BelowConfirmed", fewer.Problem);
        Assert.True(more.Ok, more.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(ActivitySeat.Confirmed, await db.ActivitySignUps.Where(s => s.UserId == people[2].UserId).Select(s => s.Seat).SingleAsync());
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Topic == "activity.promoted" && m.Recipient == "user:" + people[2].UserId));
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Topic == "activity.changed"));
    }

    [Fact]
    public async Task Cancel_WithAReason_TellsEveryoneSignedUpAndClosesSignUp()
    {
        var id = await PublishAsync(_engine, Draft(_engine, capacity: 1));
        var first = await ResidentAsync(_engine, name: "一号");
        var second = await ResidentAsync(_engine, name: "二号");
        var signUps = _engine.Database.Get<ActivitySignUps>();
        await signUps.SignUpAsync(first, id);
        await signUps.SignUpAsync(second, id);

        var noReason = await Activities.CancelAsync(StaffOf(Dongzhuang), id, " ");
        var cancelled = await Activities.CancelAsync(StaffOf(Dongzhuang), id, "场地临时维修");
        var late = await signUps.SignUpAsync(await ResidentAsync(_engine, name: "三号"), id);

        Assert.Equal("Activities.Problem.ReasonRequired", noReason.Problem);
        Assert.True(cancelled.Ok);
        Assert.Equal("Activities.Problem.Cancelled", late.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var told = await db.OutboxMessages.Where(m => m.Topic == "activity.cancelled").Select(m => m.Recipient).ToListAsync();
        Assert.Equal(new[] { "user:" + first.UserId, "user:" + second.UserId }.Order(), told.Order());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Activity.Cancel"));
    }
}
