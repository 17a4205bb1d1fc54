using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(BrowserCollection))]
public class RegistryFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task AGridWorker_OnAPhone_RegistersAPerson_SeesAClearErrorFirst_ThenFindsThemMasked()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "gridworker");
        await BrowserFixture.OpenAsync(page, "/registry/people");
        await Assertions.Expect(page.Locator("[data-testid=people-table]")).ToContainTextAsync("******");

        await page.GetByRole(AriaRole.Button, new() { Name = "登记人员" }).ClickAsync();
        var form = page.Locator("[data-testid=person-form]");
        await form.Locator("input").Nth(0).FillAsync("段玉兰");
        await form.Locator("input").Nth(1).FillAsync("530103199001011234"); // wrong check digit (should be 8)
        await form.Locator("input").Nth(2).FillAsync("13911112222");
        await page.ClickAsync("[data-testid=form-save]");
        await Assertions.Expect(form).ToContainTextAsync("身份证号校验位不正确");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("registry-form-error-phone.png") });

        await form.Locator("input").Nth(1).FillAsync("530103199001011238");
        await page.ClickAsync("[data-testid=form-save]");
        await Assertions.Expect(form).ToHaveCountAsync(0);

        var search = page.Locator("[data-testid=people-table] input").First;
        await search.FillAsync("13911112222");
        await search.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=people-table]")).ToContainTextAsync("530103********1238");
        await page.Locator("[data-testid=people-table] tbody tr", new() { HasText = "段玉兰" }).ClickAsync();
        await page.ClickAsync("[data-testid=reveal-id]");
        await Assertions.Expect(page.Locator("[data-testid=person-id]")).ToHaveTextAsync("530103199001011238");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("registry-person-phone.png"), FullPage = true });
    }
}
