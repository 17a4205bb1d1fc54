using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>A resident who has not signed in finds an item in the 办事指南 and reads what to bring.</summary>
[Collection(nameof(BrowserCollection))]
public class GuideFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Guide_WithoutSigningIn_IsSearchedAndAnItemRead()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await page.GotoAsync("/guide");
        await page.WaitForSelectorAsync("[data-circuit=ready]");
        await page.FillAsync("[data-testid=guide-search]", "低保");
        await page.Keyboard.PressAsync("Enter");
        await page.FillAsync("[data-testid=guide-search]", "最低生活保障");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=guide-list]")).ToContainTextAsync("最低生活保障申请");
        await page.ClickAsync("text=最低生活保障申请");
        await Assertions.Expect(page.Locator("[data-testid=guide-promised]")).ToContainTextAsync("20 个工作日");
        await Assertions.Expect(page.Locator("[data-testid=guide-materials]")).ToContainTextAsync("已有登记信息的可免交");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("guide-item-phone.png"), FullPage = true });
    }
}
