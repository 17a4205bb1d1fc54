using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Panlong.Testing;
using UglyToad.PdfPig;

namespace Panlong.BrowserTests;

/// <summary>
/// 一网通办 as people walk it: a business applies online for an item two departments approve in parallel (the registry
/// pre-fills its name and credit code and spares it the licence copy), the street window accepts, 城管 and 环卫 both
/// approve, and the applicant downloads the decision, checks it through the QR code's public page and rates the service.
/// </summary>
[Collection(nameof(BrowserCollection))]
public partial class ServiceFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task BusinessApplication_AcceptedAtTheWindowAndApprovedByTwoDepartments_IsVerifiedAndRatedByTheApplicant()
    {
        var plan = Path.Combine(Path.GetTempPath(), $"panlong-plan-{Guid.NewGuid():N}.pdf");
        var contract = Path.Combine(Path.GetTempPath(), $"panlong-contract-{Guid.NewGuid():N}.pdf");
        var disguised = Path.Combine(Path.GetTempPath(), $"panlong-disguised-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(plan, TestPdfs.Minimal("disposal plan"));
        await File.WriteAllBytesAsync(contract, TestPdfs.Minimal("transport contract"));
        await File.WriteAllBytesAsync(disguised, TestImages.Png());

        // 1. The applicant, from the public guide.
        var applicant = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(applicant, "business");
        await BrowserFixture.OpenAsync(applicant, "/guide/XK-00203");
        await applicant.ClickAsync("[data-testid=guide-apply]");
        await applicant.WaitVisibleAsync("[data-testid=apply-form]");
        await Assertions.Expect(applicant.Locator("[data-testid=field-entityName]")).ToHaveValueAsync("盘龙示范商贸有限公司");
        await Assertions.Expect(applicant.Locator("[data-testid=material][data-name=营业执照] [data-testid=material-verified]")).ToBeVisibleAsync();
        await applicant.FillAsync("[data-testid=field-phone]", "0871-63110000");
        await applicant.FillAsync("[data-testid=field-volume]", "120");
        await applicant.FillAsync("[data-testid=field-site]", "东郊建筑垃圾消纳场");
        await Assertions.Expect(applicant.Locator("[data-testid=field-site]")).ToHaveValueAsync("东郊建筑垃圾消纳场");
        await applicant.ClickAsync("[data-testid=apply-window]");
        await applicant.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "拓东街道便民服务中心" }).First.ClickAsync();

        // Submitting without the two materials is refused, and nothing typed is lost.
        await applicant.ClickAsync("[data-testid=apply-submit]");
        await Assertions.Expect(applicant.Locator("[data-testid=material][data-name=建筑垃圾处置方案] [data-testid=material-error]")).ToContainTextAsync("缺少必交材料");
        await Assertions.Expect(applicant.Locator("[data-testid=field-site]")).ToHaveValueAsync("东郊建筑垃圾消纳场");
        // A picture named .pdf is refused by its content.
        await applicant.SetInputFilesAsync("[data-testid=material][data-name=建筑垃圾处置方案] input[type=file]", disguised);
        await Assertions.Expect(applicant.Locator("[data-testid=material][data-name=建筑垃圾处置方案] [data-testid=material-error]")).ToContainTextAsync("扩展名与内容不符");
        await applicant.SetInputFilesAsync("[data-testid=material][data-name=建筑垃圾处置方案] input[type=file]", plan);
        await Assertions.Expect(applicant.Locator("[data-testid=material][data-name=建筑垃圾处置方案] [data-testid=material-uploaded]")).ToBeVisibleAsync();
        await applicant.SetInputFilesAsync("[data-testid=material][data-name=运输合同] input[type=file]", contract);
        await Assertions.Expect(applicant.Locator("[data-testid=material][data-name=运输合同] [data-testid=material-uploaded]")).ToBeVisibleAsync();
        await applicant.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-apply.png"), FullPage = true });
        await applicant.ClickAsync("[data-testid=apply-submit]");
        await applicant.WaitForURLAsync("**/applications/BJ*");
        await applicant.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });
        var number = (await applicant.Locator("[data-testid=application-number]").InnerTextAsync()).Trim();
        await Assertions.Expect(applicant.Locator("[data-testid=application-state]")).ToHaveAttributeAsync("data-state", "Submitted");
        var receipt = await DownloadAsync(applicant, "Receipt");
        Assert.Contains("申请材料接收凭证", receipt.Text, StringComparison.Ordinal);
        Assert.Contains(number, receipt.Text, StringComparison.Ordinal);

        // 2. The street window accepts.
        var clerk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(clerk, "clerk");
        await BrowserFixture.OpenAsync(clerk, "/window");
        await clerk.Locator($"[data-testid=window-list] [data-number={number}]").ClickAsync();
        await clerk.WaitForURLAsync($"**/applications/{number}");
        await clerk.WaitVisibleAsync(BrowserFixture.Live, new() { Timeout = BrowserFixture.LiveTimeout });
        await Assertions.Expect(clerk.Locator("[data-testid=application-facts]")).ToContainTextAsync("法人单位库");
        await ActAsync(clerk, "Accept", null, "Countersign");
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-window-accepted.png"), FullPage = true });

        // 3. Two departments approve in parallel: after the first it still waits for the second.
        var enforcement = await OpenAsync("approver.cg", number);
        await ActAsync(enforcement, "Approve", null, "Countersign");
        var sanitation = await OpenAsync("approver.hw", number);
        await ActAsync(sanitation, "Approve", null, "Approved");

        // 4. The applicant downloads the decision, checks it on the public page its QR code opens, and rates.
        await BrowserFixture.ReloadLiveAsync(applicant);
        await Assertions.Expect(applicant.Locator("[data-testid=application-state]")).ToHaveAttributeAsync("data-state", "Approved");
        var certificate = await DownloadAsync(applicant, "Certificate");
        Assert.Contains("准予行政许可决定书", certificate.Text, StringComparison.Ordinal);
        var verifyUrl = VerifyUrl().Match(certificate.Text).Value;
        Assert.False(string.IsNullOrEmpty(verifyUrl), certificate.Text);
        var anyone = await browser.NewPageAsync(390, 844, mobile: true);
        await anyone.GotoAsync(new Uri(verifyUrl).PathAndQuery);
        await Assertions.Expect(anyone.Locator("[data-testid=verify-valid]")).ToBeVisibleAsync();
        await Assertions.Expect(anyone.Locator("[data-testid=verify-title]")).ToHaveTextAsync("准予行政许可决定书");
        await anyone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-verify-phone.png"), FullPage = true });
        await anyone.GotoAsync("/verify/0000000000000000");
        await Assertions.Expect(anyone.Locator("[data-testid=verify-invalid]")).ToBeVisibleAsync();

        await BrowserFixture.ReloadLiveAsync(applicant);
        await applicant.ClickAsync("[data-testid=rating-5]");
        await Assertions.Expect(applicant.Locator("[data-testid=rating-submit]")).ToBeEnabledAsync();
        await applicant.ClickAsync("[data-testid=rating-submit]");
        await Assertions.Expect(applicant.Locator("[data-testid=rating-level]")).ToHaveTextAsync("非常满意");
        await Assertions.Expect(applicant.Locator("[data-testid=application-timeline]")).ToContainTextAsync("送达");
        await applicant.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-application-rated.png"), FullPage = true });
        await BrowserFixture.OpenAsync(applicant, "/my/applications");
        await Assertions.Expect(applicant.Locator($"[data-testid=my-applications] [data-number={number}]")).ToBeVisibleAsync();

        // The window's finished list and the district's statistics count it.
        await BrowserFixture.OpenAsync(clerk, "/window");
        await clerk.ClickAsync("[data-testid=window-tabs] .mud-tab:has-text('已办结')");
        await Assertions.Expect(clerk.Locator($"[data-testid=window-list] [data-number={number}]")).ToBeVisibleAsync();
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-window-desk.png"), FullPage = true });
        var leader = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(leader, "leader");
        await BrowserFixture.OpenAsync(leader, "/services/statistics");
        await Assertions.Expect(leader.Locator("[data-testid=stats-by-item] tr[data-key=XK-00203]")).ToBeVisibleAsync();
        await leader.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("service-statistics.png"), FullPage = true });
    }

    private async Task<IPage> OpenAsync(string user, string number)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user);
        await BrowserFixture.OpenAsync(page, "/approvals");
        await page.Locator($"[data-testid=approval-inbox] [data-number={number}]").ClickAsync();
        await page.WaitVisibleAsync("[data-testid=application-actions]");
        return page;
    }

    private static async Task ActAsync(IPage page, string trigger, string? comment, string expectedState)
    {
        await page.ClickAsync($"[data-testid=action-{trigger}]");
        if (comment is not null)
        {
            await page.FillAsync("[data-testid=action-comment]", comment);
        }
        await page.ClickAsync("[data-testid=action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=application-state]")).ToHaveAttributeAsync("data-state", expectedState);
    }

    /// <summary>Fetches a document the page links to, with the page's own sign-in, and reads its text.</summary>
    private static async Task<(byte[] Bytes, string Text)> DownloadAsync(IPage page, string kind)
    {
        var href = await page.Locator($"[data-testid=document-link][data-kind={kind}]").GetAttributeAsync("href");
        var response = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        var bytes = await response.BodyAsync();
        using var pdf = PdfDocument.Open(bytes);
        return (bytes, string.Concat(pdf.GetPages().Select(p => p.Text)));
    }

    [GeneratedRegex(@"https?://[^\s]+/verify/[0-9a-f]+")]
    private static partial Regex VerifyUrl();
}
