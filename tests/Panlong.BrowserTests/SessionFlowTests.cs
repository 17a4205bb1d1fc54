using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>Issue 15 hole 7: ending a session from "My sessions" signs the other browser's live page out at once.</summary>
[Collection(nameof(BrowserCollection))]
public class SessionFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignOutEverywhereElse_SignsTheOtherBrowsersLivePageOut_AndKeepsThisOne()
    {
        var office = await browser.NewPageAsync();
        var phone = await browser.NewPageAsync();
        // Two real sign-ins, two sessions: BrowserFixture.SignInAsync would give the second browser the first one's cookie.
        foreach (var page in new[] { office, phone })
        {
            await page.GotoAsync("/account/login");
            await BrowserFixture.SignInHereAsync(page, "approver");
        }

        await BrowserFixture.OpenAsync(office, "/account/sessions");
        await Assertions.Expect(office.Locator("[data-testid=session-current]")).ToHaveCountAsync(1);
        var rows = office.Locator("[data-testid=session-table] tbody tr");
        Assert.True(await rows.CountAsync() >= 2);
        await office.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("sessions-approver.png"), FullPage = true });
        await office.Locator("[data-testid=sessions-end-others]").ClickAsync();

        // No request from the phone: its circuit is told and goes to the sign-in page by itself.
        await phone.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var response = await office.GotoAsync("/tasks");
        Assert.Contains("/tasks", office.Url, StringComparison.Ordinal);
        Assert.NotNull(response);
    }
}
