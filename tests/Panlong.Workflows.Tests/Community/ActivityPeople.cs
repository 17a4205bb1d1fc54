using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Activities for the tests: published by a community's staff through the real service, with defaults a test overrides.</summary>
public static class ActivityPeople
{
    /// <summary>The drug-prevention skill every test volunteer of <see cref="CommunityPeople"/> has.</summary>
    public const int HelperSkill = 5;

    public static ActivityDraft Draft(TestEngine engine, int capacity = 10, int helpers = 0, TimeSpan? startsIn = null, string title = "五小文化：书法小课堂") =>
        new(title, ActivityKind.SmallCulture, "社区书法爱好者交流", "东庄社区活动室", null,
            engine.Clock.GetUtcNow() + (startsIn ?? TimeSpan.FromDays(2)), engine.Clock.GetUtcNow() + (startsIn ?? TimeSpan.FromDays(2)) + TimeSpan.FromHours(2), capacity,
            helpers > 0 ? new Dictionary<int, int> { [HelperSkill] = helpers } : new Dictionary<int, int>());

    public static async Task<long> PublishAsync(TestEngine engine, ActivityDraft? draft = null, string community = CommunityPeople.Dongzhuang)
    {
        var result = await engine.Database.Get<ActivityService>().PublishAsync(CommunityPeople.StaffOf(community), draft ?? Draft(engine));
        Assert.True(result.Ok, result.Problem);
        return result.Id!.Value;
    }

    public static WorkflowActor AsVolunteer(Volunteer volunteer) => TestEngine.Actor("志愿者", Roles.Volunteer, null, volunteer.UserId);
}
