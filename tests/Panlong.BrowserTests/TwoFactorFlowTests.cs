using Microsoft.Playwright;
using Panlong.Testing;

namespace Panlong.BrowserTests;

[Collection(nameof(OwnPortalCollection))]
public class TwoFactorFlowTests(OwnPortalBrowserFixture browser)
{
    [Fact]
    public async Task AuditAdministrator_EnrolsAtFirstSignIn_ThenSignsInWithTheAppsCode()
    {
        // A portal of its own with the mandate on, as in production: Development turns it off for the demo accounts.
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string> { ["Security__RequireTwoFactorForAdmins"] = "true" });
        var page = await browser.NewPageAsync(portal: portal);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "auditadmin");
        await page.FillAsync("#password", "Panlong#2026");
        await page.ClickAsync("#login-submit");

        await page.WaitForURLAsync("**/account/two-factor**", new() { Timeout = BrowserFixture.LiveTimeout });
        await Assertions.Expect(page.Locator("[data-testid=two-factor-mandatory]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=authenticator-qr]")).ToBeVisibleAsync();
        var key = (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("two-factor-enrolment.png"), FullPage = true });
        await page.FillAsync("#code", TestTotp.Code(key));
        await page.ClickAsync("#enable-submit");

        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("two-factor-recovery-codes.png"), FullPage = true });
        await page.ClickAsync("[data-testid=two-factor-continue]");
        await page.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });

        var next = await browser.NewPageAsync(portal: portal);
        await next.GotoAsync("/account/login");
        await next.FillAsync("#username", "auditadmin");
        await next.FillAsync("#password", "Panlong#2026");
        await next.ClickAsync("#login-submit");
        await next.WaitForURLAsync("**/account/login/two-factor**", new() { Timeout = BrowserFixture.LiveTimeout });
        // The code of the step before was taken at enrolment; a code counts once, so the app's next one is used.
        await next.FillAsync("#code", TestTotp.Code(key, step: 1));
        await next.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("two-factor-sign-in.png"), FullPage = true });
        await next.ClickAsync("#code-submit");
        await next.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });
        await next.GotoAsync("/admin/audit");
        await Assertions.Expect(next.Locator("[data-testid=audit-table]")).ToContainTextAsync("启用双因素认证");
    }
}
