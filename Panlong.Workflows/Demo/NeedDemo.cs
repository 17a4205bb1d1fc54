using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// A few residents' needs in each demo community that has verified demo residents, posted through <see cref="NeedService"/>
/// as those residents (docs/decisions/0057-community-needs.md), and one clinic group invited by the community's staff.
/// Idempotent: nothing is made when a need exists.
/// </summary>
public static class NeedDemo
{
    private static readonly (int Kind, string Text, bool AtHome)[] Plans =
    [
        (1, "家中老人血压偏高，希望有医生上门量血压、看看用药", true),
        (2, "房屋租赁合同到期，房东不退押金，想咨询怎么办", false),
        (3, "周末想带孩子参加社区亲子手工活动", false),
        (5, "独居老人行动不便，需要每周有人上门陪伴、帮忙买菜", true),
        (1, "想参加社区义诊，测血糖", false),
        (4, "家里老人需要打扫卫生、擦窗户", true),
    ];

    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.Needs.AnyAsync(ct))
        {
            return 0;
        }
        var residentRole = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync(ct);
        var residents = await db.Users.AsNoTracking()
            .Where(u => u.IsDemo && u.IdentityVerifiedAt != null && u.IdHash != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == residentRole))
            .OrderBy(u => u.UserName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        var needs = services.GetRequiredService<NeedService>();
        var posted = 0;
        for (var i = 0; i < residents.Count; i++)
        {
            var actor = new WorkflowActor(residents[i].Id, residents[i].DisplayName, new HashSet<string> { Roles.Resident }, DataScope.None);
            var person = await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
            var building = person?.HouseId is { } house ? await db.Houses.Where(h => h.Id == house).Select(h => (long?)h.BuildingId).SingleOrDefaultAsync(ct) : null;
            foreach (var plan in new[] { Plans[i % Plans.Length], Plans[(i + 3) % Plans.Length] })
            {
                posted += (await needs.PostAsync(actor, new NeedForm(plan.Kind, plan.Text, plan.AtHome ? building : null), ct)).Ok ? 1 : 0;
            }
        }
        await InviteClinicsAsync(db, needs, ct);
        return posted;
    }

    /// <summary>The clinic needs of each community, invited by its staff: the demo shows a gathered group beside the open ones.</summary>
    private static async Task InviteClinicsAsync(PanlongDbContext db, NeedService needs, CancellationToken ct)
    {
        var clinics = await db.Needs.AsNoTracking().Where(n => n.KindId == 1).Select(n => new { n.Id, n.CommunityCode }).ToListAsync(ct);
        foreach (var community in clinics.GroupBy(n => n.CommunityCode))
        {
            var staff = new WorkflowActor("demo-staff", "社区工作人员", new HashSet<string> { Roles.Approver }, new DataScope(OrgPath.OfRegion(community.Key)!.Value));
            await needs.InviteAsync(NeedTarget.Needs(community.Select(n => n.Id)), staff, ct);
        }
    }
}
