using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Requesters with a house in a building at a known position, and volunteers with a skill and an availability, for service order tests.</summary>
public static class ServiceOrderPeople
{
    public const int Housekeeping = 4;
    /// <summary>The 医疗 skill, which meets the 义诊 need kind (<see cref="Clinic"/>).</summary>
    public const int Medical = 1;
    /// <summary>The 义诊 need kind.</summary>
    public const int Clinic = 1;

    public sealed record Requester(WorkflowActor Actor, long PersonId, double Lat, double Lng);

    /// <summary>A verified resident living alone in a house of the community's first grid; the building stands at the grid's centre.</summary>
    public static async Task<Requester> RequesterAsync(TestEngine engine, string community = Dongzhuang, string name = "王奶奶", bool livingAlone = true, string unit = "1")
    {
        var actor = await ResidentAsync(engine, community, name);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, community);
        var gridPath = await db.OrgUnits.Where(u => u.Id == grid.Id).Select(u => u.ScopePath).SingleAsync();
        var building = new Building { Name = "测试楼", Address = "拓东路 1 号", Floors = 6, Lat = grid.Lat, Lng = grid.Lng, GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow };
        db.Buildings.Add(building);
        await db.SaveChangesAsync();
        var house = new House { BuildingId = building.Id, Unit = unit, Room = "302", GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow };
        db.Houses.Add(house);
        await db.SaveChangesAsync();
        var hash = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.IdHash).SingleAsync();
        var person = await db.People.SingleAsync(p => p.IdHash == hash);
        person.HouseId = house.Id;
        person.Groups = livingAlone ? SpecialGroups.LivingAlone : SpecialGroups.None;
        await db.SaveChangesAsync();
        return new Requester(actor, person.Id, grid.Lat, grid.Lng);
    }

    /// <summary>A volunteer approved by the community's staff, with the skills and availability given.</summary>
    public static async Task<(Volunteer Volunteer, WorkflowActor Actor)> QualifiedAsync(TestEngine engine, string community = Dongzhuang, string availability = "每天 07:00-22:00",
        params int[] skills)
    {
        var resident = await ResidentAsync(engine, community, "志愿者");
        var service = engine.Database.Get<VolunteerService>();
        var applied = await service.ApplyAsync(resident, new VolunteerForm(skills.Length == 0 ? [Housekeeping] : skills, availability, null));
        Assert.True(applied.Ok, applied.Problem);
        var decided = await service.DecideAsync(applied.Id!.Value, VolunteerContract.Approve, StaffOf(community), null);
        Assert.True(decided.Ok, decided.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var volunteer = await db.Volunteers.AsNoTracking().SingleAsync(v => v.UserId == resident.UserId);
        return (volunteer, resident with { Roles = new HashSet<string> { Roles.Volunteer } });
    }

    /// <summary>The volunteer wins the order and checks in at the requester's building at 14:00, the start of <see cref="Form"/>'s window.</summary>
    public static async Task CheckInAsync(TestEngine engine, long orderId, WorkflowActor volunteer, Requester requester)
    {
        var orders = engine.Database.Get<ServiceOrderService>();
        Assert.True((await orders.GrabAsync(orderId, volunteer)).Ok);
        engine.Clock.Advance(TimeSpan.FromHours(5));
        var checkedIn = await orders.CheckInAsync(orderId, volunteer, requester.Lat, requester.Lng);
        Assert.True(checkedIn.Ok, checkedIn.Problem);
    }

    /// <summary>A housekeeping order today 14:00–16:00 China time (the engine's clock stands at Monday 09:00).</summary>
    public static async Task<long> PostAsync(TestEngine engine, Requester requester, int skill = Housekeeping)
    {
        var result = await engine.Database.Get<ServiceOrderService>().PostAsync(requester.Actor, Form(skill));
        Assert.True(result.Ok, result.Problem);
        return result.Id!.Value;
    }

    public static ServiceOrderForm Form(int skill = Housekeeping, long? personId = null) =>
        new(skill, personId, TestEngine.MondayNine.AddHours(5), TestEngine.MondayNine.AddHours(7), "打扫卫生，帮忙买菜");
}
