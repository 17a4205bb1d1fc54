using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Workflows;

[Collection(nameof(PortalCollection))]
public class ProcessAdminPageTests : PortalComponentTest
{
    public ProcessAdminPageTests(PortalFactory portal)
    {
        Services.AddSingleton(portal.Services.GetRequiredService<ProcessQueries>());
        Services.AddSingleton(portal.Services.GetRequiredService<ProcessAdministration>());
        SignIn(Roles.SystemAdmin);
    }

    [Fact]
    public void ThePage_ListsTheShippedDefinitions_AndDrawsTheSelectedOne()
    {
        var page = Render<ProcessAdminPage>();

        page.WaitForAssertion(() => Assert.Contains("approval-countersign", page.Find("[data-testid=definition-list]").TextContent, StringComparison.Ordinal));
        var diagram = page.Find("[data-testid=process-diagram]").GetAttribute("data-diagram")!;
        Assert.StartsWith("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.Contains("Countersign : 部门会签（会签）", diagram, StringComparison.Ordinal);
        var render = JSInterop.Invocations["render"];
        Assert.Contains(render, call => call.Arguments[1] as string == diagram);
    }

    [Fact]
    public void Validating_AnUnreachableState_ShowsItsNameInChinese()
    {
        var page = Render<ProcessAdminPage>();
        page.WaitForElement("textarea");
        var json = page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent;
        var broken = json.Replace("\"states\": [", "\"states\": [ { \"id\": \"Lost\", \"name\": \"遗失\", \"kind\": \"wait\" },", StringComparison.Ordinal);

        page.Find("textarea").Input(broken);
        page.Find("[data-testid=validate]").Click();

        Assert.Contains("\"Lost\"", broken, StringComparison.Ordinal);
        var issues = page.WaitForElement("[data-testid=definition-issues]").TextContent;
        Assert.Contains("环节“Lost”从开始环节无法到达", issues, StringComparison.Ordinal);
    }
}

[Collection(nameof(PortalCollection))]
public class InstancePageTests(PortalFactory portal)
{
    [Fact]
    public async Task AnInstance_IsShownInsideTheScope_AndNotOutsideIt()
    {
        var runner = portal.Services.GetRequiredService<WorkflowRunner>();
        var instance = await runner.StartAsync("approval-single", new WorkflowSubject("application-test", "T-1", "530103001"), WorkflowActor.System,
            new Dictionary<string, object?> { ["promisedDays"] = 5, ["reviewDays"] = 3, ["department"] = "530103-BM06", ["applicantId"] = "x" });

        var inside = WebUtility.HtmlDecode(await (await portal.SignedInAsync("clerk")).GetStringAsync($"/processes/{instance.Id}"));
        var outside = WebUtility.HtmlDecode(await (await portal.SignedInAsync("dispatcher.gulou")).GetStringAsync($"/processes/{instance.Id}"));

        Assert.Contains("单部门审批", inside, StringComparison.Ordinal);
        Assert.Contains("class Submitted current", inside, StringComparison.Ordinal);
        Assert.Contains("instance-not-found", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("单部门审批", outside, StringComparison.Ordinal);
    }

    /// <summary>Issue 15: scope alone opened a street's application histories to its field staff and its case histories to its window clerks.</summary>
    [Fact]
    public async Task ACaseOrApplicationProcess_AnswersOnlyThoseWhoMayOpenTheCaseOrApplication()
    {
        var queries = portal.Services.GetRequiredService<ProcessQueries>();
        var number = await new Services.ServiceApplicationPortalTests(portal).SubmitAsync();
        Guid caseProcess, applicationProcess;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var grid = await TestPlaces.GridAsync(db, "530103001003");
            var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
            var reported = await portal.Services.GetRequiredService<CaseService>().ReportAsync(
                new CaseReport(category, "电线杆上张贴小广告", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), WorkflowActor.From(await portal.PrincipalAsync("supervisor")));
            caseProcess = await db.Cases.Where(c => c.Number == reported.Number).Select(c => c.InstanceId).SingleAsync();
            applicationProcess = (await db.ServiceApplications.Where(a => a.Number == number).Select(a => a.InstanceId).SingleAsync())!.Value;
        }

        async Task<bool> SeesAsync(string user, Guid id) => await queries.InstanceAsync(WorkflowActor.From(await portal.PrincipalAsync(user)), id) is not null;

        // The supervisor and the clerk both work for 拓东, whose scope covers both processes; the system administrator's covers the district.
        Assert.True(await SeesAsync("supervisor", caseProcess));
        Assert.False(await SeesAsync("clerk", caseProcess));
        Assert.False(await SeesAsync("sysadmin", caseProcess));
        Assert.True(await SeesAsync("clerk", applicationProcess));
        Assert.False(await SeesAsync("supervisor", applicationProcess));
        Assert.False(await SeesAsync("sysadmin", applicationProcess));
    }

    [Fact]
    public async Task TheSeededCalendar_KnowsTheNationalDayHoliday()
    {
        var calendar = await portal.Services.GetRequiredService<CalendarProvider>().GetAsync();

        Assert.False(calendar.IsWorkday(new DateOnly(2026, 10, 1)));
        Assert.True(calendar.IsWorkday(new DateOnly(2026, 10, 10)));
        Assert.NotNull(await portal.Services.GetRequiredService<DefinitionStore>().LatestAsync("approval-countersign"));
    }
}
