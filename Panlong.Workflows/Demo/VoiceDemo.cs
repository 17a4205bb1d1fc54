using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;

namespace Panlong.Workflows.Demo;

/// <summary>
/// 东庄社区's 社区微吧 and 法律诊所 made through their services (docs/decisions/0089-community-voice.md): a demo lawyer volunteer
/// (<c>lawyer.dongzhuang</c>, approved like any volunteer), a few topics with an official answer and a pinned notice, one post the
/// word list held and staff hid, and a question the lawyer answered and the street's 司法所 published. Made once.
/// </summary>
public static class VoiceDemo
{
    private const string Dongzhuang = "530103001001";
    public const string LawyerUserName = "lawyer.dongzhuang";

    public static async Task SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.ForumPosts.AnyAsync(ct))
        {
            return;
        }
        var residents = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.UserName!.StartsWith("volunteer.")).OrderBy(u => u.UserName).Take(2).ToListAsync(ct);
        var staffUsers = await db.Users.AsNoTracking().Where(u => u.IsDemo && (u.UserName == "approver.dongzhuang" || u.UserName == "approver.tuodong"))
            .ToDictionaryAsync(u => u.UserName!, ct);
        if (residents.Count < 2 || !staffUsers.TryGetValue("approver.dongzhuang", out var staffUser) || !staffUsers.TryGetValue("approver.tuodong", out var officeUser))
        {
            return;
        }
        var path = $"/530103/{Dongzhuang[..9]}/{Dongzhuang}/";
        var staff = new WorkflowActor(staffUser.Id, staffUser.DisplayName, new HashSet<string> { Roles.Approver }, new DataScope(path));
        var office = new WorkflowActor(officeUser.Id, officeUser.DisplayName, new HashSet<string> { Roles.Approver }, new DataScope($"/530103/{Dongzhuang[..9]}/"));
        var (a, b) = (Resident(residents[0]), Resident(residents[1]));
        var forum = services.GetRequiredService<CommunityForum>();

        var lamp = (await forum.PostAsync(a, new ForumDraft(null, null, "小区东门路灯不亮", "东门那盏路灯坏了一个星期，晚上老人出门不安全，能不能修一下？"), ct)).Id;
        if (lamp is null)
        {
            return;
        }
        await forum.PostAsync(staff, new ForumDraft(null, lamp, null, "已报街道照明所，预计本周五前修好。感谢提醒！"), ct);
        await forum.PostAsync(b, new ForumDraft(null, null, "闲置婴儿车送邻居", "九成新婴儿车免费送，有需要的邻居联系我 13987654321。"), ct);
        var notice = (await forum.PostAsync(staff, new ForumDraft(Dongzhuang, null, "本周六上午停水通知", "因管网维修，本周六 8:00-12:00 东庄小区停水，请提前储水。"), ct)).Id;
        if (notice is { } n)
        {
            await forum.PinAsync(staff, n, pinned: true, ct);
        }
        if ((await forum.PostAsync(b, new ForumDraft(null, null, "优惠信息", "专业代开发票、办证，价格优惠。"), ct)).Id is { } spam)
        {
            await forum.HideAsync(staff, spam, "广告信息（演示数据）", ct);
        }

        var lawyer = await LawyerAsync(services, db, path, now, ct);
        var clinic = services.GetRequiredService<LawClinic>();
        if (lawyer is null || (await clinic.AskAsync(a, "房东不退押金怎么办？", "租房合同到期搬走了，房东以墙面有污渍为由扣下全部押金 2000 元，我该怎么办？", ct)).Id is not { } question)
        {
            return;
        }
        await clinic.ClaimAsync(lawyer, question, ct);
        await clinic.AnswerAsync(lawyer, question,
            "您好：押金是担保，房屋正常使用的损耗不应由承租人承担（《民法典》第七百一十一条）。建议先拍照留存房屋现状，与房东书面协商；协商不成可申请人民调解，或向人民法院起诉。", ct);
        await clinic.PublishAsync(office, question, null, ct);
    }

    private static WorkflowActor Resident(PanlongUser user) => new(user.Id, user.DisplayName, new HashSet<string> { Roles.Resident }, DataScope.None);

    /// <summary>The demo lawyer: a volunteer of the community with the 法律 skill.</summary>
    private static Task<WorkflowActor?> LawyerAsync(IServiceProvider services, PanlongDbContext db, string path, DateTimeOffset now, CancellationToken ct) =>
        DemoVolunteers.SignedUpAsync(services, db, LawyerUserName, path, new VolunteerForm([VoiceContract.LawSkillId], "工作日晚上线上答复", "执业律师"), now, ct);
}
