using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Watchers;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Watchers;

namespace Panlong.Portal.Tests.Features.Watchers;

/// <summary>The 楼栋长's page (docs/decisions/0095-building-watchers.md) on the portal's demo data: the demo watcher's building, and nothing for a volunteer without a post.</summary>
[Collection(nameof(PortalCollection))]
public class BuildingWatchPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public BuildingWatchPageTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(BuildingWatch));
    }

    [Fact]
    public async Task Page_ForTheDemoWatcher_ShowsTheirBuildingWithAReportLinkAndThePinnedNotice()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.UserName == WatcherDemo.UserName).Select(u => u.Id).SingleAsync();
        var building = await db.VolunteerPosts.Where(p => db.Volunteers.Any(v => v.Id == p.VolunteerId && v.UserId == userId))
            .Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new { b.Id, b.Address }).SingleAsync();
        SignInAs(await _portal.PrincipalAsync(WatcherDemo.UserName));

        var page = Render<BuildingWatchPage>();

        page.WaitForAssertion(() => Assert.Contains(building.Address, page.Find("[data-testid=watch-building-address]").TextContent, StringComparison.Ordinal));
        Assert.Equal($"/cases/report?building={building.Id}", page.Find("[data-testid=watch-report]").GetAttribute("href"));
        Assert.Contains("停水", page.Find("[data-testid=forum-post]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_ForAVolunteerWithoutAPost_SaysSoAndShowsNoBuilding()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        SignIn(Roles.Volunteer);

        var page = Render<BuildingWatchPage>();

        page.WaitForAssertion(() => Assert.Contains("You hold no building or courtyard post", page.Find("[data-testid=watch-none]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=watch-building]"));
    }
}
