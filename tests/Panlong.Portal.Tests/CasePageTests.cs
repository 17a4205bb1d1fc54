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

namespace Panlong.Portal.Tests;

/// <summary>The case page shows only the buttons the user may press, and nothing at all outside the user's area.</summary>
[Collection(nameof(PortalCollection))]
public class CasePageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CasePageTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(CaseQueries), typeof(CasePhotoStore), typeof(LiveUpdates), typeof(CaseService), typeof(Features.Maps.GridQueries),
            typeof(Microsoft.Extensions.Configuration.IConfiguration) })
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

    private async Task<string> StreetCaseAsync() => (await StreetCaseWithGridAsync()).Number;

    private async Task<(string Number, string Grid)> StreetCaseWithGridAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001003");
        var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
        var supervisor = new WorkflowActor("page-supervisor", "钱监督", new HashSet<string> { Roles.Supervisor }, new DataScope("/530103/530103001/"));
        var result = await _portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "电线杆上张贴小广告", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), supervisor);
        return (result.Number!, grid.Code);
    }

    [Fact]
    public async Task At_the_district_the_dispatcher_is_offered_major_dispatch_but_not_escalation()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103002");
        var category = await db.CaseCategories.Where(c => c.Code == "13-01").Select(c => c.Id).SingleAsync();
        var cases = _portal.Services.GetRequiredService<CaseService>();
        var inspector = new WorkflowActor("page-inspector", "赵巡查", new HashSet<string> { Roles.Inspector }, new DataScope("/530103/"));
        var number = (await cases.ReportAsync(new CaseReport(category, "路面塌陷约一米见方", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), inspector)).Number!;
        var center1 = new WorkflowActor("c1", "c1", new HashSet<string> { Roles.Acceptor, Roles.ShiftLead }, new DataScope("/530103/"));
        await cases.ActAsync(number, "Accept", center1, new FireInput());
        await cases.ActAsync(number, "File", center1, new FireInput());

        SignInAs("/530103/", Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-actions]");
        var buttons = page.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")).ToList();
        Assert.Contains("action-Dispatch", buttons);
        Assert.Contains("action-DispatchMajor", buttons);
        Assert.Contains("action-PushDown", buttons);
        Assert.DoesNotContain("action-Escalate", buttons);
    }

    [Fact]
    public async Task The_grid_page_lists_the_grids_open_cases()
    {
        var (number, grid) = await StreetCaseWithGridAsync();
        SignInAs("/530103/530103001/", Roles.Dispatcher);
        var page = Render<Features.Maps.GridPageView>(p => p.Add(x => x.Code, grid));
        page.WaitForAssertion(() => Assert.Contains(number, page.Find("[data-testid=grid-cases]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_streets_dispatcher_is_told_there_is_no_such_case_in_their_area()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/530103002/", Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-missing]");
        Assert.DoesNotContain("电线杆", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_street_center_sees_only_the_buttons_of_the_current_step()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/530103001/", Roles.Acceptor, Roles.ShiftLead);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-actions]");
        var buttons = page.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")).ToList();
        Assert.Contains("action-Accept", buttons);
        Assert.Contains("action-SendToVerify", buttons);
        Assert.DoesNotContain("action-File", buttons);
        Assert.DoesNotContain("action-Dispatch", buttons);
        Assert.Contains("电线杆上张贴小广告", page.Find("[data-testid=case-description]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_on_a_page_someone_else_has_acted_on_since_is_refused_with_reload_and_try_again()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/530103001/", Roles.Acceptor, Roles.ShiftLead);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=action-Accept]").Click();
        page.WaitForElement("[data-testid=action-confirm]");

        // A colleague accepts the case while this page's form is open.
        var colleague = new WorkflowActor("page-colleague", "许受理", new HashSet<string> { Roles.Acceptor }, new DataScope("/530103/530103001/"));
        Assert.Equal(CaseActOutcome.Done, (await _portal.Services.GetRequiredService<CaseService>().ActAsync(number, "Accept", colleague, new FireInput())).Outcome);
        page.Find("[data-testid=action-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("该事项已被他人处理，请刷新后重试。", page.Find("[data-testid=action-error]").TextContent, StringComparison.Ordinal));
    }
}
