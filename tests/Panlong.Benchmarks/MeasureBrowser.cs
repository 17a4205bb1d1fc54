using Microsoft.Playwright;

namespace Panlong.Benchmarks;

/// <summary>Debian's headless Chromium with the project's flags, and a signed-in page: what every load script drives.</summary>
public static class MeasureBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });

    /// <summary>A new context (its own cookies) signed in through the real sign-in page.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string url, string user)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "Panlong#2026");
        await page.ClickAsync("#login-submit");
        // A portal just started on a loaded machine can take longer than Playwright's default 30 s for its first circuit.
        await page.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 180_000 });
        return page;
    }
}
