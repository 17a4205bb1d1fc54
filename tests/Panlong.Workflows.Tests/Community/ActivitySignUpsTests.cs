using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Providers;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.ActivityPeople;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Sign-up, the waiting list and the last seat under concurrency (issue 18 part 5, docs/decisions/0056-community-activities.md).</summary>
public class ActivitySignUpsTests
{
    private static ActivitySignUps SignUps(TestEngine engine) => engine.Database.Get<ActivitySignUps>();

    private static async Task<Dictionary<string, ActivitySeat>> SeatsAsync(TestEngine engine, long activityId)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.ActivitySignUps.Where(s => s.ActivityId == activityId).ToDictionaryAsync(s => s.UserId, s => s.Seat);
    }

    [Fact]
    public async Task Cancel_OfAConfirmedSeat_PromotesTheFirstWaitingAndTellsThem()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine, Draft(engine, capacity: 1));
        var first = await ResidentAsync(engine, name: "一号");
        var second = await ResidentAsync(engine, name: "二号");
        var third = await ResidentAsync(engine, name: "三号");
        var seats = new List<ActivitySeat?>();
        foreach (var person in new[] { first, second, third })
        {
            engine.Clock.Advance(TimeSpan.FromMinutes(1));
            seats.Add((await SignUps(engine).SignUpAsync(person, id)).Seat);
        }

        var cancelled = await SignUps(engine).CancelAsync(first, id);

        Assert.Equal([ActivitySeat.Confirmed, ActivitySeat.Waiting, ActivitySeat.Waiting], seats);
        Assert.True(cancelled.Ok, cancelled.Problem);
        var now = await SeatsAsync(engine, id);
        Assert.Equal((ActivitySeat.Cancelled, ActivitySeat.Confirmed, ActivitySeat.Waiting), (now[first.UserId!], now[second.UserId!], now[third.UserId!]));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var told = await db.OutboxMessages.Where(m => m.Topic == "activity.promoted").ToListAsync();
        Assert.Equal(("user:" + second.UserId, $"/activities/{id}"), (Assert.Single(told).Recipient, told[0].Link));
    }

    [Fact]
    public async Task Cancel_OfAWaitingPlace_PromotesNobody()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine, Draft(engine, capacity: 1));
        var first = await ResidentAsync(engine, name: "一号");
        var second = await ResidentAsync(engine, name: "二号");
        await SignUps(engine).SignUpAsync(first, id);
        await SignUps(engine).SignUpAsync(second, id);

        await SignUps(engine).CancelAsync(second, id);

        var now = await SeatsAsync(engine, id);
        Assert.Equal((ActivitySeat.Confirmed, ActivitySeat.Cancelled), (now[first.UserId!], now[second.UserId!]));
    }

    [Fact]
    public async Task SignUp_Twice_IsRefused_AndAgainAfterCancellingJoinsTheEndOfTheQueue()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine, Draft(engine, capacity: 1));
        var first = await ResidentAsync(engine, name: "一号");
        var second = await ResidentAsync(engine, name: "二号");
        await SignUps(engine).SignUpAsync(first, id);

        var twice = await SignUps(engine).SignUpAsync(first, id);
        await SignUps(engine).SignUpAsync(second, id);
        await SignUps(engine).CancelAsync(first, id);
        var again = await SignUps(engine).SignUpAsync(first, id);

        Assert.Equal((false, "Activities.Problem.AlreadySignedUp"), (twice.Ok, twice.Problem));
        Assert.Equal((true, ActivitySeat.Waiting), (again.Ok, again.Seat));
        Assert.Equal(ActivitySeat.Confirmed, (await SeatsAsync(engine, id))[second.UserId!]);
    }

    [Fact]
    public async Task SignUp_ByAResidentOfAnotherCommunity_IsNotFound()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine);
        var outsider = await ResidentAsync(engine, Gulou1, "鼓楼居民");

        var result = await SignUps(engine).SignUpAsync(outsider, id);

        Assert.Equal((false, "Activities.Problem.NotFound"), (result.Ok, result.Problem));
    }

    [Fact]
    public async Task SignUp_AsHelper_NeedsAVolunteerWithTheSkill_AndFillsTheHelperPlacesApartFromTheSeats()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine, Draft(engine, capacity: 1, helpers: 1));
        var helper = await VolunteerAsync(engine, name: "志愿甲");
        var second = await VolunteerAsync(engine, name: "志愿乙");
        var resident = await ResidentAsync(engine, name: "居民");

        var notVolunteer = await SignUps(engine).SignUpAsync(resident, id, HelperSkill);
        var wrongSkill = await SignUps(engine).SignUpAsync(AsVolunteer(helper), id, 1);
        var helped = await SignUps(engine).SignUpAsync(AsVolunteer(helper), id, HelperSkill);
        var queued = await SignUps(engine).SignUpAsync(AsVolunteer(second), id, HelperSkill);
        var seat = await SignUps(engine).SignUpAsync(resident, id);

        Assert.Equal("Activities.Problem.NoSkill", notVolunteer.Problem);
        Assert.Equal("Activities.Problem.NoSkill", wrongSkill.Problem);
        Assert.Equal((ActivitySeat.Confirmed, ActivitySeat.Waiting, ActivitySeat.Confirmed), (helped.Seat, queued.Seat, seat.Seat));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(helper.Code, await db.ActivitySignUps.Where(s => s.UserId == helper.UserId).Select(s => s.VolunteerCode).SingleAsync());
    }

    [Fact]
    public async Task SignUp_AfterTheStart_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await PublishAsync(engine, Draft(engine, startsIn: TimeSpan.FromHours(1)));
        var resident = await ResidentAsync(engine);
        engine.Clock.Advance(TimeSpan.FromHours(1));

        var result = await SignUps(engine).SignUpAsync(resident, id);

        Assert.Equal("Activities.Problem.Started", result.Problem);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SignUp_TheLastSeatRacedByEight_ConfirmsExactlyOne(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var id = await PublishAsync(engine, Draft(engine, capacity: 3));
        var early = new[] { await ResidentAsync(engine, name: "早一"), await ResidentAsync(engine, name: "早二") };
        foreach (var person in early)
        {
            await SignUps(engine).SignUpAsync(person, id);
        }
        var racers = new List<Panlong.Workflows.Engine.Runtime.WorkflowActor>();
        for (var i = 0; i < 8; i++)
        {
            racers.Add(await ResidentAsync(engine, name: $"抢{i}"));
        }

        var results = await Task.WhenAll(racers.Select(r => Task.Run(() => SignUps(engine).SignUpAsync(r, id))));

        Assert.All(results, r => Assert.True(r.Ok, r.Problem));
        Assert.Single(results, r => r.Seat == ActivitySeat.Confirmed);
        var seats = await SeatsAsync(engine, id);
        Assert.Equal((3, 7), (seats.Values.Count(s => s == ActivitySeat.Confirmed), seats.Values.Count(s => s == ActivitySeat.Waiting)));
    }
}
