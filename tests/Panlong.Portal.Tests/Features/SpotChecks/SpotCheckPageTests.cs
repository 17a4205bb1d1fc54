using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.SpotChecks;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Maps;
using Panlong.Portal.Features.SpotChecks;
using Panlong.Testing;
using Panlong.Workflows.SpotChecks;

namespace Panlong.Portal.Tests.Features.SpotChecks;

/// <summary>The 督察员's phone page (issue 19 part 4, docs/decisions/0074-spot-checks.md) on the running portal's services and database.</summary>
[Collection(nameof(PortalCollection))]
public class SpotCheckPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public SpotCheckPageTests(PortalFactory portal)
    {
        _portal = portal;
        // The grid's map (DistrictMap) reads the portal's configuration and logs.
        UsePortal(portal, typeof(SpotCheckSummary), typeof(SpotCheckService), typeof(ReportPlaces), typeof(CasePhotoStore), typeof(TimeProvider),
            typeof(Microsoft.Extensions.Configuration.IConfiguration));
        Services.AddLogging();
    }

    [Fact]
    public async Task SpotCheckPage_TaskOpenedFindingWithPhotoAndPositionThenFinished_ReportsTheCaseAndClosesTheCheck()
    {
        var (taskId, place) = await TodaysTaskAsync();
        SignInAs(await _portal.PrincipalAsync("spotcheck"));
        var page = Render<SpotCheckPage>();

        page.Find($"[data-testid=spotcheck-task][data-task='{taskId}'] [data-testid=spotcheck-open]").Click();
        page.WaitForElement("[data-testid=spotcheck-current]");
        // Outside the drawn grid first: refused with the message, nothing lost.
        await page.InvokeAsync(() => page.FindComponent<DistrictMap>().Instance.OnPositionPicked.InvokeAsync((place.Lat + 0.5, place.Lng)));
        page.Find("textarea").Change("督察发现路口暴露垃圾未清理");
        page.Find("[data-testid=spotcheck-find]").Click();
        page.WaitForAssertion(() => Assert.Contains("位置不在抽查的网格内", page.Find("[data-testid=spotcheck-position-error]").TextContent, StringComparison.Ordinal));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Png(), "spot.png", contentType: "image/png"));
        await page.InvokeAsync(() => page.FindComponent<DistrictMap>().Instance.OnPositionPicked.InvokeAsync((place.Lat, place.Lng)));
        page.WaitForAssertion(() => Assert.Contains("spot.png", page.Markup, StringComparison.Ordinal));
        page.Find("[data-testid=spotcheck-find]").Click();
        var finding = page.WaitForElement("[data-testid=spotcheck-finding]");

        await using (var db = await DbAsync())
        {
            var stored = await db.SpotCheckFindings.Include(f => f.Case).ThenInclude(c => c!.Photos).SingleAsync(f => f.TaskId == taskId);
            Assert.Contains(stored.CaseNumber, finding.TextContent, StringComparison.Ordinal);
            Assert.Equal(stored.Missed ? "true" : "false", finding.GetAttribute("data-missed"));
            Assert.NotEmpty(stored.Case!.Photos);
        }
        page.Find("[data-testid=spotcheck-finish]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=spotcheck-task][data-task='{taskId}'] [data-testid=spotcheck-open]")));
        await using var after = await DbAsync();
        Assert.Equal(SpotCheckStatus.Done, (await after.SpotCheckTasks.SingleAsync(t => t.Id == taskId)).Status);
    }

    private async Task<PanlongDbContext> DbAsync() => await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    /// <summary>A check due today in a 东庄社区 grid (the draw itself is tested in the workflows' tests).</summary>
    private async Task<(int TaskId, TestPlaces.GridPlace Place)> TodaysTaskAsync()
    {
        await using var db = await DbAsync();
        var place = await TestPlaces.GridAsync(db, "530103001001");
        var grid = await db.OrgUnits.SingleAsync(u => u.Id == place.Id);
        var category = await db.CaseCategories.Where(c => c.IsActive).OrderBy(c => c.Code).Select(c => c.Id).FirstAsync();
        var today = ChinaTime.Today(_portal.Services.GetRequiredService<TimeProvider>());
        var plan = new SpotCheckPlan
        {
            Name = "页面测试", From = today, To = today, Checks = 1, StreetCodes = "530103001", CategoryIds = category.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScopePath = "/530103/", CreatedByUserId = "spotcheck", CreatedByName = "邱督察", CreatedAt = DateTimeOffset.UtcNow,
            Tasks = [new SpotCheckTask { Draw = 0, Day = today, GridId = grid.Id, GridCode = grid.Code, CategoryId = category, ScopePath = grid.ScopePath }],
        };
        db.SpotCheckPlans.Add(plan);
        await db.SaveChangesAsync();
        return (plan.Tasks[0].Id, place);
    }
}
