using Panlong.Data.Identity;
using Panlong.Workflows.Voice;
using static Panlong.Workflows.Tests.Community.CommunityPeople;
using static Panlong.Workflows.Tests.Community.ServiceOrderPeople;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>The voice figures worked by hand (issue 21 part 6): shares over what was due, medians of what happened.</summary>
public sealed class VoiceFiguresTests
{
    [Fact]
    public async Task Figures_TwoTopicsOneAnsweredAndThreeQuestions_AreCountedOverWhatWasDue()
    {
        await using var engine = await TestEngine.StartAsync();
        var forum = engine.Database.Get<CommunityForum>();
        var clinic = engine.Database.Get<LawClinic>();
        var staff = TestEngine.Actor("网格员", Roles.GridWorker, $"/530103/530103001/{Dongzhuang}/", "staff-dz");
        var resident = await ResidentAsync(engine, Dongzhuang, "居民甲");
        var (_, lawyer) = await QualifiedAsync(engine, Dongzhuang, "每天 07:00-22:00", VoiceContract.LawSkillId);
        var start = engine.Clock.GetUtcNow();

        var answered = (await forum.PostAsync(resident, new ForumDraft(null, null, "问一", "电梯坏了"))).Id!.Value;
        await forum.PostAsync(resident, new ForumDraft(null, null, "问二", "路灯不亮"));
        await forum.PostAsync(staff, new ForumDraft(Dongzhuang, null, "通知", "周六停水"));
        var asked = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            asked.Add((await clinic.AskAsync(resident, "问题" + i, "内容")).Id!.Value);
        }
        engine.Clock.Advance(TimeSpan.FromHours(3));
        await forum.PostAsync(staff, new ForumDraft(null, answered, null, "已报修"));
        await forum.PostAsync(resident, new ForumDraft(null, answered, null, "谢谢"));
        // Question 0 answered after 3 h (on time), question 1 after 5 days (late), question 2 never.
        await clinic.ClaimAsync(lawyer, asked[0]);
        await clinic.AnswerAsync(lawyer, asked[0], "答复");
        engine.Clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromHours(3));
        await clinic.ClaimAsync(lawyer, asked[1]);
        await clinic.AnswerAsync(lawyer, asked[1], "迟到的答复");

        var figures = await engine.Database.Get<VoiceFigures>().ForAsync("/530103/", start, start.AddDays(30));

        Assert.Equal((3, 2), (figures.Topics, figures.Replies));
        // Residents' topics: 2, one answered by staff after 3 h (the staff notice is no question).
        Assert.Equal((1, 2), (figures.AnsweredByStaff.Part, figures.AnsweredByStaff.Whole));
        Assert.Equal(TimeSpan.FromHours(3), figures.StaffResponse.Median);
        Assert.Equal((3, 2), (figures.Questions, figures.Answered));
        // Nearest-rank median of {3 h, 5 d} is the lower: 3 h. All three deadlines (Thursday) have passed; one met it.
        Assert.Equal(TimeSpan.FromHours(3), figures.AnswerTime.Median);
        Assert.Equal((1, 3), (figures.OnTime.Part, figures.OnTime.Whole));
        Assert.Equal(33.3, figures.OnTime.Percent);
    }
}
