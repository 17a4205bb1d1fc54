using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>A desk whose list failed during an outage says so and loads again on the next tab (docs/decisions/0019-database-outages.md).</summary>
[Collection(nameof(PortalCollection))]
public class CaseDeskOutageTests : PortalComponentTest
{
    private readonly SwitchableFactory _database;

    public CaseDeskOutageTests(PortalFactory portal)
    {
        Services.AddSingleton(portal.Services.GetRequiredService<LiveUpdates>());
        _database = new SwitchableFactory(portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>());
        Services.AddSingleton(_database.Serving<CaseQueries>(portal.Services));
        SignInAs("desk-dispatcher", "/530103/", Roles.Dispatcher);
    }

    [Fact]
    public void TabSwitch_AfterAFailedLoad_ShowsTheOutageThenLoadsAgain()
    {
        var desk = Render<CaseDesk>();
        desk.WaitForElement("[data-testid=case-table]");

        _database.Down = true;
        desk.Find("[data-testid=tab-Area]").Click();
        desk.WaitForElement("[data-testid=desk-unavailable]");
        Assert.Contains("服务暂时不可用", desk.Find("[data-testid=desk-unavailable]").TextContent, StringComparison.Ordinal);

        _database.Down = false;
        desk.Find("[data-testid=tab-MyWork]").Click();
        desk.WaitForAssertion(() => Assert.Empty(desk.FindAll("[data-testid=desk-unavailable]")));
    }
}
