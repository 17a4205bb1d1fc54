using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.PartyStudy;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.PartyStudy;

namespace Panlong.Workflows.Demo;

/// <summary>
/// 东庄社区's party organisation with two study materials and three 流动党员 (two confirmed, one waiting), made through the
/// same services as real work (docs/decisions/0053-party-study.md). Idempotent: nothing is made when a member exists.
/// </summary>
public static class PartyStudyDemo
{
    private const string Dongzhuang = "530103001001";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.PartyMembers.AnyAsync(ct))
        {
            return;
        }
        var users = await db.Users.AsNoTracking().Where(u => u.IsDemo && (u.UserName!.StartsWith("member.") || u.UserName == "party.dongzhuang"))
            .ToDictionaryAsync(u => u.UserName!, ct);
        var community = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == Dongzhuang, ct);
        if (community is null || !users.TryGetValue("party.dongzhuang", out var organizerUser))
        {
            return;
        }
        var organizer = new WorkflowActor(organizerUser.Id, organizerUser.DisplayName, new HashSet<string> { Roles.PartyOrganizer }, new DataScope(community.ScopePath));
        var membership = services.GetRequiredService<PartyMembership>();
        var materials = services.GetRequiredService<StudyMaterials>();
        (string User, string Region, string Branch, string Phone, DateOnly Joined, bool Confirm)[] members =
        [
            ("member.li", "四川省成都市 成都某机械有限公司", "第二党支部", "028-86001234", new DateOnly(2012, 7, 1), true),
            ("member.zhou", "贵州省遵义市 遵义某中学", "教工党支部", "0851-28221234", new DateOnly(2016, 6, 20), true),
            ("member.he", "云南省曲靖市 某村委会", "村党支部", "0874-3121234", new DateOnly(2019, 12, 1), false),
        ];
        foreach (var m in members.Where(m => users.ContainsKey(m.User)))
        {
            var user = users[m.User];
            var resident = new WorkflowActor(user.Id, user.DisplayName, new HashSet<string> { Roles.Resident }, DataScope.None);
            await membership.RegisterAsync(resident, new MemberRegistration(m.Region, m.Branch, m.Phone, Dongzhuang, m.Joined), ct);
            if (m.Confirm)
            {
                var id = await db.PartyMembers.Where(p => p.UserId == user.Id).Select(p => p.Id).SingleAsync(ct);
                await membership.ConfirmAsync(organizer, id, ct);
            }
        }
        await materials.PublishAsync(organizer, new MaterialDraft("学习《中国共产党章程》总纲", MaterialKind.Article,
            "# 总纲\n中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。\n\n## 学习要点\n- 党的**根本宗旨**是全心全意为人民服务\n- 党员必须坚持“三会一课”制度\n- 流动党员应主动与流入地党组织联系",
            null, null, 10,
            [
                new QuizQuestion("党的根本宗旨是什么？", ["全心全意为人民服务", "发展生产力", "改革开放"], 0),
                new QuizQuestion("“三会一课”中的“一课”指什么？", ["党课", "团课", "技能培训课"], 0),
                new QuizQuestion("流动党员应与哪里的党组织保持联系？", ["只与原党组织", "流入地党组织和原党组织", "无需联系"], 1),
            ], 67), ct);
        await materials.PublishAsync(organizer, new MaterialDraft("社区禁毒宣传：识毒防毒", MaterialKind.Article,
            "# 识毒防毒\n流动党员在社区生活，也是群防群治的一员。\n\n- 发现可疑吸毒、贩毒线索，可通过“数字盘龙”上报\n- 不信谣、不传谣，**主动宣传**禁毒知识",
            null, null, 5, [], 0), ct);
    }
}
