using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// The article's story at phone size (issue 18; docs/decisions/0052-volunteers-and-points-ledger.md, 0054-supermarket.md):
/// the water-delivery volunteer reports suspected drug use (G-02) from his phone where he stands; the community station and
/// the street's supervisor take the case round the loop on the case page; on closing, the loop's <c>points.case-closed</c>
/// message goes through the portal's outbox to the ledger and the 50 beans appear on his phone; he redeems them at the
/// 爱心超市 and the keeper hands the goods over by the pick-up code.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SupermarketFlowTests(BrowserFixture browser)
{
    /// <summary>The demo volunteer who delivers water every day (禁毒, DemoVolunteers): the article's.</summary>
    private const string Volunteer = "volunteer.1";

    [Fact]
    public async Task VolunteersDrugUseReport_ClosedThroughTheLoop_BeansAppearAreRedeemedAndHandedOverByCode()
    {
        var data = new StoryData(browser);
        var code = await data.WithDemoPasswordAsync(Volunteer);
        var before = await data.BalanceAsync(code!);
        var (lat, lng) = await data.HomeOfAsync(Volunteer);
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)lat, Longitude = (float)lng });
        // The people of the loop sign in while he reports: they act once the case exists.
        var station = await browser.NewPageAsync();
        var supervisor = await browser.NewPageAsync();
        await Task.WhenAll(BrowserFixture.SignInAsync(phone, Volunteer), BrowserFixture.SignInAsync(station, "station.dongzhuang"),
            BrowserFixture.SignInAsync(supervisor, "supervisor"));

        // 1. The report, from the phone, at the phone's position (he is on his round in his own community).
        await phone.GotoAsync("/cases/report");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        await phone.ClickAsync("[data-testid=report-category]");
        await phone.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "疑似吸毒人员" }).First.ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=report-form]")).ToContainTextAsync("立案标准");
        await phone.FillAsync("[data-testid=report-description]", "送水途中发现楼道内有人疑似吸毒，地上有锡纸和吸管");
        await phone.FillAsync("[data-testid=report-address]", "东庄社区送水途中");
        await phone.GetByRole(AriaRole.Button, new() { Name = "使用当前位置" }).ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=report-grid]")).ToContainTextAsync("东庄社区");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-report-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=report-submit]");
        await phone.WaitForURLAsync("**/cases/AJ*");
        var number = (await phone.Locator("[data-testid=case-number]").InnerTextAsync()).Trim();

        // 2. Round the loop by the people whose steps they are. A volunteer's report enters at the community station of
        //    its grid (CaseService.HubFor), which may dispatch only to itself; the street's supervisor verifies it on the
        //    spot and checks the result. Sending to verify and verifying are this story's own steps, taken on the case
        //    page; filing, dispatching, the feedback with its photo, the check and the closing are CaseFlowTests' steps
        //    on the same page, so here they go through the API that calls the same CaseService — the page would add
        //    only its reloads, several seconds a step on a loaded machine. The station's open page follows to the end.
        var after = Path.Combine(Path.GetTempPath(), $"panlong-after-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(after, TestImages.Png(red: 40, green: 160));
        await CaseSteps.ShowAsync(station, number);
        await CaseSteps.TakeAsync(station, "SendToVerify", "Verifying");
        // The supervisor opens it when it is theirs to verify (one page loading at a time on a loaded machine).
        await CaseSteps.ShowAsync(supervisor, number);
        await CaseSteps.TakeAsync(supervisor, "Verify", "Filing");
        await CaseSteps.ActByApiAsync(station, number, "File", "符合立案标准");
        await CaseSteps.ActByApiAsync(station, number, "Dispatch", "请社区工作站会同派出所处置", new Dictionary<string, string> { ["handlingUnit"] = StoryData.Dongzhuang });
        await CaseSteps.ActByApiAsync(station, number, "Complete", "已会同派出所核查处置", photo: after);
        await CaseSteps.ActByApiAsync(supervisor, number, "Pass", "核查属实");
        await CaseSteps.ActByApiAsync(station, number, "Close", "结案");
        await Assertions.Expect(station.Locator("[data-testid=case-state]")).ToHaveAttributeAsync("data-state", "Closed");

        // 3. The 50 beans on his phone: the outbox dispatcher delivers on its own beat (≤ 2 s), so look again until they are there.
        // Live before the goods are clicked: a prerendered button takes the click and does nothing.
        await BrowserFixture.OpenAsync(phone, "/volunteer/supermarket");
        var balance = phone.Locator("[data-testid=supermarket-balance]");
        for (var i = 0; i < 30 && !Beans(before + 50).IsMatch(await balance.InnerTextAsync()); i++)
        {
            await BrowserFixture.ReloadLiveAsync(phone);
        }
        await Assertions.Expect(balance).ToHaveTextAsync(Beans(before + 50));
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-shelf-phone.png"), FullPage = true });

        var towel = phone.Locator("[data-testid^=goods-]", new() { HasTextString = "毛巾" });
        await towel.Locator("button").ClickAsync();
        var order = phone.Locator("[data-testid^=order-]", new() { HasTextString = "毛巾" }).First;
        await Assertions.Expect(order.Locator("[data-testid=order-code]")).ToHaveTextAsync(new Regex(@"^\d{8}$"));
        await Assertions.Expect(order.Locator("[data-testid=order-qr] svg")).ToBeVisibleAsync();
        await Assertions.Expect(balance).ToHaveTextAsync(Beans(before + 40));
        var pickup = (await order.Locator("[data-testid=order-code]").InnerTextAsync()).Trim();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-order-phone.png"), FullPage = true });

        var keeper = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(keeper, "keeper.dongzhuang");
        await BrowserFixture.OpenAsync(keeper, "/supermarket");
        await Assertions.Expect(keeper.Locator("[data-testid=keeper-awaiting]")).ToContainTextAsync(pickup);
        await keeper.FillAsync("[data-testid=handover-code]", pickup);
        await keeper.ClickAsync("[data-testid=handover-submit]");
        await Assertions.Expect(keeper.Locator("[data-testid=keeper-awaiting]")).Not.ToContainTextAsync(pickup);
        await keeper.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-keeper-phone.png"), FullPage = true });
        // The same code again: handed over once.
        await keeper.FillAsync("[data-testid=handover-code]", pickup);
        await keeper.ClickAsync("[data-testid=handover-submit]");
        await Assertions.Expect(keeper.Locator(".mud-snackbar", new() { HasTextString = "已交付，不能再次" })).ToBeVisibleAsync();

        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("[data-testid^=order-]", new() { HasTextString = "毛巾" }).First.Locator("[data-testid=order-status]")).ToHaveTextAsync("已取货");

        // The keeper's desk at desktop width, and both pages in English.
        var desk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, "keeper.dongzhuang");
        await desk.GotoAsync("/supermarket");
        await desk.WaitVisibleAsync("[data-testid=keeper-goods]");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-keeper-desktop.png"), FullPage = true });
        foreach (var (page, name) in new[] { (desk, "keeper-desktop-en"), (phone, "shelf-phone-en") })
        {
            await BrowserFixture.ChooseEnglishAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"18-supermarket-{name}.png"), FullPage = true });
        }
    }

    /// <summary>The balance chip's text ends in the number of beans.</summary>
    private static Regex Beans(long amount) => new($@"(^|\D){amount}\s*$");
}
