using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>One portal process and one Debian Chromium for all browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalProcess Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run ./test.sh, which installs Debian's chromium package.");
        }
        Portal = await PortalProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context on the shared portal, or on <paramref name="portal"/> for a test that runs its own.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, bool mobile = false, PortalProcess? portal = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (portal ?? Portal).Url.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real sign-in page and waits for the live (interactive) home page.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password = "Panlong#2026")
    {
        await page.GotoAsync("/account/login");
        await SignInHereAsync(page, userName, password);
    }

    /// <summary>Signs in on the sign-in page the page is on (the portal sent it there, with where to come back to).</summary>
    public static async Task SignInHereAsync(IPage page, string userName, string password = "Panlong#2026")
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-circuit=ready]");
    }

    /// <summary>
    /// Switches the page to English through the app bar's language menu. The menu is live only once the circuit is, so this waits for
    /// that first (a prerendered button takes the click and does nothing), then for the reloaded English page to be live again.
    /// </summary>
    public static async Task ChooseEnglishAsync(IPage page)
    {
        await page.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("text=English");
        await page.WaitForSelectorAsync("html[lang=en] [data-circuit=ready]", new() { Timeout = 60_000 });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
