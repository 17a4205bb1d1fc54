using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(OwnPortalCollection))]
public class IdleSignOutTests(OwnPortalBrowserFixture browser)
{
    [Fact]
    public async Task AnIdleSession_IsSignedOut_AndTheSignInPageSaysWhy()
    {
        // A portal of its own with a four-second idle limit (30 minutes by default).
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string> { ["Security__IdleTimeout"] = "00:00:04" });
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.Url.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "leader");

        await page.WaitForURLAsync("**/account/login?idle=1", new() { Timeout = 30_000 });

        await Assertions.Expect(page.Locator(".login-info")).ToContainTextAsync("长时间未操作");
        // Signed out: a page for signed-in users sends back to the sign-in page (the home page is public, issue 16).
        var response = await page.GotoAsync("/tasks");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.NotNull(response);
    }
}
