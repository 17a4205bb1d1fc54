using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Care;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// The demo's care plans (docs/decisions/0087-care-plans.md): the demo grid worker of 东庄社区 enrols four of its registry people
/// through <see cref="CareService"/>, three weeks back, so their first visits are due or overdue on the grid worker's phone. Made once.
/// </summary>
public static class CareDemo
{
    private const string Dongzhuang = "530103001001";
    private static readonly (string Kind, string Reason, string Team)[] Plans =
    [
        ("living-alone", "独居老人，子女在外地", "志愿者（助老）；社区医生"),
        ("drug-rehab", "社区戒毒人员，按协议定期走访", "派出所民警；社区禁毒专干"),
        ("corrections", "社区矫正对象，每周走访", "司法所工作人员；派出所民警"),
        ("left-behind-child", "父母外出务工，随祖父母生活", "学校班主任；志愿者（教育）"),
    ];

    public static async Task<int> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        var worker = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.UserName == "gridworker").Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct);
        if (worker is null || await db.CarePlans.AnyAsync(ct))
        {
            return 0;
        }
        var path = $"/530103/{Dongzhuang[..9]}/{Dongzhuang}/";
        var people = await db.People.AsNoTracking().Where(p => p.IsDemo && p.HouseId != null && p.ScopePath.StartsWith(path))
            .OrderByDescending(p => (p.Groups & SpecialGroups.LivingAlone) != 0).ThenBy(p => p.Id).Take(Plans.Length).Select(p => p.Id).ToListAsync(ct);
        var kinds = await db.CareKinds.AsNoTracking().ToDictionaryAsync(k => k.Code, k => k.Id, ct);
        var actor = new WorkflowActor(worker.Id, worker.DisplayName, new HashSet<string> { Roles.GridWorker }, new DataScope(path));
        var care = services.GetRequiredService<CareService>();
        var today = ChinaTime.DateOf(now);
        var enrolled = 0;
        for (var i = 0; i < people.Count; i++)
        {
            var (kind, reason, team) = Plans[i];
            var result = await care.EnrolAsync(new CareEnrolment(people[i], kinds[kind], reason, team, today.AddDays(-21), today.AddDays(365)), actor, ct);
            enrolled += result.Ok ? 1 : 0;
        }
        return enrolled;
    }
}
