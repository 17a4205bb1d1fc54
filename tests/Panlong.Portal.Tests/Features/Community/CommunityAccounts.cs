using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>Accounts of a community for the portal's tests, made as the portal makes them (demo password, real roles, real approval).</summary>
public static class CommunityAccounts
{
    public const string Dongzhuang = "530103001001";
    public const string OtherCommunity = "530103002001";

    /// <summary>A verified resident account for a demo person of the community that no account holds yet (with a registered house if asked).</summary>
    public static async Task<(string UserName, string UserId)> ResidentAsync(PortalFactory portal, string userName, string community = Dongzhuang, bool withHouse = false)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var taken = await db.Users.Where(u => u.IdHash != null).Select(u => u.IdHash).ToListAsync();
        var person = await db.People.Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.Contains(community) && !taken.Contains(p.IdHash)
                && (!withHouse || p.HouseId != null))
            .OrderByDescending(p => p.Id).FirstAsync();
        var user = new PanlongUser
        {
            UserName = userName, DisplayName = person.Name, IdCipher = person.IdCipher, IdHash = person.IdHash, IdMasked = person.IdMasked, IdentityVerifiedAt = DateTimeOffset.UtcNow,
        };
        Assert.True((await Panlong.Workflows.Demo.DemoAccounts.CreateWithDemoPasswordAsync(users, user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Resident)).Succeeded);
        return (userName, user.Id);
    }

    /// <summary>A staff account whose unit is the given community (made once per run).</summary>
    public static async Task<string> StaffAsync(PortalFactory portal, string userName, string role, string community)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        if (await users.FindByNameAsync(userName) is null)
        {
            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == community);
            var user = new PanlongUser { UserName = userName, DisplayName = userName, OrgUnitId = unit.Id };
            Assert.True((await Panlong.Workflows.Demo.DemoAccounts.CreateWithDemoPasswordAsync(users, user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        return userName;
    }

    /// <summary>A resident of 东庄社区 approved as a volunteer by its approver, with the skills given and any-time availability; their actor holds the Volunteer role.</summary>
    public static async Task<(string UserName, WorkflowActor Actor, string Code)> VolunteerAsync(PortalFactory portal, string userName, bool withHouse, params int[] skills)
    {
        var (name, userId) = await ResidentAsync(portal, userName, Dongzhuang, withHouse);
        var volunteers = portal.Services.GetRequiredService<VolunteerService>();
        var resident = new WorkflowActor(userId, name, new HashSet<string> { Roles.Resident }, DataScope.None);
        var applied = await volunteers.ApplyAsync(resident, new VolunteerForm(skills, "每天", null));
        Assert.True(applied.Ok, applied.Problem);
        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        var decided = await volunteers.DecideAsync(applied.Id!.Value, VolunteerContract.Approve, staff, null);
        Assert.True(decided.Ok, decided.Problem);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var code = await db.Volunteers.Where(v => v.UserId == userId).Select(v => v.Code).SingleAsync();
        return (name, resident with { Roles = new HashSet<string> { Roles.Volunteer } }, code);
    }
}
