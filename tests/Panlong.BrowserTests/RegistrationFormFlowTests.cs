using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 16 defect 6 as a person on a phone meets it: only the chosen kind's fields, the password rules before any failure,
/// each rule marked as the password is typed (by the server's own rules, common passwords included), a confirmation that
/// says when it differs. Screenshots of both kinds in Chinese and English.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class RegistrationFormFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task RegistrationForm_OnAPhone_ShowsTheChosenKindsFields_AndRatesThePasswordAsItIsTyped()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await page.GotoAsync("/account/register");

        await Assertions.Expect(page.Locator("#reg-id")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reg-uscc")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("label[for=reg-name]")).ToHaveTextAsync("姓名", new() { UseInnerText = true });
        await Assertions.Expect(page.Locator("[data-testid=password-rules]")).ToContainTextAsync("至少 4 个不同的字符");

        await page.FillAsync("#reg-user", "zhao.form");
        await page.FillAsync("#reg-password", "Panlong#2026");
        await Assertions.Expect(page.Locator("li[data-rule=common]")).ToHaveAttributeAsync("data-state", "unmet");
        await Assertions.Expect(page.Locator("li[data-rule=length]")).ToHaveAttributeAsync("data-state", "met");
        await Assertions.Expect(page.Locator("[data-testid=password-strength]")).ToContainTextAsync("弱");
        await page.FillAsync("#reg-password", "Dianchi#Lake26");
        await Assertions.Expect(page.Locator("[data-testid=password-strength]")).ToHaveTextAsync("强");
        await Assertions.Expect(page.Locator("li[data-rule][data-state=met]")).ToHaveCountAsync(4);
        await page.FillAsync("#reg-confirm", "Dianchi#Lake2");
        await Assertions.Expect(page.Locator("[data-testid=password-mismatch]")).ToHaveTextAsync("两次输入的密码不一致。");
        await page.FillAsync("#reg-confirm", "Dianchi#Lake26");
        await Assertions.Expect(page.Locator("[data-testid=password-mismatch]")).ToHaveTextAsync("");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-small-register-person-zh-phone.png"), FullPage = true });

        await page.CheckAsync("[data-testid=kind-entity]");
        await Assertions.Expect(page.Locator("#reg-uscc")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reg-id")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("label[for=reg-name]")).ToHaveTextAsync("单位名称", new() { UseInnerText = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-small-register-entity-zh-phone.png"), FullPage = true });

        await page.GotoAsync("/culture/set?culture=en&redirectUri=%2Faccount%2Fregister");
        await Assertions.Expect(page.Locator("[data-testid=password-rules]")).ToContainTextAsync("At least 4 different characters");
        await page.FillAsync("#reg-password", "dianchi#lake26");
        await Assertions.Expect(page.Locator("[data-testid=password-strength]")).ToContainTextAsync("Acceptable");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-small-register-person-en-phone.png"), FullPage = true });
        await page.CheckAsync("[data-testid=kind-entity]");
        await Assertions.Expect(page.Locator("label[for=reg-name]")).ToHaveTextAsync("Organization's name", new() { UseInnerText = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-small-register-entity-en-phone.png"), FullPage = true });
    }

    /// <summary>Issue 16 item 12: shrunk to a phone's width the process diagram's labels were a few pixels high.</summary>
    [Fact]
    public async Task ProcessDiagram_AtPhoneWidth_KeepsItsDrawnSize_AndScrollsSideways()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "sysadmin");
        await page.GotoAsync("/admin/processes");
        await page.WaitVisibleAsync("[data-testid=process-diagram][data-rendered=true] svg");

        var sizes = await page.EvalOnSelectorAsync<double[]>("[data-testid=process-diagram]",
            "host => { const svg = host.querySelector('svg'); return [svg.getBoundingClientRect().width, svg.viewBox.baseVal.width, host.scrollWidth, host.clientWidth]; }");
        var (shown, drawn, scroll, visible) = (sizes[0], sizes[1], sizes[2], sizes[3]);
        Assert.True(shown >= drawn * 0.95, $"the diagram is shown {shown:N0} px wide, drawn {drawn:N0} px: shrunk to {shown / drawn:P0}");
        Assert.True(drawn <= visible || scroll > visible, $"a {drawn:N0} px diagram in a {visible:N0} px box does not scroll ({scroll:N0})");
        await Assertions.Expect(page.Locator("[data-testid=process-diagram-hint]").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=process-diagram]").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-small-process-diagram-phone.png") });
    }
}
