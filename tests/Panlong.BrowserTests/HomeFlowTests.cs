using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>A visitor on a phone lands on the public home (issue 16: they were sent to sign-in) and finds its menu.</summary>
[Collection(nameof(BrowserCollection))]
public class HomeFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Home_ForAVisitorOnAPhone_OffersTheGuideTrackingReportingAndSignIn()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);

        await BrowserFixture.OpenAsync(page, "/");

        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=public-home]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=public-guide]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=public-report]")).ToContainTextAsync("12345");
        await Assertions.Expect(page.Locator("[data-testid=public-sign-in]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-shell-home-anonymous-phone.png"), FullPage = true });
        await page.FillAsync("[data-testid=home-track-code]", "NO-SUCH-CODE");
        await page.Locator("[data-testid=home-track-go]").TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=track-missing]")).ToBeVisibleAsync();
        await BrowserFixture.OpenAsync(page, "/");
        await page.Locator("[aria-label='展开或收起菜单']").TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav] a[href='/account/register']")).ToBeVisibleAsync();
    }
}
