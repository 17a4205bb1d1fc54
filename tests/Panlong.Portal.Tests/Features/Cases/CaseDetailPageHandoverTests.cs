using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Issue 23 on the case page: a higher level sees 上收 and 督办 instead of the owning level's buttons, and takes over with a reason.</summary>
[Collection(nameof(PortalCollection))]
public class CaseDetailPageHandoverTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CaseDetailPageHandoverTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(CaseQueries), typeof(CasePhotoStore), typeof(LiveUpdates), typeof(CaseService), typeof(Microsoft.Extensions.Configuration.IConfiguration) })
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
    }

    private void SignInAs(string scope, params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("tester");
        auth.SetRoles(roles);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "tester-" + scope), new Claim(DataScope.ScopeClaim, scope));
    }

    /// <summary>A case a Tuodong supervisor reported: waiting at the street sub-center's 受理.</summary>
    private async Task<string> StreetCaseAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001002");
        var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
        var supervisor = new WorkflowActor("handover-supervisor", "钱监督", new HashSet<string> { Roles.Supervisor }, new DataScope("/530103/530103001/"));
        var result = await _portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "人行道井盖缺失", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), supervisor);
        return result.Number!;
    }

    [Fact]
    public async Task DistrictCenter_OnAStreetCase_IsOfferedOnlyTakeOverAndUrge_AndTakesItOverWithAReason()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-actions]");
        var buttons = page.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")).Order().ToList();
        Assert.Equal(["action-TakeOver", "action-Urge"], buttons);

        page.Find("[data-testid=action-TakeOver]").Click();
        page.WaitForElement("[data-testid=action-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("请填写意见", page.Find("[data-testid=action-error]").TextContent, StringComparison.Ordinal));
        page.Find("textarea[data-testid=action-comment]").Input("街道人手不足，区中心上收");
        page.Find("[data-testid=action-confirm]").Click();

        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        page.WaitForAssertion(() => Assert.Equal("530103", db.Cases.AsNoTracking().Single(c => c.Number == number).HubCode));
        page.WaitForAssertion(() => Assert.Contains("action-Accept", page.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid"))));
    }

    [Fact]
    public async Task StreetCenter_OnItsOwnCase_IsNotOfferedTakeOverOrUrge()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/530103001/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-actions]");
        var buttons = page.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")).ToList();
        Assert.Contains("action-Accept", buttons);
        Assert.DoesNotContain("action-TakeOver", buttons);
        Assert.DoesNotContain("action-Urge", buttons);
    }
}
