using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(BrowserCollection))]
public class SignInFlowTests(BrowserFixture browser)
{
    // The demo password the README lists (the browser tests drive the portal from outside, as a person would).
    private const string DemoPassword = "Panlong#2026";

    private static async Task SignInAsync(IPage page, string userName)
    {
        // The public home (issue 16) leads a visitor to the sign-in page.
        await page.GotoAsync("/");
        await page.ClickAsync("[data-testid=public-sign-in]");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", DemoPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });
    }

    [Fact]
    public async Task StreetDispatcher_SignsIn_SeesTheStreetsCounts_AndItsOrganization()
    {
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "dispatcher.tuodong");

        var grids = page.Locator("[data-count='Home.Grids']");
        await Assertions.Expect(grids).ToHaveTextAsync("66");
        await Assertions.Expect(page.Locator("[data-count='Home.Communities']")).ToHaveTextAsync("8");
        await Assertions.Expect(page.Locator("[data-testid=user-chip]")).ToContainTextAsync("郑派遣");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("home-dispatcher.png"), FullPage = true });

        await page.ClickAsync("nav >> text=组织与网格");
        await page.WaitForURLAsync("**/organization");
        await page.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });
        await Assertions.Expect(page.Locator("[data-testid=org-detail]")).ToContainTextAsync("拓东街道");
        await Assertions.Expect(page.Locator("[data-testid=org-tree]")).Not.ToContainTextAsync("鼓楼街道");

        await page.Locator("[data-testid=org-tree]").GetByText("东庄社区", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=grid-table]")).ToContainTextAsync("530103001001001");
        await page.Locator("[data-testid=grid-table] tbody tr").First.ClickAsync();
        var staff = page.Locator("[data-testid=grid-staff]");
        await Assertions.Expect(staff).ToContainTextAsync("社区网格员");
        await Assertions.Expect(staff).ToContainTextAsync("****");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("organization-dispatcher.png"), FullPage = true });
    }

    [Fact]
    public async Task WrongPassword_ShowsAClearMessage_AndKeepsTheUserName()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.FillAsync("#username", "leader");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#login-submit");

        await Assertions.Expect(page.Locator("[data-testid=login-message]")).ToHaveTextAsync("用户名或密码错误。");
        await Assertions.Expect(page.Locator("#username")).ToHaveValueAsync("leader");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("login-failed.png") });
    }

    [Fact]
    public async Task AtPhoneWidth_TheLeaderSeesTheDistrict_AndCanSwitchToEnglish()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);

        await SignInAsync(page, "leader");
        await Assertions.Expect(page.Locator("[data-count='Home.Grids']")).ToHaveTextAsync("610");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("home-leader-phone.png"), FullPage = true });

        await BrowserFixture.ChooseEnglishAsync(page);

        await Assertions.Expect(page.Locator("h1, .mud-typography-h5").First).ToContainTextAsync("Hello");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("home-leader-phone-en.png"), FullPage = true });
    }
}
