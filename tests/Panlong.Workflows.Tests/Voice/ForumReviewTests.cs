using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Voice;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>The staff review list and the publisher's draft (docs/decisions/0095-building-watchers.md, on ADR 89's services).</summary>
public sealed class ForumReviewTests
{
    private static readonly WorkflowActor Staff = TestEngine.Actor("网格员", Roles.GridWorker, $"/530103/530103001/{Dongzhuang}/", "staff-dz");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Review_ListsHeldReportedAndHiddenPosts_HiddenOnesComeBackByRestore(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var forum = engine.Database.Get<CommunityForum>();
        var queries = engine.Database.Get<VoiceQueries>();
        var author = await ResidentAsync(engine, Dongzhuang, "王五");
        var reporter = await ResidentAsync(engine, Dongzhuang, "赵六");
        var held = (await forum.PostAsync(author, new ForumDraft(null, null, "优惠", "可以代开发票"))).Id!.Value;
        var reported = (await forum.PostAsync(author, new ForumDraft(null, null, "吐槽", "这家店是骗子"))).Id!.Value;
        var quiet = (await forum.PostAsync(author, new ForumDraft(null, null, "闲聊", "今天天气好"))).Id!.Value;
        await forum.ReportAsync(reporter, reported, "人身攻击");
        Assert.True((await forum.HideAsync(Staff, reported, "未经核实的指控")).Ok);

        var review = await queries.ReviewAsync(Staff, Dongzhuang);

        Assert.Equal([held, reported], review.Select(p => p.Id));
        Assert.DoesNotContain(quiet, review.Select(p => p.Id));
        Assert.Empty(await queries.ReviewAsync(author, Dongzhuang));
        Assert.Equal("Forum.Problem.Reason", (await forum.RestoreAsync(Staff, reported, "")).Problem);
        Assert.True((await forum.RestoreAsync(Staff, reported, "核实属实")).Ok);
        Assert.Equal(ForumPostStatus.Visible, (await queries.ReviewAsync(Staff, Dongzhuang)).Single(p => p.Id == reported).Status);
    }

    [Fact]
    public async Task Draft_ForThePublisher_IsAnonymized_ForOthersNull_AndTheTidiedTextIsPublished()
    {
        await using var engine = await TestEngine.StartAsync();
        var clinic = engine.Database.Get<LawClinic>();
        var (_, lawyer) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", VoiceContract.LawSkillId);
        var asker = await ResidentAsync(engine, Dongzhuang, "张伟");
        var question = (await clinic.AskAsync(asker, "押金纠纷", "我是张伟，电话13812345678，房东不退押金。")).Id!.Value;
        await clinic.ClaimAsync(lawyer, question);
        await clinic.AnswerAsync(lawyer, question, "张伟您好：可依据《民法典》协商，不成可起诉。");

        var draft = await clinic.DraftAsync(lawyer, question);

        Assert.NotNull(draft);
        Assert.DoesNotContain("张伟", draft.Question, StringComparison.Ordinal);
        Assert.DoesNotContain("5678", draft.Question, StringComparison.Ordinal);
        Assert.DoesNotContain("张伟", draft.Answer, StringComparison.Ordinal);
        Assert.Null(await clinic.DraftAsync(asker, question));
        Assert.True((await clinic.PublishAsync(lawyer, question, draft with { Answer = "可依据《民法典》协商，张伟 不成可起诉。（已整理）" })).Ok);
        var published = Assert.Single(await engine.Database.Get<VoiceQueries>().PublishedAsync());
        Assert.EndsWith("（已整理）", published.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("张伟", published.Answer, StringComparison.Ordinal);
    }
}
