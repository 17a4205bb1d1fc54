using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Voice;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>社区微吧 on a real database (docs/decisions/0089-community-voice.md): scope, masking, the word list, reports and hiding.</summary>
public sealed class CommunityForumTests : IAsyncLifetime
{
    private TestEngine _engine = default!;

    private CommunityForum Forum => _engine.Database.Get<CommunityForum>();
    private VoiceQueries Queries => _engine.Database.Get<VoiceQueries>();

    /// <summary>A grid worker of 东庄 (community staff) and one of 拓东街道 (the street: covers its communities).</summary>
    private static readonly WorkflowActor Staff = TestEngine.Actor("网格员", Roles.GridWorker, $"/530103/530103001/{Dongzhuang}/", "staff-dz");
    private static readonly WorkflowActor StreetStaff = TestEngine.Actor("街道", Roles.Approver, "/530103/530103001/", "staff-td");
    private static readonly WorkflowActor GulouStaff = TestEngine.Actor("鼓楼", Roles.GridWorker, $"/530103/530103002/{Gulou1}/", "staff-gl");

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<long> TopicAsync(WorkflowActor by, string text = "楼道灯坏了三天", string title = "楼道灯", string? community = null)
    {
        var result = await Forum.PostAsync(by, new ForumDraft(community, null, title, text));
        Assert.True(result.Ok, result.Problem);
        return result.Id!.Value;
    }

    private async Task<int> AuditCountAsync(string action)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == action);
    }

    [Fact]
    public async Task Post_WithIdAndPhone_IsStoredAsTypedAndShownMaskedToEveryone()
    {
        var resident = await ResidentAsync(_engine, Dongzhuang, "张伟");
        var neighbour = await ResidentAsync(_engine, Dongzhuang, "李娜");
        var id = await TopicAsync(resident, "我家身份证530103198501011234丢了，捡到请打13812345678");

        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            Assert.Contains("530103198501011234", (await db.ForumPosts.SingleAsync(p => p.Id == id)).Text, StringComparison.Ordinal);
        }
        foreach (var viewer in new[] { resident, neighbour, Staff })
        {
            var post = Assert.Single((await Queries.ForumAsync(viewer, Dongzhuang))!.Posts);
            Assert.Equal("我家身份证530103********1234丢了，捡到请打138****5678", post.Text);
            Assert.True(post.HasPersonalData);
            Assert.Equal("张*", post.Author);
        }
    }

    [Fact]
    public async Task Forum_ResidentSeesOwnCommunityOnly_StreetStaffSeeTheirCommunities()
    {
        var dz = await ResidentAsync(_engine, Dongzhuang, "东庄居民");
        var gl = await ResidentAsync(_engine, Gulou1, "鼓楼居民");
        await TopicAsync(dz);

        Assert.Null(await Queries.ForumAsync(gl, Dongzhuang));
        Assert.Empty((await Queries.ForumAsync(gl, null))!.Posts);
        Assert.Single((await Queries.ForumAsync(StreetStaff, Dongzhuang))!.Posts);
        Assert.Null(await Queries.ForumAsync(GulouStaff, Dongzhuang));
        Assert.False((await Forum.PostAsync(gl, new ForumDraft(Dongzhuang, null, "跨社区", "发到别的社区"))).Ok);
        Assert.Equal("Forum.Problem.NotResident", (await Forum.PostAsync(TestEngine.Resident, new ForumDraft(null, null, "无实名", "没有实名的账号"))).Problem);
    }

    [Fact]
    public async Task Post_WithListedWord_IsHeldForReviewAndShownOnlyToAuthorAndStaff()
    {
        var author = await ResidentAsync(_engine, Dongzhuang, "王五");
        var other = await ResidentAsync(_engine, Dongzhuang, "赵六");

        var result = await Forum.PostAsync(author, new ForumDraft(null, null, "优惠", "可以代开发票，价格低"));

        Assert.True(result is { Ok: true, Held: true });
        Assert.Empty((await Queries.ForumAsync(other, null))!.Posts);
        Assert.Equal(ForumPostStatus.Held, Assert.Single((await Queries.ForumAsync(author, null))!.Posts).Status);
        var held = Assert.Single(await Queries.ReviewAsync(Staff, Dongzhuang));
        Assert.Equal("代开发票", held.HeldWord);

        Assert.True((await Forum.ReleaseAsync(Staff, result.Id!.Value)).Ok);
        Assert.Single((await Queries.ForumAsync(other, null))!.Posts);
        Assert.Equal(1, await AuditCountAsync(VoiceContract.Release));
    }

    [Fact]
    public async Task Hide_AfterReports_PostVanishesForResidentsStaysForStaffAndIsAudited()
    {
        var author = await ResidentAsync(_engine, Dongzhuang, "孙七");
        var reporter = await ResidentAsync(_engine, Dongzhuang, "周八");
        var id = await TopicAsync(author, "这家店是骗子");

        Assert.True((await Forum.ReportAsync(reporter, id, "人身攻击")).Ok);
        Assert.Equal("Forum.Problem.AlreadyReported", (await Forum.ReportAsync(reporter, id, "再举报")).Problem);
        Assert.Equal("Forum.Problem.NotFound", (await Forum.HideAsync(GulouStaff, id, "越权")).Problem);
        Assert.Equal("Forum.Problem.NotFound", (await Forum.HideAsync(reporter, id, "居民不能隐藏")).Problem);
        Assert.Equal("Forum.Problem.Reason", (await Forum.HideAsync(Staff, id, " ")).Problem);
        Assert.True((await Forum.HideAsync(Staff, id, "未经核实的指控")).Ok);

        Assert.Empty((await Queries.ForumAsync(reporter, null))!.Posts);
        var kept = Assert.Single((await Queries.ForumAsync(Staff, Dongzhuang))!.Posts);
        Assert.Equal((ForumPostStatus.Hidden, "未经核实的指控", 1), (kept.Status, kept.HiddenReason, kept.Reports));
        Assert.Equal(1, await AuditCountAsync(VoiceContract.Report));
        Assert.Equal(1, await AuditCountAsync(VoiceContract.Hide));
        Assert.True((await Forum.RestoreAsync(Staff, id, "核实属实")).Ok);
        Assert.Single((await Queries.ForumAsync(reporter, null))!.Posts);
        Assert.Equal(1, await AuditCountAsync(VoiceContract.Restore));
    }

    [Fact]
    public async Task StaffReply_IsOfficialAndPinnedNoticeComesFirst()
    {
        var resident = await ResidentAsync(_engine, Dongzhuang, "吴九");
        var question = await TopicAsync(resident, "垃圾几点收？", "垃圾");
        _engine.Clock.Advance(TimeSpan.FromMinutes(30));
        var notice = await TopicAsync(Staff, "本周六停水", "停水通知", Dongzhuang);
        _engine.Clock.Advance(TimeSpan.FromMinutes(30));
        var reply = await Forum.PostAsync(Staff, new ForumDraft(null, question, null, "每天晚上七点"));
        Assert.True(reply.Ok);

        // The answered question moved up by its reply; the pinned notice stays first.
        Assert.Equal([question, notice], (await Queries.ForumAsync(resident, null))!.Posts.Select(p => p.Id));
        Assert.True((await Forum.PinAsync(Staff, notice, pinned: true)).Ok);
        var topics = (await Queries.ForumAsync(resident, null))!.Posts;
        Assert.Equal([notice, question], topics.Select(p => p.Id));
        Assert.True(topics[0] is { Pinned: true, IsOfficial: true });
        var thread = (await Queries.ForumAsync(resident, null, question))!.Posts;
        Assert.True(thread[1].IsOfficial);
        Assert.Equal(1, thread[0].Replies);
    }

    [Fact]
    public async Task TurnIntoNeed_ByAuthor_PostsTheNeedAndLinksThePost()
    {
        var resident = await ResidentAsync(_engine, Dongzhuang, "郑十");
        var id = await TopicAsync(resident, "想请律师咨询租房合同的问题");

        Assert.Equal("Forum.Problem.NotFound", (await Forum.TurnIntoNeedAsync(Staff, id, 2, null)).Problem);
        var turned = await Forum.TurnIntoNeedAsync(resident, id, 2, null);

        Assert.True(turned.Ok, turned.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var need = await db.Needs.SingleAsync(n => n.Id == long.Parse(turned.LinkId!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("想请律师咨询租房合同的问题", need.Text);
        var link = await db.ForumPosts.Where(p => p.Id == id).Select(p => new { p.LinkKind, p.LinkId }).SingleAsync();
        Assert.Equal((VoiceContract.LinkNeed, turned.LinkId), (link.LinkKind, link.LinkId));
        Assert.Equal("Forum.Problem.Linked", (await Forum.TurnIntoNeedAsync(resident, id, 2, null)).Problem);
    }

    [Fact]
    public async Task TurnIntoCase_ByStaff_ReportsTheCaseAndLinksThePostInOneGo()
    {
        var resident = await ResidentAsync(_engine, Dongzhuang, "钱一");
        var id = await TopicAsync(resident, "小区门口井盖丢失，很危险");
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var place = await Panlong.Testing.TestPlaces.GridAsync(db, Dongzhuang);
        var category = await db.CaseCategories.Where(c => c.IsActive).Select(c => c.Id).FirstAsync();

        var (result, report) = await Forum.TurnIntoCaseAsync(Staff, id, new Panlong.Workflows.Cases.CaseReport(category, null, place.Lat, place.Lng, "东庄小区门口", null));

        Assert.True(result.Ok, string.Join(",", report?.Errors.Values ?? []));
        var post = await db.ForumPosts.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal((VoiceContract.LinkCase, report!.Number), (post.LinkKind, post.LinkId));
        Assert.Equal("小区门口井盖丢失，很危险", (await db.Cases.SingleAsync(c => c.Number == report.Number)).Description);
        Assert.Equal(1, await AuditCountAsync(VoiceContract.Link));
    }
}
