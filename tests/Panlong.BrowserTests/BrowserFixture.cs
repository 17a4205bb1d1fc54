using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>One portal process and one Debian Chromium for all browser tests.</summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Whether this fixture starts the shared portal (<see cref="OwnPortalBrowserFixture"/> does not).</summary>
    protected virtual bool StartsSharedPortal => true;

    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalProcess Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// Playwright's assertions wait 5 s by default, not the context's timeout: a step's answer on a loaded two-core machine takes
    /// longer. Every assertion waits as long as an action does (ADR 69); a passing one returns as soon as it holds.
    /// </summary>
    public const float StepTimeout = 30_000;

    static BrowserFixture() => Assertions.SetDefaultExpectTimeout(StepTimeout);

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run ./test.sh, which installs Debian's chromium package.");
        }
        if (StartsSharedPortal)
        {
            Portal = await PortalProcess.StartAsync();
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context on the shared portal, or on <paramref name="portal"/> for a test that runs its own.</summary>
    public Task<IPage> NewPageAsync(int width = 1366, int height = 900, bool mobile = false, PortalProcess? portal = null) =>
        NewPageOnAsync((portal ?? Portal ?? throw new InvalidOperationException("This collection has no shared portal: pass the test's own.")).Url,
            width, height, mobile);

    /// <summary>A fresh browser context on any address: a portal, or the load balancer in front of two (<see cref="TwoNodeCluster"/>).</summary>
    public async Task<IPage> NewPageOnAsync(Uri url, int width = 1366, int height = 900, bool mobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(StepTimeout);
        PortalOf.AddOrUpdate(context, url.ToString());
        return await context.NewPageAsync();
    }

    public const string DemoPassword = "Panlong#2026";

    /// <summary>
    /// What a live page shows: the shell marks its content once the circuit runs. Before that the page is its prerendered
    /// markup, whose buttons take a click and do nothing, so a test waits for this before it clicks or types anything live.
    /// </summary>
    public const string Live = "[data-circuit=ready]";

    /// <summary>How long a page may take to go live: a circuit's start on a two-core machine under a load of 100 (ADR 69).</summary>
    public const float LiveTimeout = 60_000;

    /// <summary>The portal each context of <see cref="NewPageAsync"/> was made for.</summary>
    private static readonly ConditionalWeakTable<IBrowserContext, string> PortalOf = new();

    /// <summary>The sign-in cookies of each account on each portal, from its first real sign-in in this run.</summary>
    private static readonly ConcurrentDictionary<(string Portal, string User), Cookie[]> SignedIn = new();

    /// <summary>
    /// Signs in and waits for the live (interactive) home page. The first time per account and portal through the real sign-in
    /// page; after that the context gets that sign-in's cookies, as another tab of the same browser would (the same server-side
    /// session, docs/decisions/0025-server-side-sessions.md), which spares each test the sign-in page, the password hash and the
    /// audit row (docs/decisions/0069-what-the-browser-tests-drive.md). A session ended since (signed out everywhere, expired)
    /// shows the home page to nobody: then the real sign-in again. A test of sign-in or of sessions signs in on the page itself
    /// (<see cref="SignInHereAsync"/>).
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password = DemoPassword)
    {
        var portal = PortalOf.TryGetValue(page.Context, out var url) && password == DemoPassword ? url : null;
        if (portal is not null && SignedIn.TryGetValue((portal, userName), out var cookies))
        {
            await page.Context.AddCookiesAsync(cookies);
            await page.GotoAsync("/");
            // The account menu is in the prerendered page of a signed-in user.
            if (await page.Locator("[data-testid=user-chip]").CountAsync() > 0)
            {
                await page.WaitVisibleAsync(Live, new() { Timeout = LiveTimeout });
                return;
            }
            await page.Context.ClearCookiesAsync();
        }
        await page.GotoAsync("/account/login");
        await SignInHereAsync(page, userName, password);
        if (portal is not null)
        {
            SignedIn[(portal, userName)] = [.. (await page.Context.CookiesAsync()).Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            })];
        }
    }

    /// <summary>Signs in on the sign-in page the page is on (the portal sent it there, with where to come back to).</summary>
    public static async Task SignInHereAsync(IPage page, string userName, string password = "Panlong#2026")
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitVisibleAsync(Live, new() { Timeout = LiveTimeout });
    }

    /// <summary>Opens <paramref name="path"/> and waits until the page is live.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitVisibleAsync(Live, new() { Timeout = LiveTimeout });
    }

    /// <summary>Reloads the page and waits until it is live again.</summary>
    public static async Task ReloadLiveAsync(IPage page)
    {
        await page.ReloadAsync();
        await page.WaitVisibleAsync(Live, new() { Timeout = LiveTimeout });
    }

    /// <summary>
    /// Switches the page to English through the app bar's language menu. The menu is live only once the circuit is, so this waits for
    /// that first (a prerendered button takes the click and does nothing), then for the reloaded English page to be live again.
    /// </summary>
    public static async Task ChooseEnglishAsync(IPage page)
    {
        await page.WaitVisibleAsync(Live, new() { Timeout = LiveTimeout });
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("text=English");
        await page.WaitVisibleAsync($"html[lang=en] {Live}", new() { Timeout = LiveTimeout });
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

/// <summary>
/// Chromium without the shared portal, for the tests that start portals of their own (their own settings or database: the
/// idle limit, mandatory two-factor, PostgreSQL outages, the appraisal year, two nodes). They are a second collection, which
/// xUnit runs beside the shared portal's: their portals start and seed while the other collection's flows wait on pages,
/// rather than after them (docs/decisions/0069-what-the-browser-tests-drive.md).
/// </summary>
public sealed class OwnPortalBrowserFixture : BrowserFixture
{
    protected override bool StartsSharedPortal => false;
}

[CollectionDefinition(nameof(OwnPortalCollection))]
public sealed class OwnPortalCollection : ICollectionFixture<OwnPortalBrowserFixture>;
