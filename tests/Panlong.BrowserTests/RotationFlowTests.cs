using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 19 part 3 (docs/decisions/0073-inspector-rotation.md): the system administrator asks for the next rotation on
/// /rotation, the plan shows its moves and rule checks; the district leader, on a phone, reads it and approves it.
/// The demo year's rotation (RotationDemo) is already in the list.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class RotationFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Administrator_ProposesTheNextRotation_LeaderApprovesItOnThePhone()
    {
        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "sysadmin");
        await admin.GotoAsync("/rotation");
        await admin.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        // The demo year's rotation, approved through the same service.
        await Assertions.Expect(admin.Locator("[data-testid=rotation-plans] tbody tr").First).ToContainTextAsync("已批准");
        await admin.ClickAsync("[data-testid=rotation-propose]");
        var plan = admin.Locator("[data-testid=rotation-plan][data-status=Reviewing]");
        await Assertions.Expect(plan).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("[data-testid=rotation-checks]")).ToContainTextAsync("规则校验通过");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-admin.png"), FullPage = true });
        // The same page at phone width: its tables and rule fields must fit 390 px.
        await admin.SetViewportSizeAsync(390, 844);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-admin-phone.png"), FullPage = true });
        await admin.SetViewportSizeAsync(1366, 900);

        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "leader");
        await phone.GotoAsync("/rotation");
        await phone.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await Assertions.Expect(phone.Locator("[data-testid=rotation-plan][data-status=Reviewing]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-leader-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=plan-approve]");
        await Assertions.Expect(phone.Locator("[data-testid=rotation-plan][data-status=Approved]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await BrowserFixture.ChooseEnglishAsync(phone);
        await phone.ClickAsync("[data-testid=rotation-plans] tbody tr >> nth=0 >> button");
        await Assertions.Expect(phone.Locator("[data-testid=rotation-plan][data-status=Approved]")).ToContainTextAsync("Approved");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-leader-phone-en.png"), FullPage = true });
        await BrowserFixture.ChooseEnglishAsync(admin);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-admin-en.png"), FullPage = true });
        await admin.SetViewportSizeAsync(390, 844);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-rotation-admin-phone-en.png"), FullPage = true });
    }
}
