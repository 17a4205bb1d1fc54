using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Every list's export button as people use it (docs/decisions/0051-every-list-export-streams.md): the browser downloads
/// the streamed file while the page, beside the button, counts the rows written and then says how many the file holds.
/// </summary>
[Collection(nameof(BrowserCollection))]
public partial class ExportFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task DeskExport_ShowsTheRowsWrittenBesideTheButton_AndTheFileHoldsThatMany()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "leader");
        await BrowserFixture.OpenAsync(page, "/cases");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=desk-export]"));

        Assert.Equal("cases.xlsx", download.SuggestedFilename);
        var progress = page.Locator("[data-testid=desk-export-progress]");
        await Assertions.Expect(progress).ToContainTextAsync("已导出", new() { Timeout = 120_000 });
        var said = int.Parse(Done().Match(await progress.InnerTextAsync()).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.Combine(Path.GetTempPath(), $"panlong-desk-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            using var zip = ZipFile.OpenRead(file);
            using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var xml = await sheet.ReadToEndAsync();
            // The header and every row said; a list without rows has the header and a row saying so (ADR 51).
            Assert.Equal(said == 0 ? 2 : said + 1, Row().Count(xml));
            Assert.True(said > 0 || xml.Contains("没有记录", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Each page's export button after a download, at desktop and phone width, as the least-privileged user who has it.</summary>
    [Theory]
    [InlineData("leader", "/cases", "desk-export", "desk")]
    [InlineData("leader", "/appraisal/cases?period=2026&scope=530103&kind=Reported", "drill-export", "drill")]
    [InlineData("clerk", "/services/statistics", "stats-export", "statistics")]
    [InlineData("auditadmin", "/admin/audit", "audit-export-xlsx", "audit")]
    public async Task ListExport_AtDesktopAndPhoneWidth_SaysHowManyRowsItWrote(string user, string path, string button, string name)
    {
        foreach (var (width, height, mobile, size) in new[] { (1366, 900, false, "desktop"), (390, 844, true, "phone") })
        {
            var page = await browser.NewPageAsync(width, height, mobile);
            await BrowserFixture.SignInAsync(page, user);
            await BrowserFixture.OpenAsync(page, path);
            await page.Locator($"[data-testid={button}]").ScrollIntoViewIfNeededAsync();

            await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-testid={button}]"));

            await Assertions.Expect(page.Locator($"[data-testid={button}-progress]")).ToContainTextAsync("已导出", new() { Timeout = 120_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"17-exports2-{name}-{size}.png") });
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"已导出 ([\d,]+) 行")]
    private static partial Regex Done();

    [GeneratedRegex(@"<(?:x:)?row[ >]")]
    private static partial Regex Row();
}
