using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Voice;
using Panlong.Data.Providers;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>法律诊所 on a real database with a fake clock (docs/decisions/0089-community-voice.md).</summary>
public sealed class LawClinicTests
{
    private const int Law = VoiceContract.LawSkillId;

    /// <summary>拓东街道's 司法所: an approver of the street.</summary>
    private static readonly WorkflowActor JusticeOffice = TestEngine.Actor("司法所", Roles.Approver, "/530103/530103001/", "justice-td");
    private static readonly WorkflowActor CommunityApprover = StaffOf(Dongzhuang);

    private static LawClinic Clinic(TestEngine engine) => engine.Database.Get<LawClinic>();

    private static async Task<long> AskAsync(TestEngine engine, WorkflowActor resident, string text = "房东不退押金怎么办？")
    {
        var asked = await Clinic(engine).AskAsync(resident, "押金纠纷", text);
        Assert.True(asked.Ok, asked.Problem);
        return asked.Id!.Value;
    }

    private static async Task<LegalQuestion> QuestionAsync(TestEngine engine, long id)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.LegalQuestions.AsNoTracking().SingleAsync(q => q.Id == id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Claim_EightLawyersAtOnce_ExactlyOneWins(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var lawyers = new List<WorkflowActor>();
        for (var i = 0; i < 8; i++)
        {
            lawyers.Add((await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", Law)).Actor);
        }
        var question = await AskAsync(engine, await ResidentAsync(engine, Dongzhuang, "提问人"));

        // Each lawyer taps twice: 16 claims racing on separate connections.
        var results = await Task.WhenAll(lawyers.Concat(lawyers).Select(l => Task.Run(() => Clinic(engine).ClaimAsync(l, question))));

        Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r => Assert.True(r.Problem is "LawClinic.Problem.Taken" or "LawClinic.Problem.AlreadyYours", r.Problem));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == VoiceContract.Claim));
        Assert.Equal(LegalQuestionStatus.Claimed, (await QuestionAsync(engine, question)).Status);
    }

    [Fact]
    public async Task Lawyer_SeesOpenQuestionsOfTheirCommunityOnly_AndNoOtherSkillClaims()
    {
        await using var engine = await TestEngine.StartAsync();
        var (_, lawyer) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", Law);
        var (_, gulouLawyer) = await QualifiedAsync(engine, Gulou1, "每天 07:00-22:00", Law);
        var (_, cleaner) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", Housekeeping);
        var question = await AskAsync(engine, await ResidentAsync(engine, Dongzhuang, "东庄提问人"));
        var queries = engine.Database.Get<VoiceQueries>();

        Assert.Single(await queries.QuestionsAsync(lawyer));
        Assert.Empty(await queries.QuestionsAsync(gulouLawyer));
        Assert.Empty(await queries.QuestionsAsync(cleaner));
        Assert.Null(await Clinic(engine).ReadAsync(gulouLawyer, question));
        Assert.Null(await Clinic(engine).ReadAsync(CommunityApprover, question));
        Assert.Equal("LawClinic.Problem.NotFound", (await Clinic(engine).ClaimAsync(gulouLawyer, question)).Problem);
        Assert.Equal("LawClinic.Problem.NotFound", (await Clinic(engine).ClaimAsync(cleaner, question)).Problem);

        // Once claimed the question is private to the asker, the claimer and the 司法所 (whose reading is audited).
        var (_, second) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", Law);
        Assert.True((await Clinic(engine).ClaimAsync(lawyer, question)).Ok);
        Assert.Null(await Clinic(engine).ReadAsync(second, question));
        Assert.NotNull(await Clinic(engine).ReadAsync(lawyer, question));
        Assert.NotNull(await Clinic(engine).ReadAsync(JusticeOffice, question));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == VoiceContract.View));
    }

    [Fact]
    public async Task Deadline_ThreeWorkingDaysPassUnanswered_EscalatesToTheStreetOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        // Asked Monday 16 March 09:00: due at the close of Thursday 19 March (the day of asking does not count).
        var question = await AskAsync(engine, await ResidentAsync(engine, Dongzhuang, "超期提问人"));
        Assert.Equal(new DateTimeOffset(2026, 3, 19, 17, 30, 0, Data.ChinaTime.Offset), (await QuestionAsync(engine, question)).DueAt);

        engine.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(8));
        Assert.Equal(0, await Clinic(engine).SweepAsync());
        engine.Clock.Advance(TimeSpan.FromHours(1));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Clinic(engine).SweepAsync())));
        Assert.Equal(1, sweeps.Sum());
        engine.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Clinic(engine).SweepAsync());

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var bell = Assert.Single(await db.OutboxMessages.Where(m => m.Topic == VoiceContract.OverdueTopic).ToListAsync());
        Assert.Equal("unit:530103001:Approver", bell.Recipient);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == VoiceContract.Escalate));
        Assert.NotNull((await QuestionAsync(engine, question)).EscalatedAt);
        Assert.Single(await engine.Database.Get<VoiceQueries>().QuestionsAsync(JusticeOffice), q => q.Overdue);
    }

    [Fact]
    public async Task AnswerFollowUpRateAndPublish_PublishedCopyCarriesNoPersonalData()
    {
        await using var engine = await TestEngine.StartAsync();
        var (_, lawyer) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", Law);
        var asker = await ResidentAsync(engine, Dongzhuang, "张伟");
        var question = await AskAsync(engine, asker, "我是张伟，身份证530103198501011234，电话13812345678，房东不退押金。");
        var clinic = Clinic(engine);

        Assert.Equal("LawClinic.Problem.NotClaimed", (await clinic.FollowUpAsync(asker, question, "有人吗？")).Problem);
        Assert.True((await clinic.ClaimAsync(lawyer, question)).Ok);
        engine.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await clinic.AnswerAsync(lawyer, question, "张伟您好：可依据《民法典》第七百零三条协商，不成可起诉。")).Ok);
        Assert.True((await clinic.FollowUpAsync(asker, question, "要准备什么材料？")).Ok);
        Assert.Equal("LawClinic.Problem.Rating", (await clinic.RateAsync(asker, question, 6)).Problem);
        Assert.True((await clinic.RateAsync(asker, question, 5)).Ok);
        Assert.Equal("LawClinic.Problem.Rated", (await clinic.RateAsync(asker, question, 1)).Problem);
        Assert.Equal("LawClinic.Problem.NotFound", (await clinic.PublishAsync(CommunityApprover, question)).Problem);
        Assert.True((await clinic.PublishAsync(JusticeOffice, question)).Ok);

        var published = Assert.Single(await engine.Database.Get<VoiceQueries>().PublishedAsync());
        foreach (var part in new[] { published.Title, published.Question, published.Answer })
        {
            Assert.DoesNotContain("张伟", part, StringComparison.Ordinal);
            Assert.DoesNotContain("1234", part, StringComparison.Ordinal);
            Assert.DoesNotContain("5678", part, StringComparison.Ordinal);
            Assert.DoesNotContain(lawyer.Name, part, StringComparison.Ordinal);
        }
        Assert.Contains("《民法典》第七百零三条", published.Answer, StringComparison.Ordinal);
        var stored = await QuestionAsync(engine, question);
        Assert.Equal((LegalQuestionStatus.Answered, 5, TimeSpan.FromHours(2)), (stored.Status, stored.Rating, stored.AnsweredAt - stored.AskedAt));
    }
}
