using Microsoft.EntityFrameworkCore;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>The volunteer home's nearby orders (docs/decisions/0061-volunteer-home-and-community-desk.md): the offers, nearest first to the volunteer's house, else soonest.</summary>
public class ServiceOrderNearbyTests
{
    private static async Task<long> PostAsync(TestEngine engine, Requester requester, int startHours) =>
        (await engine.Database.Get<ServiceOrderService>().PostAsync(requester.Actor,
            new ServiceOrderForm(Housekeeping, null, TestEngine.MondayNine.AddHours(startHours), TestEngine.MondayNine.AddHours(startHours + 2), "打扫卫生"))).Id!.Value;

    [Fact]
    public async Task Nearby_OfAVolunteerWithoutAHouse_IsTheOffersSoonestFirst()
    {
        await using var engine = await TestEngine.StartAsync();
        var (_, volunteer) = await QualifiedAsync(engine);
        var later = await PostAsync(engine, await RequesterAsync(engine, name: "王奶奶"), 6);
        var sooner = await PostAsync(engine, await RequesterAsync(engine, name: "李爷爷"), 3);

        var nearby = await engine.Database.Get<ServiceOrderQueries>().NearbyAsync(volunteer.UserId, 10);

        Assert.Equal([sooner, later], nearby.Select(n => n.Card.Id));
        Assert.All(nearby, n => Assert.Null(n.Meters));
        Assert.Equal((await engine.Database.Get<ServiceOrderQueries>().OffersAsync(volunteer.UserId)).Select(o => o.Id).Order(), nearby.Select(n => n.Card.Id).Order());
        Assert.All(nearby, n => Assert.True(n.Card.Masked));
    }

    [Fact]
    public async Task Nearby_OfAVolunteerWithAHouse_IsNearestFirst_WithTheDistance()
    {
        await using var engine = await TestEngine.StartAsync();
        var (volunteerRow, volunteer) = await QualifiedAsync(engine);
        var near = await RequesterAsync(engine, name: "王奶奶");
        var far = await RequesterAsync(engine, name: "李爷爷");
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            // The far requester's building a kilometre north (0.009° of latitude); the volunteer lives in the near one's.
            var farHouse = await db.People.Where(p => p.Id == far.PersonId).Select(p => p.HouseId).SingleAsync();
            var farBuilding = await db.Buildings.SingleAsync(b => db.Houses.Any(h => h.Id == farHouse && h.BuildingId == b.Id));
            farBuilding.Lat += 0.009;
            var nearHouse = await db.People.Where(p => p.Id == near.PersonId).Select(p => p.HouseId).SingleAsync();
            (await db.People.SingleAsync(p => p.Id == volunteerRow.PersonId)).HouseId = nearHouse;
            await db.SaveChangesAsync();
        }
        var farOrder = await PostAsync(engine, far, 3);
        var nearOrder = await PostAsync(engine, near, 6);

        var nearby = await engine.Database.Get<ServiceOrderQueries>().NearbyAsync(volunteer.UserId, 10);

        Assert.Equal([nearOrder, farOrder], nearby.Select(n => n.Card.Id));
        Assert.Equal(0, nearby[0].Meters);
        Assert.InRange(nearby[1].Meters!.Value, 990, 1010);
    }
}
