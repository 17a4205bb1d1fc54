using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 16, defect 2: a grid worker of 东庄社区 tapped the report map and filed a case in another street with no warning.
/// The map opens on their own area; a far position asks for confirmation before it is sent; outside the district is refused
/// as it is picked; an address from the registry moves the pin to its building.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class ReportMapTests(BrowserFixture browser)
{
    private const string Module = "/Features/Maps/DistrictMap.razor.js";

    private static async Task<ILocator> OpenAsync(IPage page)
    {
        await BrowserFixture.SignInAsync(page, "gridworker");
        await BrowserFixture.OpenAsync(page, "/cases/report");
        var map = page.Locator("[data-testid=district-map][data-ready=true]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-area", "530103001001", new() { Timeout = 30_000 });
        return map;
    }

    /// <summary>A tap on the map at a position (off screen too: the map opens on the worker's own community).</summary>
    private static async Task PickAsync(IPage page, double lat, double lng) =>
        await page.EvaluateAsync($"async ([lat, lng]) => (await import('{Module}')).pick(document.querySelector('[data-testid=district-map]'), lat, lng)", new[] { lat, lng });

    [Fact]
    public async Task GridWorker_PickingAnotherStreet_IsWarnedBeforeSending_AndOutsideTheDistrictIsRefusedAsPicked()
    {
        var page = await browser.NewPageAsync();
        var map = await OpenAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=map-legend]")).ToContainTextAsync("我的辖区");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-map-report-gridworker.png") });
        // The last street's last grid: kilometres from 东庄社区, as in the issue.
        var grids = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/map/outline?kind=grid")).TextAsync()).RootElement.GetProperty("features");
        var corner = grids[grids.GetArrayLength() - 1].GetProperty("geometry").GetProperty("coordinates")[0];
        var (lat, lng) = ((corner[0][1].GetDouble() + corner[2][1].GetDouble()) / 2, (corner[0][0].GetDouble() + corner[2][0].GetDouble()) / 2);

        await PickAsync(page, lat, lng);
        var warning = page.Locator("[data-testid=report-warning]");
        await Assertions.Expect(warning).ToContainTextAsync("东庄社区");
        await page.ClickAsync("[data-testid=report-submit]");
        await Assertions.Expect(page.Locator("[data-testid=report-position-error]")).ToContainTextAsync("请先确认位置");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-map-report-warning.png") });

        await PickAsync(page, 39.9, 116.4);
        await Assertions.Expect(page.Locator("[data-testid=report-position-error]")).ToContainTextAsync("不在盘龙区范围内");
        await Assertions.Expect(warning).ToHaveCountAsync(0);
        await Assertions.Expect(map).Not.ToHaveAttributeAsync("data-lat", new System.Text.RegularExpressions.Regex("."));
    }

    [Fact]
    public async Task AddressSearch_SuggestsTheRegistrysBuildings_AndChoosingOneMovesThePinThere()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        var map = await OpenAsync(page);

        await page.Locator("input[data-testid=report-address-search], [data-testid=report-address-search] input").First.FillAsync("东庄社区第1网格 1号");
        var hit = page.Locator("[data-testid=report-address-hit]").First;
        await Assertions.Expect(hit).ToContainTextAsync("东庄社区第1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-map-address-suggestions.png") });
        await hit.ClickAsync();

        await Assertions.Expect(map).ToHaveAttributeAsync("data-lat", new System.Text.RegularExpressions.Regex(@"^25\."));
        await Assertions.Expect(page.Locator("[data-testid=report-grid]")).ToContainTextAsync("东庄社区第1网格");
        await Assertions.Expect(page.Locator("[data-testid=report-warning]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-map-report-phone.png"), FullPage = true });
    }
}
