using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// Past and coming activities of 东庄社区 and 任旗营社区 (its 五小文化, docs/domain.md §8), made through the activity services
/// like real ones (docs/decisions/0056-community-activities.md): a past 义诊 was published, signed up for and attended at its
/// own time on a demo clock, so its helper's beans come through the outbox and the ledger. Made once.
/// </summary>
public static class ActivityDemo
{
    private const string Dongzhuang = "530103001001";

    private sealed record Plan(string Community, int Day, int Hour, string Title, ActivityKind Kind, string Venue, string Description, int Capacity,
        Dictionary<int, int> Helpers);

    private static readonly Plan[] Plans =
    [
        new("东庄社区", -10, 9, "义诊：社区卫生服务中心进社区", ActivityKind.FreeClinic, "东庄社区广场", "测血压、血糖，老年人慢病咨询。", 40, new() { [1] = 2 }),
        new("任旗营社区", -5, 19, "五小文化：小书屋读书会", ActivityKind.SmallCulture, "任旗营社区小书屋", "共读《平凡的世界》，分享读书心得。", 20, []),
        new("东庄社区", 3, 15, "五小文化：书法小课堂", ActivityKind.SmallCulture, "东庄社区活动室", "社区书法爱好者授课，笔墨纸砚由社区提供。", 3, []),
        new("任旗营社区", 4, 19, "五小文化：小广场舞蹈展演", ActivityKind.SmallCulture, "任旗营社区小广场", "各舞蹈队展演，欢迎居民观看参与。", 60, []),
        new("东庄社区", 6, 9, "法律咨询：婚姻家庭与赡养", ActivityKind.LegalAdvice, "东庄社区调解室", "律师现场解答婚姻家庭、赡养纠纷等问题。", 15, new() { [2] = 1, [6] = 1 }),
        new("东庄社区", 9, 10, "亲子活动：周末手工坊", ActivityKind.ParentChild, "东庄社区活动室", "家长和孩子一起做手工灯笼。", 12, new() { [3] = 1 }),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Activities.AnyAsync(ct))
        {
            return;
        }
        var names = Plans.Select(p => p.Community).Distinct().ToList();
        var communities = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Community && names.Contains(u.Name)).ToDictionaryAsync(u => u.Name, u => u.ScopePath, ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.UserName == "approver.dongzhuang").Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct);
        var volunteers = await db.Volunteers.AsNoTracking().Where(v => v.CommunityCode == Dongzhuang && v.Status == VolunteerStatus.Active).ToListAsync(ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var audit = services.GetRequiredService<AuditLog>();
        foreach (var plan in Plans.Where(p => communities.ContainsKey(p.Community)))
        {
            var path = communities[plan.Community];
            var organizer = plan.Community == "东庄社区" && staff is not null
                ? new WorkflowActor(staff.Id, staff.DisplayName, new HashSet<string> { Roles.Approver }, new DataScope(path))
                : new WorkflowActor("", plan.Community + "居委会", new HashSet<string> { Roles.Approver }, new DataScope(path));
            var day = ChinaTime.DateOf(now).AddDays(plan.Day);
            var starts = ChinaTime.At(day.ToDateTime(new TimeOnly(plan.Hour, 0)));
            // A past activity is made at its own time: published two weeks before, attended at the start.
            var clock = new DemoClock(plan.Day < 0 ? starts.AddDays(-14) : now);
            var published = await new ActivityService(dbFactory, audit, clock).PublishAsync(organizer,
                new ActivityDraft(plan.Title, plan.Kind, plan.Description, plan.Venue, null, starts, starts.AddHours(2), plan.Capacity, plan.Helpers), ct);
            if (published.Id is not { } id)
            {
                continue;
            }
            var signUps = new ActivitySignUps(dbFactory, clock);
            foreach (var volunteer in volunteers)
            {
                var actor = new WorkflowActor(volunteer.UserId, "", new HashSet<string> { Roles.Volunteer }, DataScope.None);
                var skill = plan.Helpers.Keys.Where(k => volunteer.Skills.Split(',').Select(int.Parse).Contains(k)).Cast<int?>().FirstOrDefault();
                if (plan.Community == "东庄社区" && (skill is not null || plan.Capacity <= 3))
                {
                    await signUps.SignUpAsync(actor, id, skill, ct);
                }
            }
            if (plan.Day < 0 && plan.Community == "东庄社区")
            {
                clock.Now = starts;
                var checkIn = new ActivityCheckIn(dbFactory, audit, clock);
                foreach (var volunteer in volunteers)
                {
                    await checkIn.WithCardAsync(organizer, id, volunteer.Code, ct);
                }
            }
        }
    }
}
