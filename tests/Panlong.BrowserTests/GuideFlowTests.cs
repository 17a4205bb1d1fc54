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
        await BrowserFixture.OpenAsync(page, "/guide");
        await page.FillAsync("[data-testid=guide-search]", "最低生活保障");
        // The list follows the typing: once the address carries the search, the list is the searched one and stays put.
        await page.WaitForURLAsync(url => url.Contains("q=" + Uri.EscapeDataString("最低生活保障"), StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(page.Locator("[data-testid=guide-list]")).ToContainTextAsync("最低生活保障申请");
        await page.Locator("[data-testid=guide-list] a", new() { HasTextString = "最低生活保障申请" }).ClickAsync();
        await page.WaitForURLAsync("**/guide/*");
        await Assertions.Expect(page.Locator("[data-testid=guide-promised]")).ToContainTextAsync("20 个工作日");
        await Assertions.Expect(page.Locator("[data-testid=guide-materials]")).ToContainTextAsync("已有登记信息的可免交");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("guide-item-phone.png"), FullPage = true });
    }

    /// <summary>Issue 16 defect 9: the list follows the typing (no Enter), every keystroke stays, and a reload shows the same search.</summary>
    [Fact]
    public async Task Guide_SearchedWhileTyping_KeepsEveryKeystrokeAndTheQueryInTheAddress()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "/guide");
        var rows = page.Locator("[data-testid=guide-list] tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var all = await rows.CountAsync();
        var search = page.Locator("[data-testid=guide-search]");
        await search.PressSequentiallyAsync("最低生活保障", new() { Delay = 60 });
        await Assertions.Expect(search).ToHaveValueAsync("最低生活保障");
        await Assertions.Expect(rows).Not.ToHaveCountAsync(all);
        await Assertions.Expect(page.Locator("[data-testid=guide-list]")).ToContainTextAsync("最低生活保障申请");
        // The address follows the list (replaced after it redraws), so it is waited for, not read at once.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=" + System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString("最低生活保障")), System.Text.RegularExpressions.RegexOptions.IgnoreCase));

        await BrowserFixture.ReloadLiveAsync(page);
        await Assertions.Expect(search).ToHaveValueAsync("最低生活保障");
        await Assertions.Expect(page.Locator("[data-testid=guide-list]")).ToContainTextAsync("最低生活保障申请");
        Assert.True(await rows.CountAsync() < all);
    }
}
