using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 18 part 5 at phone size: the community's organiser publishes an activity starting in twenty minutes with one
/// medical helper wanted; a resident signs up and checks in by typing the organiser's door code; the volunteer helper signs
/// up, the organiser checks them in by their card's code, and the helper's beans appear (docs/decisions/0056-community-activities.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public partial class ActivityFlowTests(BrowserFixture browser)
{
    private const string Helper = "volunteer.2";

    [Fact]
    public async Task Resident_SignsUpAndChecksInByTypingTheCode_TheHelpersBeansAppear()
    {
        var title = "义诊：血压测量 " + Guid.NewGuid().ToString("N")[..4];
        var helperCode = (await new StoryData(browser).WithDemoPasswordAsync(Helper))!;
        var organiser = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(organiser, "approver.dongzhuang");
        await BrowserFixture.OpenAsync(organiser, "/activities/new");
        var starts = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMinutes(20);
        await organiser.FillAsync("[data-testid=activity-form-title]", title);
        await organiser.FillAsync("[data-testid=activity-form-venue]", "东庄社区广场");
        await organiser.FillAsync("[data-testid=activity-form-starts]", starts.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await organiser.FillAsync("[data-testid=activity-form-ends]", starts.AddHours(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await organiser.FillAsync("[data-testid=activity-form-capacity]", "5");
        await organiser.FillAsync("[data-testid=activity-form-skill-1]", "1");
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-activities-new-phone.png"), FullPage = true });
        await organiser.ClickAsync("[data-testid=activity-form-save]");
        await Assertions.Expect(organiser).ToHaveURLAsync(ActivityAddress());
        var id = ActivityAddress().Match(organiser.Url).Groups[1].Value;

        var resident = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(resident, "resident");
        await BrowserFixture.OpenAsync(resident, $"/activities/{id}");
        await resident.ClickAsync("[data-testid=activity-sign-up]");
        await Assertions.Expect(resident.Locator("[data-testid=activity-my-seat]")).ToContainTextAsync("您已报名");

        var helper = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(helper, Helper);
        await BrowserFixture.OpenAsync(helper, $"/activities/{id}");
        await helper.ClickAsync("[data-testid=activity-help-1]");
        await Assertions.Expect(helper.Locator("[data-testid=activity-my-seat]")).ToContainTextAsync("志愿者");

        await BrowserFixture.OpenAsync(organiser, $"/activities/{id}/door");
        var code = (await organiser.Locator("[data-testid=door-code]").InnerTextAsync()).Trim();
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-activities-door-phone.png"), FullPage = true });

        await resident.ClickAsync("[data-testid=activity-check-in]");
        await resident.WaitVisibleAsync("[data-testid=check-in-code]");
        await resident.FillAsync("[data-testid=check-in-code]", code);
        await resident.ClickAsync("[data-testid=check-in-submit]");
        await Assertions.Expect(resident.Locator("[data-testid=check-in-done]")).ToBeVisibleAsync();
        await resident.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-activities-checked-in-phone.png"), FullPage = true });

        await organiser.FillAsync("[data-testid=door-card]", helperCode);
        await organiser.ClickAsync("[data-testid=door-card-check-in]");
        await Assertions.Expect(organiser.GetByText("志愿者已签到。")).ToBeVisibleAsync();

        // The outbox dispatcher hands the attendance to the ledger within seconds: reload until the movement shows.
        var history = helper.Locator("[data-testid=points-history]", new() { HasTextString = title });
        for (var attempt = 0; attempt < 15 && await history.CountAsync() == 0; attempt++)
        {
            await helper.GotoAsync("/volunteer/points");
            await helper.WaitVisibleAsync("[data-testid=points-balance]");
        }
        await Assertions.Expect(history).ToContainTextAsync("+10");
    }

    [GeneratedRegex(@"/activities/(\d+)$")]
    private static partial Regex ActivityAddress();
}
