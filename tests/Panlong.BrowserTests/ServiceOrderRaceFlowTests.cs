using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Workflows.Community;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 18 part 4 at phone size: the community's staff post a housekeeping order for a resident the registry flags 独居;
/// two volunteers with the skill, each on their own phone, see it pop up without reloading and press 抢单 together; exactly
/// one wins and the other is told at once; the winner sees the requester's name and phone, the loser only ever saw them
/// masked (docs/decisions/0055-service-orders.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class ServiceOrderRaceFlowTests(BrowserFixture browser)
{
    private const int Housekeeping = 4;

    [Fact]
    public async Task TwoVolunteersOnTheirPhones_GrabTheOrderTogether_ExactlyOneWinsAndOnlyTheWinnerSeesTheRequester()
    {
        var data = new StoryData(browser);
        string[] racers = ["racer.a", "racer.b"];
        foreach (var racer in racers)
        {
            await data.NewVolunteerAsync(racer, Housekeeping);
        }
        var elder = await data.LivingAloneAsync();
        var description = "独居老人家中打扫卫生、擦窗 " + Guid.NewGuid().ToString("N")[..4];
        var phones = new[] { await browser.NewPageAsync(390, 844, mobile: true), await browser.NewPageAsync(390, 844, mobile: true) };
        var staff = await browser.NewPageAsync(390, 844, mobile: true);
        await Task.WhenAll(OpenAsync(phones[0], racers[0], "/volunteer/orders"), OpenAsync(phones[1], racers[1], "/volunteer/orders"),
            OpenAsync(staff, "approver.dongzhuang", "/orders"));

        // The community's staff post it for the resident they find by name, for tomorrow (the form's 14:00–16:00 may have passed today).
        await staff.FillAsync("[data-testid=order-person-search]", elder.Name);
        await staff.ClickAsync("[data-testid=order-person-find]");
        await staff.Locator("[data-testid=order-form] .mud-radio", new() { HasTextString = elder.IdMasked }).ClickAsync();
        await staff.FillAsync("[data-testid=order-description]", description);
        await ChooseTomorrowAsync(staff);
        await staff.ClickAsync("[data-testid=order-post]");
        await Assertions.Expect(staff.Locator(".mud-snackbar", new() { HasTextString = "需求已发布" })).ToBeVisibleAsync();

        // It pops up on both phones without a reload, the requester masked.
        var offers = phones.Select(p => p.Locator("[data-testid=order-card]", new() { HasTextString = description })).ToArray();
        foreach (var offer in offers)
        {
            await Assertions.Expect(offer).ToBeVisibleAsync();
            await Assertions.Expect(offer).ToContainTextAsync("独居老人");
            await Assertions.Expect(offer.Locator("[data-testid=order-requester]")).ToContainTextAsync("*");
            Assert.DoesNotContain(elder.Name, await offer.InnerTextAsync(), StringComparison.Ordinal);
        }
        await phones[0].ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-race-offer-phone.png"), FullPage = true });

        // Both press 抢单 at once: the two clicks are in flight together.
        await Task.WhenAll(offers.Select(o => o.Locator("[data-testid=order-grab]").ClickAsync()));
        var outcome = phones.Select(p => p.Locator(".mud-snackbar", new() { HasTextRegex = new Regex("抢单成功|已被他人抢走") }).First).ToArray();
        foreach (var told in outcome)
        {
            await Assertions.Expect(told).ToBeVisibleAsync();
        }
        var won = new List<int>();
        for (var i = 0; i < phones.Length; i++)
        {
            if (await phones[i].Locator(".mud-snackbar", new() { HasTextString = "抢单成功" }).CountAsync() > 0)
            {
                won.Add(i);
            }
        }
        var winner = phones[Assert.Single(won)];
        var loser = phones[1 - won[0]];
        await Assertions.Expect(loser.Locator(".mud-snackbar", new() { HasTextString = "已被他人抢走" }).First).ToBeVisibleAsync();
        await Assertions.Expect(loser.Locator("[data-testid=order-card]", new() { HasTextString = description })).ToHaveCountAsync(0);
        await loser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-race-loser-phone.png"), FullPage = true });
        await using (var db = data.Open())
        {
            var order = await db.ServiceOrders.Where(o => o.Description == description).Select(o => new { o.Id, o.AssigneeUserId }).SingleAsync();
            Assert.Equal(1, await db.ServiceOrderEvents.CountAsync(e => e.OrderId == order.Id && e.Action == ServiceOrderActions.Grab));
            Assert.Equal(racers[won[0]], await db.Users.Where(u => u.Id == order.AssigneeUserId).Select(u => u.UserName).SingleAsync());
        }

        // The winner's own order shows whom to call and where to go; the loser's page has nothing of it.
        await winner.Locator(".mud-tab", new() { HasTextString = "我的订单" }).ClickAsync();
        var mine = winner.Locator("[data-testid=order-card]", new() { HasTextString = description });
        await Assertions.Expect(mine.Locator("[data-testid=order-requester]")).ToHaveTextAsync(elder.Name);
        await Assertions.Expect(mine.Locator("[data-testid=order-phone]")).ToHaveTextAsync(new Regex(@"^[\d-]{7,}$"));
        await Assertions.Expect(mine.Locator("[data-testid=order-address]")).ToContainTextAsync("单元");
        await Assertions.Expect(mine.Locator("[data-testid=order-address]")).Not.ToContainTextAsync("单元单元");
        await winner.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-race-winner-phone.png"), FullPage = true });
        await loser.Locator(".mud-tab", new() { HasTextString = "我的订单" }).ClickAsync();
        await Assertions.Expect(loser.Locator("[data-testid=order-card]", new() { HasTextString = description })).ToHaveCountAsync(0);
    }

    private static async Task OpenAsync(IPage page, string user, string path)
    {
        await BrowserFixture.SignInAsync(page, user);
        await BrowserFixture.OpenAsync(page, path);
    }

    /// <summary>Tomorrow on the form's calendar (China time), turning the month when tomorrow is in the next.</summary>
    private static async Task ChooseTomorrowAsync(IPage page)
    {
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var tomorrow = today.AddDays(1);
        await page.ClickAsync("[data-testid=order-date]");
        var calendar = page.Locator(".mud-popover-open");
        if (tomorrow.Month != today.Month)
        {
            await calendar.Locator(".mud-picker-nav-button-next").ClickAsync();
        }
        await calendar.Locator("button.mud-picker-calendar-day:not(.mud-hidden)", new() { HasTextRegex = new Regex($"^{tomorrow.Day}$") }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-testid=order-date] input, input[data-testid=order-date]").First)
            .ToHaveValueAsync(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
