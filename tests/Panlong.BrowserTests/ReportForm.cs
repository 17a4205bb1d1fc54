using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>The case report form as a person fills it, for the flows that need it filled but not yet sent.</summary>
public static class ReportForm
{
    /// <summary>Category 暴露垃圾, then the description and the address, on /cases/report once its map is ready.</summary>
    public static async Task FillAsync(IPage page, string description, string address)
    {
        await page.WaitVisibleAsync("[data-testid=district-map][data-ready=true]");
        await page.ClickAsync("[data-testid=report-category]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        // Type once the form has drawn the chosen category (its filing standard), as a person reading it would: on a
        // cold PostgreSQL portal the category's re-render came after the typing once and showed the field empty.
        await Assertions.Expect(page.Locator("[data-testid=report-form]")).ToContainTextAsync("立案标准");
        await page.FillAsync("[data-testid=report-description]", description);
        await page.FillAsync("[data-testid=report-address]", address);
        await Assertions.Expect(page.Locator("[data-testid=report-description]")).ToHaveValueAsync(description);
    }
}
