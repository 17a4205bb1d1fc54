using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 15, hole 1: a name saved in the registry reaches the map's tooltips as text. Saved with markup that runs script
/// when read as HTML, it must show literally and run nothing.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class MapLabelTests(BrowserFixture browser)
{
    private const string Payload = "<img src=x onerror=alert(1)>";
    private const string Module = "/Features/Maps/DistrictMap.razor.js";

    [Fact]
    public async Task BuildingNamedWithMarkup_ShowsOnTheMapAsText_AndRunsNothing()
    {
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await BrowserFixture.SignInAsync(page, "gridworker");
        var name = $"{Payload}{Guid.NewGuid().ToString("N")[..6]}";
        var (lat, lng) = await PositionInScopeAsync(page);

        // The grid worker registers the building as anyone with a registry role can, door to door.
        await BrowserFixture.OpenAsync(page, "/registry/buildings");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记建筑物" }).ClickAsync();
        var form = page.Locator("[data-testid=building-form]");
        await form.Locator("[data-testid=form-name]").FillAsync(name);
        await form.Locator("input").Nth(1).FillAsync("盘龙区拓东路 1 号");
        await form.Locator("[data-testid=form-lat]").FillAsync(lat.ToString(CultureInfo.InvariantCulture));
        await form.Locator("[data-testid=form-lat]").PressAsync("Tab");
        await form.Locator("[data-testid=form-lng]").FillAsync(lng.ToString(CultureInfo.InvariantCulture));
        await form.Locator("[data-testid=form-lng]").PressAsync("Tab");
        await Assertions.Expect(form.Locator("[data-testid=form-grid]")).ToContainTextAsync("所在网格");
        await page.ClickAsync("[data-testid=form-save]");
        await Assertions.Expect(form).ToHaveCountAsync(0);

        // Only this building on the map (the server's own answer, filtered), so that no cluster hides it.
        await page.RouteAsync("**/api/map/buildings", async route =>
        {
            var response = await route.FetchAsync();
            var rows = JsonNode.Parse(await response.TextAsync())!.AsArray()
                .Where(r => r![3]!.GetValue<string>() == name).Select(r => r!.DeepClone()).ToArray();
            await route.FulfillAsync(new() { Response = response, Body = new JsonArray(rows).ToJsonString() });
        });
        await BrowserFixture.OpenAsync(page, "/map");
        var map = page.Locator("[data-testid=district-map][data-ready=true]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-buildings", "1", new() { Timeout = 30_000 });
        await page.EvaluateAsync($"async ([lat, lng]) => (await import('{Module}')).place(document.querySelector('[data-testid=district-map]'), lat, lng)",
            new[] { lat, lng });

        // The region outlines and the population shading lie over the building on the canvas and, drawn after it, would take the
        // hover (the grid's tooltip, or none): switch every other layer off in the layer control, as a person looking for one
        // building would.
        await page.Locator(".leaflet-control-layers").HoverAsync();
        var others = page.Locator(".leaflet-control-layers-overlays label").Filter(new() { HasNotText = "建筑物" }).Locator("input");
        for (var i = 0; i < await others.CountAsync(); i++)
        {
            await others.Nth(i).SetCheckedAsync(false);
        }
        var box = (await map.BoundingBoxAsync())!;
        var tooltip = page.Locator(".leaflet-tooltip", new() { HasText = name });
        // The cluster layer draws its markers (in chunks, on a canvas) some time after the view moves, later on a busy machine:
        // hover again until the tooltip opens, for up to a minute.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await tooltip.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await page.Mouse.MoveAsync(box.X + (box.Width / 2) - 20, box.Y + (box.Height / 2) - 20);
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2), new() { Steps = 4 });
            // The canvas answers hovers at most every 32 ms and may drop the last move: stay on the dot with a few small ones.
            foreach (var (dx, dy) in new[] { (1, 0), (0, 1), (-1, 0), (0, -1), (0, 0) })
            {
                await page.Mouse.MoveAsync(box.X + (box.Width / 2) + dx, box.Y + (box.Height / 2) + dy);
            }
            try
            {
                await tooltip.WaitForAsync(new() { Timeout = 1_500 });
            }
            catch (TimeoutException)
            {
                // Not drawn yet: move off and on again.
            }
        }

        await Assertions.Expect(tooltip).ToHaveCountAsync(1);
        await Assertions.Expect(tooltip).ToHaveTextAsync(name);
        Assert.Equal(0, await page.Locator(".leaflet-tooltip img, .leaflet-pane img[src=x]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("map-building-name-as-text.png") });
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task MapLabel_TakesEachLineAsText()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "gridworker");

        var html = await page.EvaluateAsync<string>(
            $"async () => (await import('{Module}')).label('{Payload}', 'A & B', null).innerHTML");

        Assert.Equal("&lt;img src=x onerror=alert(1)&gt;<br>A &amp; B<br>", html);
    }

    /// <summary>Where one of the grid worker's buildings stands: inside the worker's grid, so the new one may be registered there.</summary>
    private static async Task<(double Lat, double Lng)> PositionInScopeAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/map/buildings");
        var first = JsonDocument.Parse(await response.TextAsync()).RootElement[0];
        return (first[0].GetDouble(), first[1].GetDouble());
    }
}
