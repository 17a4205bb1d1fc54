using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;
using Panlong.Workflows.Watchers;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Watchers;

/// <summary>楼栋长/庭院长 (docs/decisions/0095-building-watchers.md): only the post holder sees the building, its notices and reports from it.</summary>
public class BuildingWatchTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Mine_OfAnAppointedWatcher_ShowsTheBuildingAndOnlyOfficialOrPinnedNotices_Audited(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var volunteer = await VolunteerAsync(engine, name: "楼长");
        var neighbour = await VolunteerAsync(engine, name: "邻居");
        var building = await BuildingAsync(engine, Dongzhuang);
        var staff = StaffOf(Dongzhuang);
        Assert.True((await engine.Database.Get<VolunteerService>().AppointAsync(volunteer.Id, building, VolunteerPostKind.BuildingHead, staff)).Ok);
        var forum = engine.Database.Get<CommunityForum>();
        var notice = (await forum.PostAsync(staff, new ForumDraft(Dongzhuang, null, "停水通知", "周六停水，请联系 13812345678 咨询"))).Id!.Value;
        var residentTopic = (await forum.PostAsync(WatcherOf(neighbour), new ForumDraft(null, null, "闲聊", "今天天气好"))).Id!.Value;
        var watch = engine.Database.Get<BuildingWatch>();

        var mine = Assert.Single(await watch.MineAsync(WatcherOf(volunteer)));

        Assert.Equal((building, VolunteerPostKind.BuildingHead, Dongzhuang), (mine.Building.Id, mine.Building.Post, mine.Building.CommunityCode));
        var shown = Assert.Single(mine.Notices);
        Assert.Equal(notice, shown.Id);
        Assert.NotEqual(residentTopic, shown.Id);
        Assert.Contains("138****5678", shown.Text, StringComparison.Ordinal);
        Assert.Empty(await watch.MineAsync(WatcherOf(neighbour)));
        Assert.Equal(building, (await watch.BuildingAsync(WatcherOf(volunteer), building))?.Id);
        Assert.Null(await watch.BuildingAsync(WatcherOf(neighbour), building));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == BuildingWatch.ViewAudit && a.UserId == volunteer.UserId));
    }

    [Fact]
    public async Task Building_AfterTheWatcherIsSuspended_IsNoLongerTheirs()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var building = await BuildingAsync(engine, Dongzhuang);
        var volunteers = engine.Database.Get<VolunteerService>();
        await volunteers.AppointAsync(volunteer.Id, building, VolunteerPostKind.CourtyardHead, StaffOf(Dongzhuang));
        var watch = engine.Database.Get<BuildingWatch>();
        Assert.True(await watch.HoldsPostAsync(WatcherOf(volunteer)));

        await volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Suspended, "长期外出", StaffOf(Dongzhuang));

        Assert.False(await watch.HoldsPostAsync(WatcherOf(volunteer)));
        Assert.Null(await watch.BuildingAsync(WatcherOf(volunteer), building));
    }

    private static WorkflowActor WatcherOf(Volunteer volunteer) => TestEngine.Actor("志愿者", Roles.Volunteer, null, volunteer.UserId);
}
