using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Portal.Features.Community;
using Panlong.Portal.Features.Community.Activities;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>
/// Issue 18 part 6: staff turn a group of residents' needs into an activity — the form starts from the needs (their texts,
/// the skills their kind asks for) and, once published, the needs are linked to it (docs/decisions/0057-community-needs.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class NeedsToActivityTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public NeedsToActivityTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(ActivityQueries), typeof(ActivityService), typeof(VolunteerQueries), typeof(NeedQueries), typeof(NeedService), typeof(TimeProvider));
    }

    private async Task<List<long>> PostNeedsAsync(params string[] texts)
    {
        var resident = WorkflowActor.From(await _portal.PrincipalAsync("volunteer.2"));
        var ids = new List<long>();
        foreach (var text in texts)
        {
            // Kind 1 is 义诊, met by the 医疗 skill.
            var posted = await _portal.Services.GetRequiredService<NeedService>().PostAsync(resident, new NeedForm(1, text, null));
            Assert.True(posted.Ok, posted.Problem);
            ids.Add(posted.Id!.Value);
        }
        return ids;
    }

    /// <summary>Fills the title and venue and publishes; waits until the page moved on to the activity (published, then linked).</summary>
    private NavigationManager Publish(IRenderedComponent<ActivityFormPage> page, string title)
    {
        page.Find("input[data-testid=activity-form-title], [data-testid=activity-form-title] input").Change(title);
        page.Find("input[data-testid=activity-form-venue], [data-testid=activity-form-venue] input").Change("东庄社区活动室");
        page.Find("[data-testid=activity-form-save]").Click();
        var nav = Services.GetRequiredService<NavigationManager>();
        page.WaitForState(() => !nav.Uri.Contains("/new", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return nav;
    }

    [Fact]
    public async Task ActivityFromNeeds_Published_StartsFromTheNeedsAndLinksThem()
    {
        var ids = await PostNeedsAsync("想请医生来小区量血压", "老人想咨询用药");
        SignInAs(await _portal.PrincipalAsync("approver.dongzhuang"));
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/activities/new?needs={string.Join(',', ids)}");

        var page = Render<ActivityFormPage>();
        page.WaitForElement("[data-testid=activity-from-needs]");
        var description = page.Find("textarea[data-testid=activity-form-description], [data-testid=activity-form-description] textarea");
        Assert.Contains("想请医生来小区量血压", description.GetAttribute("value") ?? description.TextContent, StringComparison.Ordinal);
        var nav = Publish(page, "小区义诊");

        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var activity = await db.Activities.AsNoTracking().Include(a => a.HelperSlots).SingleAsync(a => a.Title == "小区义诊");
        Assert.EndsWith($"/activities/{activity.Id}", nav.Uri, StringComparison.Ordinal);
        Assert.Contains(activity.HelperSlots, s => s.Wanted == 1);
        var needs = await db.Needs.AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync();
        Assert.All(needs, n => Assert.Equal(NeedStatus.Gathered, n.Status));
        var group = await db.NeedGroups.AsNoTracking().SingleAsync(g => g.Id == needs[0].GroupId);
        Assert.Equal(("activity", activity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (group.LinkKind, group.LinkId));
    }

    [Fact]
    public async Task ActivityFromAGatheredGroup_Published_LinksTheGroupItself()
    {
        var ids = await PostNeedsAsync("想请医生来楼下义诊（已邀请）");
        var staff = await _portal.PrincipalAsync("approver.dongzhuang");
        var invited = await _portal.Services.GetRequiredService<NeedService>().InviteAsync(NeedTarget.Needs(ids), WorkflowActor.From(staff));
        Assert.True(invited.Ok, invited.Problem);
        SignInAs(staff);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/activities/new?group={invited.Id}");

        var page = Render<ActivityFormPage>();
        page.WaitForElement("[data-testid=activity-from-needs]");
        Publish(page, "楼下义诊（需求组）");

        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var activity = await db.Activities.AsNoTracking().SingleAsync(a => a.Title == "楼下义诊（需求组）");
        var group = await db.NeedGroups.AsNoTracking().SingleAsync(g => g.Id == invited.Id);
        Assert.Equal((NeedContract.LinkActivity, activity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (group.LinkKind, group.LinkId));
        Assert.Equal(invited.Id, (await db.Needs.AsNoTracking().SingleAsync(n => n.Id == ids[0])).GroupId);
    }

    [Fact]
    public async Task ActivityFromNeeds_NeedsWithdrawnMeanwhile_StartsEmptyAndLinksNothing()
    {
        var ids = await PostNeedsAsync("周末想办亲子阅读");
        var resident = WorkflowActor.From(await _portal.PrincipalAsync("volunteer.2"));
        Assert.True((await _portal.Services.GetRequiredService<NeedService>().WithdrawAsync(ids[0], resident)).Ok);
        SignInAs(await _portal.PrincipalAsync("approver.dongzhuang"));
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/activities/new?needs={ids[0]}");

        var page = Render<ActivityFormPage>();
        page.WaitForElement("[data-testid=activity-form-save]");

        Assert.Empty(page.FindAll("[data-testid=activity-from-needs]"));
    }
}
