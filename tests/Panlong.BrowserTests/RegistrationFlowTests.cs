using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>A resident opens one account with a real-name ID number, is told when the check digit is wrong, and is signed in.</summary>
[Collection(nameof(BrowserCollection))]
public class RegistrationFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task ResidentRegistration_OnAPhone_SignsTheResidentIn()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=register-link]");
        await page.FillAsync("#reg-name", "周小云");
        await page.FillAsync("#reg-id", "53010319900307002X"); // the real check character of this number is 0
        await page.FillAsync("#reg-user", "zhou.xiaoyun");
        await page.FillAsync("#reg-password", "Yunnan#2026");
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.Locator("[data-testid=register-errors]")).ToContainTextAsync("校验位不正确");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("register-error-phone.png"), FullPage = true });

        await page.FillAsync("#reg-id", "530103199003070020");
        await page.FillAsync("#reg-password", "Yunnan#2026");
        await page.ClickAsync("#register-submit");
        await page.WaitForSelectorAsync("[data-circuit=ready]");
        await Assertions.Expect(page.Locator("[data-testid=user-chip]")).ToContainTextAsync("周小云");
    }
}
