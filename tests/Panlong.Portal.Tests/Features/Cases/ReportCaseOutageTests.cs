using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// A report pressed while the database is down keeps what was typed, says so, and is sent again with the same
/// client key: one case (docs/decisions/0019-database-outages.md). One pressed after the user's budget of case
/// reports and actions is spent keeps what was typed too and says when to retry (docs/decisions/0027-rate-limits.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class ReportCaseOutageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;
    private readonly SwitchableFactory _database;

    public ReportCaseOutageTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(CaseQueries), typeof(CasePhotoStore), typeof(LiveUpdates), typeof(Portal.Features.Maps.GridQueries), typeof(Portal.Features.Maps.ReportPlaces),
            typeof(Panlong.Workflows.Watchers.BuildingWatch), typeof(Microsoft.Extensions.Configuration.IConfiguration) })
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
        _database = new SwitchableFactory(portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>());
        Services.AddSingleton(_database.Serving<CaseService>(portal.Services));
        SignInAs("outage-supervisor", "/530103/530103001/", Roles.Supervisor);
    }

    /// <summary>What the form left in this browser before a reload: the typed fields and the client key.</summary>
    private async Task DraftAsync(PanlongDbContext db, string description, string clientKey)
    {
        var grid = await TestPlaces.GridAsync(db, "530103001003");
        var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
        var draft = JsonSerializer.Serialize(new
        {
            ClientKey = clientKey, CategoryId = (int?)category, Description = description, Address = "北京路 1 号", Lat = (double?)grid.Lat,
            Lng = (double?)grid.Lng, CallerName = (string?)null, CallerPhone = (string?)null, SelfHandled = false, PhotoNames = new[] { "井盖.jpg" },
        });
        JSInterop.SetupModule("./Features/Shell/FormDraft.razor.js").Setup<string?>("load", _ => true).SetResult(draft);
    }

    [Fact]
    public async Task Submit_WhenDatabaseIsUnavailable_KeepsTheTextAndSays_ThenSubmitsOnceOnRetry()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var description = $"停电时上报的井盖缺失 {Guid.NewGuid():N}";
        var clientKey = Guid.NewGuid().ToString("N");
        await DraftAsync(db, description, clientKey);
        var page = Render<ReportCase>();
        page.WaitForElement("[data-testid=report-draft-restored]");
        Assert.Contains("井盖.jpg", page.Find("[data-testid=report-photos-again]").TextContent, StringComparison.Ordinal);

        _database.Down = true;
        page.Find("[data-testid=report-submit]").Click();
        page.WaitForElement("[data-testid=report-unavailable]");

        Assert.Contains("数据库暂时不可用，您填写的内容已保留，恢复后可直接提交", page.Markup, StringComparison.Ordinal);
        Assert.Contains(description, page.Find("[data-testid=report-description]").OuterHtml, StringComparison.Ordinal);
        Assert.False(page.Find("[data-testid=report-submit]").HasAttribute("disabled"));

        _database.Down = false;
        page.Find("[data-testid=report-submit]").Click();
        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Contains("/cases/", navigation.Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Assert.Equal(1, await db.Cases.CountAsync(c => c.Description == description && c.ClientKey == clientKey));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "clear");
    }

    [Fact]
    public async Task Submit_WhenTheUserSpentTheCaseBudget_SaysWhenToRetry_AndReportsNothing()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var description = $"限流时上报的井盖缺失 {Guid.NewGuid():N}";
        await DraftAsync(db, description, Guid.NewGuid().ToString("N"));
        // Spent through the API, say: the page and the API share one budget per user.
        var limits = Services.GetRequiredService<RateLimits>();
        while (limits.TryAcquire(RateLimits.Cases, "user:outage-supervisor") is null)
        {
        }

        var page = Render<ReportCase>();
        page.WaitForElement("[data-testid=report-draft-restored]");
        page.Find("[data-testid=report-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("操作太频繁，请 60 秒后再试。", page.Find("[data-testid=report-refused]").TextContent, StringComparison.Ordinal));
        Assert.Contains(description, page.Find("[data-testid=report-description]").OuterHtml, StringComparison.Ordinal);
        Assert.False(await db.Cases.AnyAsync(c => c.Description == description));
    }
}
