using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 21 part 1 as the grid worker walks it (docs/decisions/0087-care-plans.md): on the phone at the door of a demo person under a
/// care plan, they open the visit due, take the phone's position, record the condition and a need, and turn the need into a
/// service order in one tap.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class CareFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task GridWorker_RecordsAVisitOnThePhone_TheNeedBecomesAServiceOrder()
    {
        var data = new StoryData(browser);
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "gridworker");
        await BrowserFixture.OpenAsync(phone, "/care");
        var first = phone.Locator("[data-testid=care-visit]").First;
        await Assertions.Expect(first).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-care-phone-zh.png"), FullPage = true });
        var visitId = long.Parse((await first.GetAttributeAsync("data-visit"))!, System.Globalization.CultureInfo.InvariantCulture);
        (double Lat, double Lng) house;
        await using (var db = data.Open())
        {
            var b = await db.CareVisits.AsNoTracking().Where(v => v.Id == visitId).Select(v => v.Plan!.Person!.House!.Building!).SingleAsync();
            house = (b.Lat, b.Lng);
        }
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)house.Lat, Longitude = (float)house.Lng, Accuracy = 5 });

        await first.Locator("[data-testid=care-visit-open]").ClickAsync();
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        await phone.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await phone.ClickAsync("[data-testid=care-locate]");
        await Assertions.Expect(phone.Locator("[data-testid=care-position]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d{6}, \d+\.\d{6}$"));
        await phone.Locator("textarea[data-testid=care-condition]").FillAsync("身体尚可，情绪稳定");
        await phone.Locator("textarea[data-testid=care-needs]").FillAsync("需要有人帮忙买菜取药");
        await phone.ClickAsync("[data-testid=care-record]");
        await Assertions.Expect(phone.Locator("[data-testid=care-visit-done]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await phone.ClickAsync("[data-testid=care-order]");
        await Assertions.Expect(phone.Locator("[data-testid=care-ordered]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-care-visit-phone-zh.png"), FullPage = true });

        await using (var db = data.Open())
        {
            var visit = await db.CareVisits.AsNoTracking().SingleAsync(v => v.Id == visitId);
            Assert.False(visit.FarFromHouse);
            var order = await db.ServiceOrders.AsNoTracking().SingleAsync(o => o.Id == visit.ServiceOrderId);
            Assert.Equal("需要有人帮忙买菜取药", order.Description);
        }
        await BrowserFixture.ChooseEnglishAsync(phone);
        await Assertions.Expect(phone.Locator("[data-testid=care-ordered]")).ToContainTextAsync("Service order", new() { Timeout = 60_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-care-visit-phone-en.png"), FullPage = true });
        var desk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, "gridworker");
        await BrowserFixture.OpenAsync(desk, "/care");
        await Assertions.Expect(desk.Locator("[data-testid=care-plan]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-care-desktop-zh.png"), FullPage = true });
    }
}
