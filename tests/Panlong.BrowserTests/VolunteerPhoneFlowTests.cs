using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Panlong.Data.Identity;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 18 part 1, the volunteer's phone story: a resident applies on the phone (skills, availability); the community's
/// approver approves at the desk; the approval gives the Volunteer role and renews the account's stamp, which ends the
/// phone's session at once — the open page goes to the sign-in page by itself — and the new sign-in carries the role and
/// shows the card with its QR code and opaque code (docs/decisions/0052-volunteers-and-points-ledger.md, 0025-server-side-sessions.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public partial class VolunteerPhoneFlowTests(BrowserFixture browser)
{
    private const string Applicant = "applicant.dongzhuang";

    [Fact]
    public async Task Resident_AppliesOnThePhoneAndIsApprovedAtTheDesk_ThePhoneComesBackWithTheRoleAndTheCard()
    {
        var (_, person) = await new StoryData(browser).NewAccountAsync(Applicant, Roles.Resident);
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        var desk = await browser.NewPageAsync();
        await Task.WhenAll(BrowserFixture.SignInAsync(phone, Applicant), BrowserFixture.SignInAsync(desk, "approver.dongzhuang"));

        await BrowserFixture.OpenAsync(phone, "/volunteer");
        await phone.FillAsync("[data-testid=volunteer-availability]", "周六 09:00-12:00");
        await phone.ClickAsync("[data-testid=skill-4]");
        await phone.ClickAsync("[data-testid=skill-6]");
        await phone.ClickAsync("[data-testid=volunteer-apply]");
        await Assertions.Expect(phone.Locator("[data-testid=volunteer-pending]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-volunteer-applied-phone.png"), FullPage = true });

        await BrowserFixture.OpenAsync(desk, "/community/volunteers");
        var application = desk.Locator("[data-testid=volunteer-applications] tbody tr", new() { HasTextString = person.IdMasked });
        await Assertions.Expect(application).ToContainTextAsync("家政、助老");
        await Assertions.Expect(application).ToContainTextAsync("周六 09:00-12:00");
        await application.Locator("[data-testid^=approve-]").ClickAsync();
        await Assertions.Expect(application).ToHaveCountAsync(0);

        // Nothing done on the phone: its session ended with the approval, and the open page went to sign in by itself. Sized
        // for a loaded machine, yet shorter than the circuit's own minute-long check, which would also get it there, only late.
        await phone.WaitForURLAsync("**/account/login**", new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        await BrowserFixture.SignInHereAsync(phone, Applicant);
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/volunteer$"));
        var card = phone.Locator("[data-testid=volunteer-card]");
        await Assertions.Expect(card.Locator("[data-testid=volunteer-code]")).ToHaveTextAsync(VolunteerCode());
        await Assertions.Expect(card.Locator("[data-testid=volunteer-qr] svg")).ToBeVisibleAsync();
        // The new session holds the role: the volunteer's own pages are in the menu.
        await Assertions.Expect(phone.Locator("a[href='/volunteer/orders']")).Not.ToHaveCountAsync(0);
        await card.ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-stories-volunteer-card-phone.png"), FullPage = true });

        // The desk's next step with its volunteers: the demo's gathered clinic group (volunteers invited) offers 转为活动 and
        // 转为服务订单; the orders form lists a household each — looked at, not posted, so the demo group stays for others (ADR 80).
        await ShowGatheredGroupOrdersAsync(desk, "zh");
        await BrowserFixture.ChooseEnglishAsync(desk);
        await ShowGatheredGroupOrdersAsync(desk, "en");
    }

    private static async Task ShowGatheredGroupOrdersAsync(IPage desk, string language)
    {
        foreach (var (width, height, name) in new[] { (1280, 900, "desk"), (390, 844, "phone") })
        {
            await desk.SetViewportSizeAsync(width, height);
            await BrowserFixture.OpenAsync(desk, "/community/needs");
            var toOrders = desk.Locator("button[data-testid^=group-orders-]").First;
            await Assertions.Expect(desk.Locator("a[data-testid^=group-activity-]").First).ToBeVisibleAsync();
            await toOrders.ClickAsync();
            await Assertions.Expect(desk.Locator("[data-testid^=need-order-house-]").First).ToBeVisibleAsync();
            // The click scrolled the page; a full-page shot of a scrolled page draws the fixed app bar in its middle.
            await desk.EvaluateAsync("window.scrollTo(0, 0)");
            await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"18-stories-need-group-orders-{name}-{language}.png"), FullPage = true });
        }
    }

    /// <summary>ADR 52's opaque code: V and nine of the unambiguous alphabet (no 0/O, 1/I/L).</summary>
    [GeneratedRegex("^V[2-9A-HJKMNP-Z]{9}$")]
    private static partial Regex VolunteerCode();
}
