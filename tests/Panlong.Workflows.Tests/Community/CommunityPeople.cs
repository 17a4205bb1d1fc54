using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Residents with a registry person in a community, and volunteers made of them through the real application and approval.</summary>
public static class CommunityPeople
{
    public const string Dongzhuang = "530103001001";
    public const string Gulou1 = "530103002001";

    private static int _serial = 100;

    /// <summary>The deciding staff of a community: an approver whose unit is the community.</summary>
    public static WorkflowActor StaffOf(string community, string name = "staff") =>
        new(name + community, name, new HashSet<string> { Roles.Approver }, new DataScope($"/530103/{community[..9]}/{community}/"));

    public static async Task<WorkflowActor> ResidentAsync(TestEngine engine, string community = Dongzhuang, string name = "刘志愿")
    {
        var protector = engine.Database.Get<PersonalDataProtector>();
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, community);
        var gridPath = await db.OrgUnits.Where(u => u.Id == grid.Id).Select(u => u.ScopePath).SingleAsync();
        var id = ResidentIdNumber.Create("530103", new DateOnly(1985, 1, 1), Interlocked.Increment(ref _serial));
        db.People.Add(new Person
        {
            Name = name, IdCipher = protector.Encrypt(id), IdHash = protector.Hash(id), IdMasked = PersonalDataMask.IdNumber(id),
            PhoneCipher = protector.Encrypt("13800001234"), PhoneMasked = "138****1234",
            GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow,
        });
        var user = new PanlongUser { UserName = "u" + Guid.NewGuid().ToString("N")[..10], DisplayName = name, IdHash = protector.Hash(id), IdCipher = protector.Encrypt(id),
            IdentityVerifiedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return TestEngine.Actor(name, Roles.Resident, null, user.Id);
    }

    public static async Task<long> ApplyAsync(TestEngine engine, WorkflowActor resident, params int[] skills)
    {
        var result = await engine.Database.Get<VolunteerService>().ApplyAsync(resident, new VolunteerForm(skills.Length == 0 ? [5] : skills, "周六 09:00-12:00", "送水工"));
        Assert.True(result.Ok, result.Problem);
        return result.Id!.Value;
    }

    /// <summary>A resident of the community who applied and was approved by its staff: the volunteer row.</summary>
    public static async Task<Volunteer> VolunteerAsync(TestEngine engine, string community = Dongzhuang, string name = "刘志愿", params int[] skills)
    {
        var resident = await ResidentAsync(engine, community, name);
        var application = await ApplyAsync(engine, resident, skills);
        var decided = await engine.Database.Get<VolunteerService>().DecideAsync(application, VolunteerContract.Approve, StaffOf(community), null);
        Assert.True(decided.Ok, decided.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.Volunteers.AsNoTracking().SingleAsync(v => v.UserId == resident.UserId);
    }

    /// <summary>A registry building in the community's first grid.</summary>
    public static async Task<long> BuildingAsync(TestEngine engine, string community, string name = "东庄小区 3 栋")
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, community);
        var path = await db.OrgUnits.Where(u => u.Id == grid.Id).Select(u => u.ScopePath).SingleAsync();
        var building = new Building { Name = name, Address = "东庄路 3 号", Floors = 6, Lat = grid.Lat, Lng = grid.Lng, GridId = grid.Id, ScopePath = path, UpdatedAt = DateTimeOffset.UtcNow };
        db.Buildings.Add(building);
        await db.SaveChangesAsync();
        return building.Id;
    }
}
