using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>Issue 15 hole 3 in the browser: granting Leader files a request; the requester cannot approve it, a second administrator decides.</summary>
[Collection(nameof(BrowserCollection))]
public class RoleRequestFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task GrantingLeader_WaitsForASecondAdministrator_WhoSeesAndDeclinesIt()
    {
        var secadmin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(secadmin, "secadmin");
        await BrowserFixture.OpenAsync(secadmin, "/admin/users");
        await secadmin.Locator("[data-testid=user-table] tbody tr", new() { HasText = "inspector" }).First.ClickAsync();
        var editor = secadmin.Locator("[data-testid=user-editor]");
        await editor.GetByText("领导", new() { Exact = true }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(secadmin.GetByText("待另一名管理员审批后生效")).ToBeVisibleAsync();

        await BrowserFixture.OpenAsync(secadmin, "/admin/role-requests");
        var own = secadmin.Locator("[data-testid=grant-table] tbody tr", new() { HasText = "inspector" });
        await Assertions.Expect(own).ToContainTextAsync("撤回");
        await Assertions.Expect(own.Locator("[data-testid=grant-approve]")).ToHaveCountAsync(0);

        var sysadmin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(sysadmin, "sysadmin");
        await BrowserFixture.OpenAsync(sysadmin, "/admin/role-requests");
        var row = sysadmin.Locator("[data-testid=grant-table] tbody tr", new() { HasText = "inspector" });
        await Assertions.Expect(row).ToContainTextAsync("领导");
        await Assertions.Expect(row.Locator("[data-testid=grant-approve]")).ToBeVisibleAsync();
        await sysadmin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("role-requests-sysadmin.png"), FullPage = true });
        await row.Locator("[data-testid=grant-decline]").ClickAsync();
        await Assertions.Expect(sysadmin.Locator("[data-testid=grant-table] tbody tr", new() { HasText = "inspector" })).ToHaveCountAsync(0);
    }
}
