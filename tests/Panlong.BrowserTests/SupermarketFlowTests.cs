using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Data.Identity;
using Panlong.Data.Notifications;
using Panlong.Data.Providers;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;

namespace Panlong.BrowserTests;

/// <summary>
/// The article's story at phone size (issue 18 part 3, docs/decisions/0054-supermarket.md): the water-delivery volunteer's
/// drug-use report (G-02) is closed — the case loop's <c>points.case-closed</c> message, as <see cref="CaseListener"/>
/// writes it on closing — the portal's outbox delivers 50 beans, the volunteer redeems at the 爱心超市 and the keeper
/// hands the goods over by the pick-up code.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SupermarketFlowTests(BrowserFixture browser)
{
    private const string Volunteer = "volunteer.3";

    [Fact]
    public async Task Volunteer_EarnsFiftyBeansRedeemsOnThePhone_KeeperHandsOverByCode()
    {
        await ReportedDrugUseClosedAsync();
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, Volunteer);
        await phone.GotoAsync("/volunteer/supermarket");
        // Sized for a loaded machine: the first circuit of a fresh portal.
        await phone.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        // The outbox dispatcher delivers on its own beat: look again until the award is there.
        for (var i = 0; i < 30 && !(await phone.Locator("[data-testid=supermarket-balance]").InnerTextAsync()).Contains("50", StringComparison.Ordinal); i++)
        {
            await Task.Delay(1000);
            await phone.ReloadAsync();
            await phone.WaitForSelectorAsync("[data-testid=supermarket-balance]");
        }
        await Assertions.Expect(phone.Locator("[data-testid=supermarket-balance]")).ToContainTextAsync("50");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-shelf-phone.png"), FullPage = true });

        var towel = phone.Locator("[data-testid^=goods-]", new() { HasTextString = "毛巾" });
        await towel.Locator("button").ClickAsync();
        var order = phone.Locator("[data-testid^=order-]", new() { HasTextString = "毛巾" }).First;
        await Assertions.Expect(order.Locator("[data-testid=order-code]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{8}$"), new() { Timeout = 15_000 });
        await Assertions.Expect(order.Locator("[data-testid=order-qr] svg")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=supermarket-balance]")).ToContainTextAsync("40");
        var code = (await order.Locator("[data-testid=order-code]").InnerTextAsync()).Trim();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-order-phone.png"), FullPage = true });

        var keeper = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(keeper, "keeper.dongzhuang");
        await keeper.GotoAsync("/supermarket");
        await keeper.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await Assertions.Expect(keeper.Locator("[data-testid=keeper-awaiting]")).ToContainTextAsync(code);
        await keeper.FillAsync("[data-testid=handover-code]", code);
        await keeper.ClickAsync("[data-testid=handover-submit]");
        await Assertions.Expect(keeper.Locator("[data-testid=keeper-awaiting]")).Not.ToContainTextAsync(code, new() { Timeout = 15_000 });
        await keeper.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-keeper-phone.png"), FullPage = true });
        // The same code again: handed over once.
        await keeper.FillAsync("[data-testid=handover-code]", code);
        await keeper.ClickAsync("[data-testid=handover-submit]");
        await Assertions.Expect(keeper.Locator(".mud-snackbar", new() { HasTextString = "已交付，不能再次" })).ToBeVisibleAsync();

        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("[data-testid^=order-]", new() { HasTextString = "毛巾" }).First.Locator("[data-testid=order-status]")).ToHaveTextAsync("已取货");

        // The keeper's desk at desktop width, and both pages in English.
        var desk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, "keeper.dongzhuang");
        await desk.GotoAsync("/supermarket");
        await desk.WaitForSelectorAsync("[data-testid=keeper-goods]");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-supermarket-keeper-desktop.png"), FullPage = true });
        foreach (var (page, name) in new[] { (desk, "keeper-desktop-en"), (phone, "shelf-phone-en") })
        {
            await page.ClickAsync("[data-testid=language-menu] button");
            await page.ClickAsync("text=English");
            await page.WaitForSelectorAsync("[data-circuit=ready]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"18-supermarket-{name}.png"), FullPage = true });
        }
    }

    /// <summary>
    /// A demo volunteer who can sign in, and the message the case loop writes when their G-02 report closes (the loop
    /// itself is tested in CaseAwardTests; here the portal's own outbox dispatcher and points consumer deliver it).
    /// </summary>
    private async Task ReportedDrugUseClosedAsync()
    {
        var options = new DbContextOptionsBuilder<SqlitePanlongDbContext>().UseSqlite(browser.Portal.ConnectionString).Options;
        await using var db = new SqlitePanlongDbContext(options);
        var user = await db.Users.SingleAsync(u => u.UserName == Volunteer);
        user.PasswordHash = new PasswordHasher<PanlongUser>().HashPassword(user, DemoAccounts.Password);
        var category = await db.CaseCategories.Where(c => c.Code == "G-02").Select(c => c.Id).SingleAsync();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Topic = CaseListener.PointsTopic, Recipient = Panlong.Workflows.Community.PointsInbox.RecipientPrefix + user.Id, Title = "志愿者上报案件结案 AJ-STORY",
            Payload = JsonSerializer.Serialize(new { caseNumber = "AJ-STORY", userId = user.Id, categoryId = category, closedAt = DateTimeOffset.UtcNow }),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
