using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.PartyStudy;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.PartyStudy;

namespace Panlong.Workflows.Tests.PartyStudy;

/// <summary>流动党员 study on a real database with a fake clock (docs/decisions/0053-party-study.md).</summary>
public sealed class PartyStudyTests : IAsyncLifetime
{
    private const string Dongzhuang = "530103001001";
    private const string GulouCommunity = "530103002001";
    private static readonly string DongzhuangPath = $"/530103/530103001/{Dongzhuang}/";
    private static readonly string GulouPath = $"/530103/530103002/{GulouCommunity}/";

    private TestEngine _engine = default!;

    private PartyMembership Membership => _engine.Database.Get<PartyMembership>();
    private StudyMaterials Materials => _engine.Database.Get<StudyMaterials>();
    private StudyReading Reading => _engine.Database.Get<StudyReading>();
    private StudyQuiz Quiz => _engine.Database.Get<StudyQuiz>();
    private StudyDiscussion Discussion => _engine.Database.Get<StudyDiscussion>();

    private static readonly WorkflowActor Organizer = TestEngine.Actor("organizer-dz", Roles.PartyOrganizer, DongzhuangPath);
    private static readonly WorkflowActor GulouOrganizer = TestEngine.Actor("organizer-gl", Roles.PartyOrganizer, GulouPath);

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private static WorkflowActor Resident(string id) => TestEngine.Actor("党员" + id, Roles.Resident, null, id);

    private static MemberRegistration Form(string community = Dongzhuang, string phone = "028-86001234", DateOnly? joined = null) =>
        new("四川省成都市 某某机械厂", "第二党支部", phone, community, joined ?? new DateOnly(2010, 7, 1));

    private async Task<long> MemberIdAsync(string userId)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.PartyMembers.Where(m => m.UserId == userId).Select(m => m.Id).SingleAsync();
    }

    private async Task<WorkflowActor> ConfirmedMemberAsync(string userId, string community = Dongzhuang)
    {
        var resident = Resident(userId);
        Assert.True((await Membership.RegisterAsync(resident, Form(community))).Ok);
        var organizer = community == Dongzhuang ? Organizer : GulouOrganizer;
        Assert.True((await Membership.ConfirmAsync(organizer, await MemberIdAsync(userId))).Ok);
        return resident;
    }

    private static readonly IReadOnlyList<QuizQuestion> ThreeQuestions =
    [
        new("党的根本宗旨是什么？", ["全心全意为人民服务", "发展经济", "改革开放"], 0),
        new("党章规定党员的党龄从何时算起？", ["递交申请书之日", "预备期满转为正式党员之日", "被确定为积极分子之日"], 1),
        new("“三会一课”中的“一课”指什么？", ["党课", "团课", "网课"], 0),
    ];

    private async Task<long> ArticleAsync(int minutes = 1, IReadOnlyList<QuizQuestion>? quiz = null, WorkflowActor? by = null)
    {
        var (id, problem) = await Materials.PublishAsync(by ?? Organizer,
            new MaterialDraft("学习党章", MaterialKind.Article, "# 第一章\n正文", null, null, minutes, quiz ?? [], 67));
        Assert.Null(problem);
        return id!.Value;
    }

    private async Task AuditedAsync(string action, int count = 1)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(count, await db.AuditEntries.CountAsync(a => a.Action == action));
    }

    [Fact]
    public async Task Register_ThenConfirm_MemberIsConfirmedInTheCommunityAndBothAreAudited()
    {
        var resident = Resident("r1");

        Assert.True((await Membership.RegisterAsync(resident, Form())).Ok);
        Assert.Equal("PartyStudy.Register.Exists", (await Membership.RegisterAsync(resident, Form())).ErrorKey);
        Assert.True((await Membership.ConfirmAsync(Organizer, await MemberIdAsync("r1"))).Ok);

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var member = await db.PartyMembers.SingleAsync(m => m.UserId == "r1");
        Assert.Equal((MembershipStatus.Confirmed, DongzhuangPath, "第二党支部"), (member.Status, member.ScopePath, member.HomeBranch));
        await AuditedAsync(PartyStudyAudit.Register);
        await AuditedAsync(PartyStudyAudit.Confirm);
    }

    [Theory]
    [InlineData("12345", "PartyStudy.Register.Phone")]
    [InlineData("0871-abc-1234", "PartyStudy.Register.Phone")]
    public async Task Register_WithABadBranchPhone_IsRefused(string phone, string problem)
    {
        Assert.Equal(problem, (await Membership.RegisterAsync(Resident("r1"), Form(phone: phone))).ErrorKey);
    }

    [Fact]
    public async Task Register_WithAJoiningDateInTheFutureOrAnUnknownCommunity_IsRefused()
    {
        Assert.Equal("PartyStudy.Register.Joined", (await Membership.RegisterAsync(Resident("r1"), Form(joined: new DateOnly(2030, 1, 1)))).ErrorKey);
        Assert.Equal("PartyStudy.Register.Community", (await Membership.RegisterAsync(Resident("r1"), Form(community: "530103001"))).ErrorKey);
    }

    [Fact]
    public async Task Decline_NeedsAReason_IsAudited_AndTheResidentMayRegisterAgain()
    {
        var resident = Resident("r1");
        await Membership.RegisterAsync(resident, Form());
        var id = await MemberIdAsync("r1");

        Assert.Equal("PartyStudy.Reason.Required", (await Membership.DeclineAsync(Organizer, id, " ")).ErrorKey);
        Assert.True((await Membership.DeclineAsync(Organizer, id, "原支部电话无法核实")).Ok);
        await AuditedAsync(PartyStudyAudit.Decline);
        Assert.Null(await Reading.BeatAsync("r1", await ArticleAsync(), Beat.Start));

        Assert.True((await Membership.RegisterAsync(resident, Form(phone: "028-86009999"))).Ok);
        Assert.Equal(id, await MemberIdAsync("r1"));
    }

    [Fact]
    public async Task Confirm_ByAnotherCommunitysOrganiser_IsNotFound()
    {
        await Membership.RegisterAsync(Resident("r1"), Form());

        var result = await Membership.ConfirmAsync(GulouOrganizer, await MemberIdAsync("r1"));

        Assert.Equal("PartyStudy.NotFound", result.ErrorKey);
        Assert.Equal("Refusal.NotAllowedForRole", (await Membership.ConfirmAsync(TestEngine.Actor("gw", Roles.GridWorker, DongzhuangPath), await MemberIdAsync("r1"))).ErrorKey);
    }

    [Fact]
    public async Task PendingMember_NeitherStudiesNorPosts()
    {
        await Membership.RegisterAsync(Resident("r1"), Form());
        var material = await ArticleAsync();

        Assert.Null(await Reading.BeatAsync("r1", material, Beat.Start));
        Assert.Equal("PartyStudy.Post.NotMember", (await Discussion.PostAsync(Resident("r1"), material, null, "学习体会")).Problem);
    }

    [Fact]
    public async Task Material_OfAnotherCommunity_IsNotStudiedThere()
    {
        await ConfirmedMemberAsync("r1");
        var gulouMaterial = await ArticleAsync(by: GulouOrganizer);

        Assert.Null(await Reading.BeatAsync("r1", gulouMaterial, Beat.Start));
    }

    [Fact]
    public async Task Beat_Ticks_AreCreditedWithTheTimeSinceThePreviousBeat()
    {
        await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync(minutes: 1);

        await Reading.BeatAsync("r1", material, Beat.Start);
        ReadingState? state = null;
        for (var i = 0; i < 6; i++)
        {
            _engine.Clock.Advance(StudyReading.BeatEvery);
            state = await Reading.BeatAsync("r1", material, Beat.Tick);
        }

        Assert.Equal(new ReadingState(60, 60, true), state);
    }

    [Fact]
    public async Task Beat_TimeInABackgroundTab_IsNotCounted()
    {
        await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync(minutes: 5);
        await Reading.BeatAsync("r1", material, Beat.Start);
        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        await Reading.BeatAsync("r1", material, Beat.Tick);

        await Reading.BeatAsync("r1", material, Beat.Stop);
        _engine.Clock.Advance(TimeSpan.FromMinutes(30));
        await Reading.BeatAsync("r1", material, Beat.Tick); // a timer firing late in the hidden tab
        await Reading.BeatAsync("r1", material, Beat.Start);
        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        var state = await Reading.BeatAsync("r1", material, Beat.Tick);

        Assert.Equal(20, state!.CreditedSeconds);
    }

    [Fact]
    public async Task Beat_ForgedTicks_EarnNoMoreThanTheWallTime()
    {
        await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync(minutes: 5);
        await Reading.BeatAsync("r1", material, Beat.Start);

        // A script beating a hundred times a second for a second, then once after a long silence.
        for (var i = 0; i < 100; i++)
        {
            _engine.Clock.Advance(TimeSpan.FromMilliseconds(10));
            await Reading.BeatAsync("r1", material, Beat.Tick);
        }
        _engine.Clock.Advance(TimeSpan.FromMinutes(10));
        var state = await Reading.BeatAsync("r1", material, Beat.Tick);

        Assert.Equal(1 + (int)StudyReading.MaxCredit.TotalSeconds, state!.CreditedSeconds);
        Assert.False(state.Studied);
    }

    [Fact]
    public async Task Quiz_BeforeThreeAttempts_TellsTheScoreOnly_ThenTheWrongAnswers()
    {
        await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync(quiz: ThreeQuestions);
        int[] wrong = [1, 0, 0];

        var first = await Quiz.SubmitAsync("r1", material, wrong);
        var second = await Quiz.SubmitAsync("r1", material, wrong);
        var third = await Quiz.SubmitAsync("r1", material, wrong);

        Assert.Equal((33, false, 1, (IReadOnlyList<int>?)null), (first.Score, first.Passed, first.Attempt, first.Wrong));
        Assert.Null(second.Wrong);
        Assert.Equal([0, 1], third.Wrong!);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal([1, 2, 3], await db.QuizAttempts.OrderBy(a => a.Number).Select(a => a.Number).ToListAsync());
    }

    [Fact]
    public async Task Quiz_Passed_CountsWithTheReadingTime_AndIsNotTakenAgain()
    {
        await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync(minutes: 1, quiz: ThreeQuestions);
        await Reading.BeatAsync("r1", material, Beat.Start);
        for (var i = 0; i < 6; i++)
        {
            _engine.Clock.Advance(StudyReading.BeatEvery);
            Assert.False((await Reading.BeatAsync("r1", material, Beat.Tick))!.Studied);
        }

        Assert.Equal("PartyStudy.Quiz.Unanswered", (await Quiz.SubmitAsync("r1", material, [0, 1])).Problem);
        var pass = await Quiz.SubmitAsync("r1", material, [0, 1, 1]);

        Assert.Equal((67, true), (pass.Score, pass.Passed));
        Assert.Equal([2], pass.Wrong!);
        Assert.Equal("PartyStudy.Quiz.AlreadyPassed", (await Quiz.SubmitAsync("r1", material, [0, 1, 0])).Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.NotNull((await db.StudyProgress.SingleAsync()).StudiedAt);
    }

    [Theory]
    [InlineData(2, 0, 60, "PartyStudy.Quiz.Count")]
    [InlineData(11, 0, 60, "PartyStudy.Quiz.Count")]
    [InlineData(3, 3, 60, "PartyStudy.Quiz.Question")]
    [InlineData(3, 0, 0, "PartyStudy.Quiz.PassMark")]
    public void Check_ABadQuiz_IsRefused(int questions, int answer, int passMark, string problem)
    {
        var quiz = Enumerable.Range(0, questions).Select(i => new QuizQuestion($"题{i}", ["甲", "乙", "丙"], answer)).ToList();

        Assert.Equal(problem, StudyMaterials.Check(new MaterialDraft("标题", MaterialKind.Article, "正文", null, null, 5, quiz, passMark)));
    }

    [Fact]
    public async Task Post_EmptyOrTooLong_IsRefused_AndAReplyGoesOneLevelDeep()
    {
        var member = await ConfirmedMemberAsync("r1");
        var material = await ArticleAsync();

        Assert.Equal("PartyStudy.Post.Empty", (await Discussion.PostAsync(member, material, null, "   ")).Problem);
        Assert.Equal("PartyStudy.Post.TooLong", (await Discussion.PostAsync(member, material, null, new string('长', StudyDiscussion.MaxLength + 1))).Problem);
        var (post, _) = await Discussion.PostAsync(member, material, null, "<b>学习体会</b>");
        var (reply, _) = await Discussion.PostAsync(member, material, post, "赞同");
        Assert.Equal("PartyStudy.NotFound", (await Discussion.PostAsync(member, material, reply, "回复的回复")).Problem);
    }

    [Fact]
    public async Task Moderation_ReportHideRestore_IsAuditedAndScoped()
    {
        var author = await ConfirmedMemberAsync("r1");
        var reader = await ConfirmedMemberAsync("r2");
        var material = await ArticleAsync();
        var (post, _) = await Discussion.PostAsync(author, material, null, "广告内容");

        Assert.True((await Discussion.ReportAsync(reader, post!.Value, "广告")).Ok);
        Assert.Equal("PartyStudy.Post.AlreadyReported", (await Discussion.ReportAsync(reader, post.Value, "广告")).ErrorKey);
        Assert.Equal("PartyStudy.NotFound", (await Discussion.HideAsync(GulouOrganizer, post.Value, "广告")).ErrorKey);
        Assert.Equal("PartyStudy.Reason.Required", (await Discussion.HideAsync(Organizer, post.Value, "")).ErrorKey);
        Assert.True((await Discussion.HideAsync(Organizer, post.Value, "广告")).Ok);
        Assert.Equal("PartyStudy.NotFound", (await Discussion.PostAsync(reader, material, post, "回复被隐藏的帖")).Problem);

        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var hidden = await db.StudyPosts.SingleAsync();
            Assert.Equal((1, "广告", Organizer.Name), (hidden.Reports, hidden.HiddenReason, hidden.HiddenBy));
        }
        Assert.True((await Discussion.RestoreAsync(Organizer, post.Value, "误判")).Ok);
        await AuditedAsync(PartyStudyAudit.Report);
        await AuditedAsync(PartyStudyAudit.Hide);
        await AuditedAsync(PartyStudyAudit.Restore);
    }
}
