using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(BrowserCollection))]
public class MapFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheMap_DrawsTheGridPolygons_AndClickingAGridOpensItsStaff()
    {
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"error: {error}");
        await BrowserFixture.SignInAsync(page, "dispatcher.tuodong");
        await BrowserFixture.OpenAsync(page, "/map");

        var map = page.Locator("[data-testid=district-map][data-ready=true]");
        try
        {
            await Assertions.Expect(map).ToHaveAttributeAsync("data-grids", "66", new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException("The map did not draw. Browser console:\n" + string.Join("\n", console), ex);
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("map-dispatcher.png") });
        var box = (await map.BoundingBoxAsync())!;
        // The map is fitted to the street, so points inside it lie in grids; try a few in case a cluster icon is in the way.
        foreach (var (x, y) in new[] { (0.5f, 0.45f), (0.4f, 0.3f), (0.6f, 0.6f), (0.55f, 0.25f) })
        {
            await page.Mouse.ClickAsync(box.X + box.Width * x, box.Y + box.Height * y);
            if (await page.Locator("[data-testid=map-grid]").CountAsync() > 0)
            {
                break;
            }
        }

        var panel = page.Locator("[data-testid=map-grid]");
        try
        {
            await Assertions.Expect(panel).ToContainTextAsync("社区网格员");
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException("No grid panel after clicking. Browser console:\n" + string.Join("\n", console), ex);
        }
        await Assertions.Expect(panel).ToContainTextAsync("530103001");
        await Assertions.Expect(page.Locator("[data-testid=map-grid-figures]")).ToContainTextAsync("人口");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("map-grid-selected.png") });
    }
}
