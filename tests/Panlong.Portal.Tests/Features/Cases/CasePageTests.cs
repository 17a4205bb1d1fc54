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

/// <summary>The case page shows only the buttons the user may press, and nothing at all outside the user's area.</summary>
[Collection(nameof(PortalCollection))]
public class CasePageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CasePageTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(CaseQueries), typeof(CasePhotoStore), typeof(LiveUpdates), typeof(CaseService), typeof(Panlong.Portal.Features.Maps.GridQueries), typeof(Panlong.Portal.Features.Incidents.IncidentQueries),
            typeof(Panlong.Workflows.Incidents.IncidentService), typeof(Panlong.Portal.Features.Patrol.PatrolQueries),
            typeof(Microsoft.Extensions.Configuration.IConfiguration) })
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
        // The forwarded-upstream line (ADR 93) reads through the administrator's service, which is scoped.
        Services.AddSingleton(portal.Services.CreateScope().ServiceProvider.GetRequiredService<Panlong.Portal.Features.Open311Client.Upstreams>());
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

    /// <summary>A case of a Gulou grid reported by a district inspector, accepted and filed: waiting at the district center's dispatch.</summary>
    private async Task<string> DistrictCaseToDispatchAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103002");
        var category = await db.CaseCategories.Where(c => c.Code == "13-01").Select(c => c.Id).SingleAsync();
        var cases = _portal.Services.GetRequiredService<CaseService>();
        var inspector = new WorkflowActor("page-inspector", "赵巡查", new HashSet<string> { Roles.Inspector }, new DataScope("/530103/"));
        var number = (await cases.ReportAsync(new CaseReport(category, "路面塌陷约一米见方", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), inspector)).Number!;
        var center1 = new WorkflowActor("c1", "c1", new HashSet<string> { Roles.Acceptor, Roles.ShiftLead }, new DataScope("/530103/"));
        await cases.ActAsync(number, CaseLoopContract.Accept, center1, new FireInput());
        await cases.ActAsync(number, CaseLoopContract.File, center1, new FireInput());
        return number;
    }

    [Fact]
    public async Task DistrictDispatcher_IsOfferedMajorDispatch_ButNotEscalation()
    {
        var number = await DistrictCaseToDispatchAsync();

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
    public async Task PushDown_FromThePage_GoesToTheStreetOfTheCasesGrid()
    {
        var number = await DistrictCaseToDispatchAsync();

        SignInAs("/530103/", Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=action-PushDown]").Click();
        page.WaitForElement("[data-testid=action-confirm]").Click();

        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        page.WaitForAssertion(() => Assert.Equal("530103002", db.Cases.AsNoTracking().Single(c => c.Number == number).HubCode));
    }

    [Fact]
    public async Task Action_WhenTheUserSpentTheCaseBudget_IsRefusedWithTheSentence_AndNotTaken()
    {
        var number = await DistrictCaseToDispatchAsync();
        SignInAs("/530103/", Roles.Dispatcher);
        var limits = Services.GetRequiredService<Portal.Features.Shell.RateLimits>();
        // Spent through the API, say: the page and the API share one budget per user (docs/decisions/0027-rate-limits.md).
        while (limits.TryAcquire(Portal.Features.Shell.RateLimits.Cases, "user:tester-/530103/") is null)
        {
        }

        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=action-PushDown]").Click();
        page.WaitForElement("[data-testid=action-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("操作太频繁，请 60 秒后再试。", page.Find("[data-testid=action-error]").TextContent, StringComparison.Ordinal));
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.NotEqual("530103002", (await db.Cases.AsNoTracking().SingleAsync(c => c.Number == number)).HubCode);
    }

    [Fact]
    public async Task GridPage_ListsTheGridsOpenCases()
    {
        var (number, grid) = await StreetCaseWithGridAsync();
        SignInAs("/530103/530103001/", Roles.Dispatcher);
        var page = Render<Panlong.Portal.Features.Maps.GridPageView>(p => p.Add(x => x.Code, grid));
        page.WaitForAssertion(() => Assert.Contains(number, page.Find("[data-testid=grid-cases]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherStreetsDispatcher_OpeningTheCase_IsToldThereIsNoSuchCaseInTheirArea()
    {
        var number = await StreetCaseAsync();
        SignInAs("/530103/530103002/", Roles.Dispatcher);
        var page = Render<CaseDetailPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=case-missing]");
        Assert.DoesNotContain("电线杆", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreetCenter_SeesOnlyTheButtonsOfTheCurrentStep()
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
    public async Task Action_OnAPageSomeoneElseActedOnSince_IsRefusedWithReloadAndTryAgain()
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

    // Issue 23: a higher level sees 上收 and 督办 instead of the owning level's buttons, and takes over with a reason.

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
