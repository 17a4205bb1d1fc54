using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Data.Notifications;
using Panlong.Data.Providers;

namespace Panlong.BrowserTests;

/// <summary>
/// The bell opens with a mouse click and with a finger tap (issue 16: it opened only from the keyboard), and its
/// messages can be read, opened and marked read; so does the account menu.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class NotificationBellFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Bell_ClickedOnADesktop_OpensAndAMessageLeadsToItsPage()
    {
        await PlantAsync("gridworker", "请核查东庄社区占道经营", "/tasks", "东风东路 12 号门前");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "gridworker");
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveAttributeAsync("data-count", new System.Text.RegularExpressions.Regex("[1-9]"));

        await page.Locator("[data-testid=bell] button").ClickAsync();

        var item = page.Locator("[data-testid=bell-item]", new() { HasTextString = "请核查东庄社区占道经营" });
        await Assertions.Expect(item).ToContainTextAsync("东风东路 12 号门前");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-read", "false");
        // The list fades in: the picture waits until it is fully shown.
        await Assertions.Expect(page.Locator(".mud-popover-open").Filter(new() { Has = item })).ToHaveCSSAsync("opacity", "1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-shell-bell-desktop.png") });
        await item.ClickAsync();
        // The bell navigates inside the live page (no load event): wait for the address itself.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tasks$"));
        await page.Locator("[data-testid=bell] button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=bell-item]", new() { HasTextString = "请核查东庄社区占道经营" })).ToHaveAttributeAsync("data-read", "true");

        // The account menu beside it had the same custom activator and the same defect.
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=user-chip]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu-sessions]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Bell_TappedOnAPhone_OpensAndMarksEverythingRead()
    {
        await PlantAsync("volunteer", "您反映的问题已受理", "/cases", null);
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "volunteer");

        await page.Locator("[data-testid=bell] button").TapAsync();

        await Assertions.Expect(page.Locator("[data-testid=bell-item]", new() { HasTextString = "您反映的问题已受理" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-shell-bell-phone.png") });
        await page.Locator("[data-testid=bell-mark-all]").TapAsync();
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveAttributeAsync("data-count", "0");
    }

    /// <summary>A message as the outbox dispatcher writes one; no short flow rings a given person's bell.</summary>
    private async Task PlantAsync(string userName, string title, string link, string? body)
    {
        var options = new DbContextOptionsBuilder<SqlitePanlongDbContext>().UseSqlite(browser.Portal.ConnectionString).Options;
        await using var db = new SqlitePanlongDbContext(options);
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        db.Notifications.Add(new Notification { UserId = userId, Title = title, Body = body, Link = link, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }
}
