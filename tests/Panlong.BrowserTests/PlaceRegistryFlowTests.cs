using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(BrowserCollection))]
public class PlaceRegistryFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task AGridWorker_OnAPhone_RegistersAnEntity_IsToldTheCreditCodeIsWrong_ThenSeesItsChangeLog()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "gridworker");
        await BrowserFixture.OpenAsync(page, "/registry/entities");
        await Assertions.Expect(page.Locator("[data-testid=entities-table]")).ToContainTextAsync("91530103");

        await page.GetByRole(AriaRole.Button, new() { Name = "登记单位" }).ClickAsync();
        var form = page.Locator("[data-testid=entity-form]");
        await form.Locator("input").Nth(0).FillAsync("昆明盘龙测试商贸有限责任公司");
        var code = form.Locator("input").Nth(1);
        await code.FillAsync("91530103MA6KB7Q2X8"); // wrong check character (should be 7)
        await page.ClickAsync("[data-testid=form-save]");
        await Assertions.Expect(form).ToContainTextAsync("统一社会信用代码校验位不正确");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("entity-form-error-phone.png") });

        await code.FillAsync("91530103MA6KB7Q2X7");
        await page.ClickAsync("[data-testid=form-save]");
        await Assertions.Expect(form).ToHaveCountAsync(0);

        var search = page.Locator("[data-testid=entities-table] input").First;
        await search.FillAsync("91530103MA6KB7Q2X7");
        await search.PressAsync("Enter");
        var row = page.Locator("[data-testid=entities-table] tbody tr", new() { HasText = "昆明盘龙测试商贸有限责任公司" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var detail = page.Locator("[data-testid=entity-detail]");
        // The search reloads the table from the server: a click on a row that is being replaced is lost, so click again.
        for (var attempt = 0; attempt < 3 && await detail.Locator("[data-testid=change-log]").CountAsync() == 0; attempt++)
        {
            await row.ClickAsync();
            try
            {
                await detail.Locator("[data-testid=change-log]").WaitForAsync(new() { Timeout = 4_000 });
            }
            catch (TimeoutException)
            {
                // Not shown yet: try the click once more.
            }
        }
        await Assertions.Expect(detail.Locator("[data-testid=change-log]")).ToContainTextAsync("王网格");
        await Assertions.Expect(detail.Locator("[data-testid=change-log]")).ToContainTextAsync("91530103MA6KB7Q2X7");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("entity-detail-phone.png"), FullPage = true });
    }
}
