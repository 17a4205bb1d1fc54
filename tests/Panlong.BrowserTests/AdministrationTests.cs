using Microsoft.Playwright;

namespace Panlong.BrowserTests;

[Collection(nameof(BrowserCollection))]
public class AdministrationTests(BrowserFixture browser)
{
    private static async Task<IPage> SignedInAsync(BrowserFixture browser, string userName)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, userName);
        return page;
    }

    [Fact]
    public async Task SystemAdministrator_AddsADepartment_ThatThenAppearsInTheList()
    {
        var page = await SignedInAsync(browser, "sysadmin");
        await BrowserFixture.OpenAsync(page, "/admin/departments");
        var name = $"区数据局{DateTime.UtcNow.Ticks % 100000}";

        await page.GetByRole(AriaRole.Button, new() { Name = "新增部门" }).ClickAsync();
        var editor = page.Locator("[data-testid=department-editor]");
        await editor.Locator("input").First.FillAsync(name);
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=department-table]")).ToContainTextAsync(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("departments-sysadmin.png"), FullPage = true });
    }

    [Fact]
    public async Task SecurityAdministrator_SeesAccountsWithRoles()
    {
        var page = await SignedInAsync(browser, "secadmin");
        await BrowserFixture.OpenAsync(page, "/admin/users");

        await Assertions.Expect(page.Locator("[data-testid=user-table]")).ToContainTextAsync("dispatcher.tuodong");
        await page.Locator("[data-testid=user-table] tbody tr", new() { HasText = "dispatcher.gulou" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=user-editor]")).ToContainTextAsync("派遣员");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("users-secadmin.png"), FullPage = true });
    }

    /// <summary>ADR 90 at phone width: a partner client, then its webhook — a loopback URL refused, the secret shown once; zh and en.</summary>
    [Fact]
    public async Task SecurityAdministrator_OnAPhone_SubscribesAPartnerToWebhooks()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "secadmin");
        await BrowserFixture.OpenAsync(page, "/admin/clients");
        var name = $"12345热线{DateTime.UtcNow.Ticks % 100000}";
        await page.FillAsync("input[data-testid=client-name]", name);
        await page.ClickAsync("[data-testid=client-org]");
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await page.ClickAsync("input[data-testid='client-scope-cases.read'], [data-testid='client-scope-cases.read'] input");
        await page.ClickAsync("[data-testid=client-create]");
        var clientId = await page.Locator("[data-testid=client-secret-id]").TextContentAsync(new() { Timeout = 30_000 });

        await BrowserFixture.OpenAsync(page, "/admin/webhooks");
        await page.ClickAsync("[data-testid=webhook-client]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = clientId! }).First.ClickAsync();
        await page.FillAsync("input[data-testid=webhook-url]", "https://127.0.0.1/hook");
        await Assertions.Expect(page.Locator("input[data-testid=webhook-url]")).ToHaveValueAsync("https://127.0.0.1/hook");
        await page.ClickAsync("[data-testid=webhook-subscribe]");
        await Assertions.Expect(page.Locator("[data-testid=webhook-form]")).ToContainTextAsync("不能推送到本机、内网或保留地址");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("webhooks-refused-phone.png"), FullPage = true });

        await page.FillAsync("input[data-testid=webhook-url]", "https://hooks.example.cn/panlong");
        await Assertions.Expect(page.Locator("input[data-testid=webhook-url]")).ToHaveValueAsync("https://hooks.example.cn/panlong");
        await page.ClickAsync("[data-testid=webhook-subscribe]");
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret]")).ToContainTextAsync("whsec_");
        await Assertions.Expect(page.Locator("[data-testid=webhook-list]")).ToContainTextAsync(clientId!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("webhooks-secadmin-phone.png"), FullPage = true });

        // Shown once: a fresh page has the subscription but no secret.
        await BrowserFixture.ChooseEnglishAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=webhook-list]")).ToContainTextAsync("Case status changes");
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("webhooks-secadmin-phone-en.png"), FullPage = true });
    }

    [Fact]
    public async Task AuditAdministrator_ReadsTheSignInEvents()
    {
        // Signed in on the page itself, so this sign-in is among the newest events: a session reused from an earlier test's
        // sign-in had hundreds of events after it and off the first page (a CI run, once this round's features audited more).
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await BrowserFixture.SignInHereAsync(page, "auditadmin");
        await BrowserFixture.OpenAsync(page, "/admin/audit");

        await Assertions.Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("登录成功");
        await Assertions.Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("auditadmin");
        await page.ClickAsync("[data-testid=audit-verify]");
        await Assertions.Expect(page.Locator("[data-testid=audit-status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"链完整（\d+ 行）"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("audit-auditadmin.png"), FullPage = true });
    }

    [Fact]
    public async Task SystemAdministrator_SeesProcessDiagrams_AndTheHolidayCalendar()
    {
        var page = await SignedInAsync(browser, "sysadmin");
        await BrowserFixture.OpenAsync(page, "/admin/processes");

        await page.WaitVisibleAsync("[data-testid=process-diagram][data-rendered=true] svg");
        await Assertions.Expect(page.Locator("[data-testid=definition-list]")).ToContainTextAsync("approval-countersign");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("processes-sysadmin.png"), FullPage = true });

        await BrowserFixture.OpenAsync(page, "/admin/calendar");
        await page.GetByRole(AriaRole.Button, new() { Name = "2026" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=calendar-days]")).ToContainTextAsync("国庆节");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("calendar-sysadmin.png"), FullPage = true });
    }
}
