using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Community;
using Panlong.Portal.Features.Notifications;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>Residents' needs and the community desk over the demo data of 东庄社区 (docs/decisions/0057-community-needs.md).</summary>
[Collection(nameof(PortalCollection))]
public class NeedPortalTests(PortalFactory portal)
{
    private const string Dongzhuang = "530103001001";
    private const string OtherCommunity = "530103002001";

    private NeedQueries Queries => portal.Services.GetRequiredService<NeedQueries>();

    private NeedService Needs => portal.Services.GetRequiredService<NeedService>();

    private async Task<PanlongDbContext> DbAsync() => await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    private async Task<WorkflowActor> ActorAsync(string userName) => WorkflowActor.From(await portal.PrincipalAsync(userName));

    [Fact]
    public async Task DemoData_HasOpenNeedsAndAGatheredClinicGroupInDongzhuang()
    {
        await using var db = await DbAsync();

        Assert.True(await db.Needs.CountAsync(n => n.CommunityCode == Dongzhuang && n.Status == NeedStatus.Open) >= 3);
        Assert.True(await db.NeedGroups.AnyAsync(g => g.CommunityCode == Dongzhuang && g.KindId == 1 && g.Status == NeedStatus.Gathered));
    }

    [Theory]
    [InlineData(NeedAreaLevel.Grid)]
    [InlineData(NeedAreaLevel.Building)]
    public async Task OpenGroups_OfTheCommunitysStaff_CountEveryOpenNeedOnceByKindAndArea(NeedAreaLevel level)
    {
        var staff = await ActorAsync("approver.dongzhuang");

        var groups = await Queries.OpenGroupsAsync(staff, level);

        await using var db = await DbAsync();
        var open = await db.Needs.Where(n => n.ScopePath.StartsWith(staff.Scope.RootPath!) && n.Status == NeedStatus.Open).ToListAsync();
        Assert.Equal(open.Select(n => n.Id).Order(), groups.SelectMany(g => g.NeedIds).Order());
        foreach (var g in groups)
        {
            var members = open.Where(n => g.NeedIds.Contains(n.Id)).ToList();
            Assert.All(members, n => Assert.Equal((g.KindId, g.CommunityCode), (n.KindId, n.CommunityCode)));
            Assert.Equal(g.Area, level == NeedAreaLevel.Building && members[0].BuildingId is { } b ? $"building:{b}" : members[0].GridId is { } grid ? $"grid:{grid}" : "community");
        }
        var byKind = await Queries.OpenByKindAsync(staff.Scope);
        Assert.Equal(open.GroupBy(n => n.KindId).ToDictionary(k => k.Key, k => k.Count()), byKind.ToDictionary(k => k.KindId, k => k.Count));
    }

    [Fact]
    public async Task Needs_OfDongzhuang_AreNotSeenByAnotherCommunitysStaff_InListsGroupsVolunteersOrTheMapLayer()
    {
        var other = await ActorAsync(await CommunityAccounts.StaffAsync(portal, "needs.other", Roles.GridWorker, OtherCommunity));
        await using var db = await DbAsync();
        var dongzhuang = await db.Needs.Where(n => n.CommunityCode == Dongzhuang).Select(n => n.Id).ToListAsync();
        Assert.NotEmpty(dongzhuang);

        Assert.DoesNotContain(await Queries.OpenGroupsAsync(other, NeedAreaLevel.Grid), g => g.CommunityCode == Dongzhuang);
        Assert.Empty(await Queries.NeedsAsync(other, dongzhuang));
        Assert.Empty(await Queries.MatchingAsync(other, Dongzhuang, 1));
        Assert.DoesNotContain(await Queries.GroupsAsync(other), g => db.NeedGroups.Any(x => x.Id == g.Id && x.CommunityCode == Dongzhuang));
        var invite = await Needs.InviteAsync(NeedTarget.Needs(dongzhuang.Take(1)), other);
        Assert.Equal("Needs.Problem.NotFound", invite.Problem);

        var otherMap = await (await portal.SignedInAsync("needs.other")).GetFromJsonAsync<NeedMap>(NeedApi.MapPath + "?by=building");
        var ownMap = await (await portal.SignedInAsync("approver.dongzhuang")).GetFromJsonAsync<NeedMap>(NeedApi.MapPath + "?by=building");
        Assert.Empty(otherMap!.Points);
        Assert.NotEmpty(ownMap!.Points);
    }

    [Fact]
    public async Task MapLayer_CountsOpenNeedsPerBuildingWithoutAnyResidentsName()
    {
        var client = await portal.SignedInAsync("gridworker");

        var response = await client.GetAsync(NeedApi.MapPath + "?by=building");
        var text = await response.Content.ReadAsStringAsync();
        var map = System.Text.Json.JsonSerializer.Deserialize<NeedMap>(text, System.Text.Json.JsonSerializerOptions.Web)!;

        await using var db = await DbAsync();
        var scope = WorkflowActor.From(await portal.PrincipalAsync("gridworker")).Scope.RootPath!;
        var open = await db.Needs.Where(n => n.ScopePath.StartsWith(scope) && n.Status == NeedStatus.Open).ToListAsync();
        var names = await db.People.Where(p => open.Select(n => n.PersonId).Contains(p.Id)).Select(p => p.Name).ToListAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(open.Count, map.Points.Sum(p => p.Count) + map.WithoutPlace);
        Assert.Equal(open.Count(n => n.BuildingId != null), map.Points.Sum(p => p.Count));
        Assert.All(names, name => Assert.DoesNotContain(name, text, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(NeedApi.MapPath + "?by=street")).StatusCode);
    }

    [Fact]
    public async Task Invitation_ThroughTheOutbox_ReachesEachMatchingVolunteersBellExactlyOnce()
    {
        var resident = await ActorAsync("volunteer.1");
        var posted = await Needs.PostAsync(resident, new NeedForm(5, "独居老人需要陪同去医院复查", null));
        Assert.True(posted.Ok, posted.Problem);
        var staff = await ActorAsync("approver.dongzhuang");
        var expected = (await Queries.MatchingAsync(staff, Dongzhuang, 5)).Select(v => v.Id).ToList();
        Assert.NotEmpty(expected);

        var invited = await Needs.InviteAsync(NeedTarget.Needs([posted.Id!.Value]), staff);
        var dispatcher = portal.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OutboxDispatcher>().Single();
        await Task.WhenAll(dispatcher.DeliverPendingAsync(), dispatcher.DeliverPendingAsync());
        await dispatcher.DeliverPendingAsync();

        Assert.True(invited.Ok, invited.Problem);
        await using var db = await DbAsync();
        var users = await db.Volunteers.Where(v => expected.Contains(v.Id)).Select(v => v.UserId).ToListAsync();
        var messages = await db.OutboxMessages.Where(m => m.Topic == NeedContract.InvitedTopic && m.Payload!.Contains($"\"groupId\":{invited.Id},")).ToListAsync();
        Assert.Equal(users.Order(), messages.Select(m => m.Recipient["user:".Length..]).Order());
        Assert.All(messages, m => Assert.NotNull(m.DeliveredAt));
        var ids = messages.Select(m => (long?)m.Id).ToList();
        var bells = await db.Notifications.Where(n => ids.Contains(n.OutboxMessageId)).ToListAsync();
        Assert.Equal(users.Order(), bells.Select(b => b.UserId).Order());
    }

    [Fact]
    public async Task Desk_OfTheCommunitysGridWorker_ShowsTheRecordsCounts()
    {
        var actor = await ActorAsync("gridworker");
        var scope = actor.Scope.RootPath!;
        var client = await portal.SignedInAsync("gridworker");

        var html = await client.GetStringAsync("/community");

        var page = new HtmlParser().ParseDocument(html);
        string Figure(string id) => page.QuerySelector($"[data-testid='{id}']")!.TextContent.Trim();
        await using var db = await DbAsync();
        var pending = await db.WorkTasks.CountAsync(t => t.ScopePath.StartsWith(scope) && t.Status == WorkTaskStatus.Open && t.Instance!.DefinitionKey == VolunteerContract.Key);
        var active = await db.Volunteers.CountAsync(v => v.ScopePath.StartsWith(scope) && v.Status == VolunteerStatus.Active);
        var suspended = await db.Volunteers.CountAsync(v => v.ScopePath.StartsWith(scope) && v.Status == VolunteerStatus.Suspended);
        var open = await db.Needs.CountAsync(n => n.ScopePath.StartsWith(scope) && n.Status == NeedStatus.Open);
        var issuing = await db.PointAccounts.Where(a => a.ScopePath.StartsWith(scope) && a.Kind == PointAccountKind.Issuing).Select(a => a.Id).ToListAsync();
        var issued = -await db.PointEntries.Where(e => issuing.Contains(e.AccountId)).SumAsync(e => (long)e.Amount);
        Assert.Equal($"{pending}", Figure("desk-applications-count"));
        Assert.Equal(($"{active}", $"{suspended}"), (Figure("desk-volunteers-active"), Figure("desk-volunteers-suspended")));
        Assert.Equal($"{open}", Figure("desk-needs-open"));
        Assert.Equal($"{issued}", Figure("desk-points-issued"));
        Assert.True(active > 0 && open > 0, "the demo community has volunteers and needs");
        foreach (var link in new[] { "/community/volunteers", "/community/needs" })
        {
            Assert.NotNull(page.QuerySelector($"a[href='{link}']"));
        }
    }

    [Fact]
    public async Task VolunteerList_InEnglish_NamesThePostsInEnglish()
    {
        await using var db = await DbAsync();
        var staff = await ActorAsync("approver.dongzhuang");
        var volunteer = await db.Volunteers.Where(v => v.CommunityCode == Dongzhuang && v.Status == VolunteerStatus.Active).OrderBy(v => v.Id).FirstAsync();
        var building = await db.Buildings.Where(b => b.ScopePath.StartsWith(staff.Scope.RootPath!) && !db.VolunteerPosts.Any(p => p.BuildingId == b.Id)).OrderBy(b => b.Id).FirstAsync();
        Assert.True((await portal.Services.GetRequiredService<VolunteerService>().AppointAsync(volunteer.Id, building.Id, VolunteerPostKind.BuildingHead, staff)).Ok);
        var client = await portal.SignedInAsync("approver.dongzhuang");
        (await client.GetAsync("/culture/set?culture=en&redirectUri=%2F")).Dispose();

        var html = await client.GetStringAsync("/community/volunteers");

        var cell = new HtmlParser().ParseDocument(html).QuerySelector($"[data-testid='posts-{volunteer.Id}']")!.TextContent;
        Assert.Contains("Building head", cell, StringComparison.Ordinal);
        Assert.DoesNotContain("楼栋长", cell, StringComparison.Ordinal);
    }
}
