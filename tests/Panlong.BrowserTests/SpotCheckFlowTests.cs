using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Testing;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Organization;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 19 part 4 as the 督察员 walks it (docs/decisions/0074-spot-checks.md, 0079-spot-checks-as-a-user-sees-them.md): on the
/// plans page the demo's plan is listed; they draw a one-check plan for today in 拓东, open the draw on the phone where they stand,
/// record a problem with a photo that the area's inspector had not reported, and finish — the finding names its district case,
/// and the month's summary counts the miss for the grid's inspector, whose findings list that case.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SpotCheckFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task SpotChecker_DrawsAPlanAndRecordsAMissOnThePhone_TheCaseCountsForTheAreasInspector()
    {
        var data = new StoryData(browser);
        var desk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, "spotcheck");
        await BrowserFixture.OpenAsync(desk, "/spotcheck/plans");
        await Assertions.Expect(desk.Locator("[data-testid=plan-list]")).ToContainTextAsync(SpotCheckDemo.PlanName);

        // One check today, in 拓东, of a category the demo's checks do not draw (so its inspector has reported none of it).
        var name = $"浏览器督察-{Guid.NewGuid():N}"[..16];
        await Field(desk, "plan-name").FillAsync(name);
        await Field(desk, "plan-checks").FillAsync("1");
        var to = Field(desk, "plan-to");
        await to.FillAsync(await Field(desk, "plan-from").InputValueAsync());
        await to.PressAsync("Tab");
        await desk.ClickAsync("[data-testid=plan-streets]");
        await desk.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "拓东街道" }).ClickAsync();
        await desk.Keyboard.PressAsync("Escape");
        // The chosen street by its name, not its code.
        await Assertions.Expect(Field(desk, "plan-streets")).ToHaveValueAsync("拓东街道");
        await desk.ClickAsync("[data-testid=plan-categories]");
        await desk.Locator(".mud-popover-open .mud-list-item").Nth(12).ClickAsync();
        await desk.Keyboard.PressAsync("Escape");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-plans.png"), FullPage = true });
        await desk.ClickAsync("[data-testid=plan-draw]");
        await Assertions.Expect(desk.Locator("[data-testid=plan-list] tbody tr").First).ToContainTextAsync(name);
        await Assertions.Expect(desk.Locator("[data-testid=plan-list] tbody tr").First).ToContainTextAsync("0 / 1");

        var check = await DrawnCheckAsync(data, name);
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)check.Lat, Longitude = (float)check.Lng, Accuracy = 5 });
        await BrowserFixture.SignInAsync(phone, "spotcheck");
        await BrowserFixture.OpenAsync(phone, "/spotcheck");
        await phone.ClickAsync($"[data-testid=spotcheck-task][data-task='{check.TaskId}'] [data-testid=spotcheck-open]");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        await phone.GetByRole(AriaRole.Button, new() { Name = "使用当前位置" }).ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=spotcheck-position]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d{6}, \d+\.\d{6}$"));
        await Field(phone, "spotcheck-description").FillAsync("督察抽查：路边堆放杂物未上报");
        var photo = Path.Combine(Path.GetTempPath(), $"panlong-spot-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, TestImages.Png(red: 90, green: 120));
        await phone.SetInputFilesAsync("[data-testid=spotcheck-photos]", photo);
        await Assertions.Expect(phone.GetByText(Path.GetFileName(photo))).ToBeVisibleAsync();
        await phone.ClickAsync("[data-testid=spotcheck-find]");
        var finding = phone.Locator("[data-testid=spotcheck-finding][data-missed=true]");
        await Assertions.Expect(finding).ToContainTextAsync("AJ");
        var number = System.Text.RegularExpressions.Regex.Match(await finding.InnerTextAsync(), @"AJ\d+").Value;
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=spotcheck-finish]");
        await Assertions.Expect(phone.Locator($"[data-testid=spotcheck-task][data-task='{check.TaskId}'] [data-testid=spotcheck-open]")).ToHaveCountAsync(0);

        // The case is the district loop's, and the month's summary counts the miss for the grid's inspector of the day.
        await using (var db = data.Open())
        {
            var item = await db.Cases.AsNoTracking().SingleAsync(c => c.Number == number);
            Assert.Equal((Panlong.Data.Cases.CaseSource.SpotCheck, Panlong.Data.Cases.CaseLevel.District, check.GridId),
                (item.Source, item.Level, item.GridId));
        }
        await BrowserFixture.OpenAsync(desk, "/spotcheck/summary");
        var row = desk.Locator($"[data-testid=summary-row][data-inspector='{check.InspectorKey}']");
        await Assertions.Expect(row).ToContainTextAsync(check.InspectorName);
        Assert.Equal(check.MissedBefore + 1, int.Parse(await row.Locator("td").Nth(3).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await row.Locator("a, .mud-link").First.ClickAsync();
        await Assertions.Expect(desk.Locator("[data-testid=summary-findings]")).ToContainTextAsync(number);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-summary.png"), FullPage = true });

        await BrowserFixture.ChooseEnglishAsync(desk);
        await Assertions.Expect(desk.Locator("[data-testid=summary-table]")).ToContainTextAsync("Missed");
        await row.Locator("a, .mud-link").First.ClickAsync();
        await Assertions.Expect(desk.Locator("[data-testid=summary-findings]")).ToContainTextAsync(number);
        // The case's state in the reader's language (the grid and category names are data, kept in Chinese).
        await Assertions.Expect(desk.Locator("[data-testid=summary-findings] tbody tr").First.Locator("td").Nth(4))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[^\u4e00-\u9fff]+$"));
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-summary-en.png"), FullPage = true });
        await BrowserFixture.OpenAsync(desk, "/spotcheck/plans");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-plans-en.png"), FullPage = true });
        await BrowserFixture.ChooseEnglishAsync(phone);
        await Assertions.Expect(phone.Locator($"[data-testid=spotcheck-task][data-task='{check.TaskId}']")).ToContainTextAsync("Done");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-phone-en.png"), FullPage = true });
        await BrowserFixture.OpenAsync(phone, "/spotcheck/summary");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-spotcheck-summary-phone-en.png"), FullPage = true });
        File.Delete(photo);
    }

    /// <summary>A MudBlazor field's input, whether the test id lands on the input itself or on its wrapper.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    private sealed record DrawnCheck(int TaskId, int GridId, double Lat, double Lng, string InspectorKey, string InspectorName, int MissedBefore);

    /// <summary>The plan's one draw (random: its grid is read back), its grid's centre, and the grid's inspector today with their misses so far this month.</summary>
    private static async Task<DrawnCheck> DrawnCheckAsync(StoryData data, string planName)
    {
        await using var db = data.Open();
        var task = await db.SpotCheckTasks.AsNoTracking().Where(t => t.Plan!.Name == planName)
            .Join(db.OrgUnits, t => t.GridId, u => u.Id, (t, u) => new { t.Id, t.GridId, u.CenterLat, u.CenterLng }).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var post = await InspectorAssignments.HeldAt(db, now).Where(a => a.GridId == task.GridId)
            .Select(a => new { a.StaffMemberId, a.StaffMember!.UserId, a.StaffMember.Name }).FirstAsync();
        var key = InspectorAssignments.PersonKey(post.UserId, post.StaffMemberId);
        var today = Panlong.Data.ChinaTime.Today(TimeProvider.System);
        var monthStart = Panlong.Data.ChinaTime.StartOf(new DateOnly(today.Year, today.Month, 1));
        var missed = await db.SpotCheckFindings.CountAsync(f => f.InspectorUserId == key && f.Missed && f.At >= monthStart);
        return new DrawnCheck(task.Id, task.GridId, task.CenterLat!.Value, task.CenterLng!.Value, key, post.Name, missed);
    }
}
