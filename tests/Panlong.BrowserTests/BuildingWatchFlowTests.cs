using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Data.Community;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 21 part 3 as the 楼栋长 walks it (docs/decisions/0095-building-watchers.md): on the phone, from the volunteer home to their
/// building's page with the community's notices, then "report from this building" — the report form opens with the building's
/// address, position and grid already chosen, and the case is filed there.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class BuildingWatchFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Watcher_OpensTheirBuildingOnThePhone_ReportsFromItWithTheBuildingChosen()
    {
        var data = new StoryData(browser);
        (long Id, string Address, int GridId, string GridName) building;
        await using (var db = data.Open())
        {
            var userId = await db.Users.Where(u => u.UserName == "watcher.dongzhuang").Select(u => u.Id).SingleAsync();
            var held = await db.VolunteerPosts.AsNoTracking()
                .Where(p => p.Kind == VolunteerPostKind.BuildingHead && db.Volunteers.Any(v => v.Id == p.VolunteerId && v.UserId == userId))
                .Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new { b.Id, b.Address, b.GridId, GridName = b.Grid!.Name }).SingleAsync();
            building = (held.Id, held.Address, held.GridId, held.GridName);
        }
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "watcher.dongzhuang");
        await BrowserFixture.OpenAsync(phone, "/volunteer");
        await phone.WaitVisibleAsync("[data-testid=volunteer-building-link]", new() { Timeout = 60_000 });
        await phone.ClickAsync("[data-testid=volunteer-building-link]");
        var card = phone.Locator("[data-testid=watch-building]");
        await Assertions.Expect(card).ToContainTextAsync(building.Address, new() { Timeout = 60_000 });
        // The demo's pinned 停水通知 of 东庄 is among the notices; a resident's own topic is not.
        await Assertions.Expect(card.Locator("[data-testid=forum-post]").First).ToContainTextAsync("停水");
        await Assertions.Expect(card).Not.ToContainTextAsync("婴儿车");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-watcher-phone-zh.png"), FullPage = true });

        await phone.ClickAsync("[data-testid=watch-report]");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        await phone.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await Assertions.Expect(phone.Locator("[data-testid=report-address]")).ToHaveValueAsync(building.Address, new() { Timeout = 60_000 });
        await Assertions.Expect(phone.Locator("[data-testid=report-position]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d{6}, \d+\.\d{6}$"));
        await Assertions.Expect(phone.Locator("[data-testid=report-grid]")).ToContainTextAsync(building.GridName);
        await phone.ClickAsync("[data-testid=report-category]");
        await phone.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=report-form]")).ToContainTextAsync("立案标准");
        await phone.FillAsync("[data-testid=report-description]", "楼栋门口堆放的装修垃圾三天没人清运");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-watcher-report-phone-zh.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=report-submit]");
        await phone.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/cases/[A-Z0-9]+$"), new() { Timeout = 60_000 });

        await using (var db = data.Open())
        {
            var filed = await db.Cases.AsNoTracking().Where(c => c.Description == "楼栋门口堆放的装修垃圾三天没人清运").Select(c => new { c.Address, c.GridId }).SingleAsync();
            Assert.Equal((building.Address, building.GridId), (filed.Address, filed.GridId));
        }
        await BrowserFixture.OpenAsync(phone, "/volunteer/building");
        await BrowserFixture.ChooseEnglishAsync(phone);
        await Assertions.Expect(phone.Locator("[data-testid=watch-report]")).ToContainTextAsync("Report from this building", new() { Timeout = 60_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("21-watcher-phone-en.png"), FullPage = true });
    }
}
