using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 16 (accessibility and 适老化): axe-core finds no serious or critical violation on the main pages
/// (<see cref="AccessibilityPages"/>), in the light and the dark theme.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class AccessibilityTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task MainPages_InEachTheme_HaveNoSeriousOrCriticalViolation(string theme)
    {
        var problems = new List<string>();
        string? reportedCase = null;
        foreach (var pages in AccessibilityPages.All.GroupBy(p => p.User))
        {
            var page = await browser.NewPageAsync();
            // The shell reads the remembered theme at start (Components/Layout/MainLayout.razor.js).
            await page.Context.AddInitScriptAsync($"localStorage.setItem('panlong-theme', '{theme}');");
            if (pages.Key is { } user)
            {
                await BrowserFixture.SignInAsync(page, user);
            }
            foreach (var target in pages)
            {
                var path = target.Path;
                if (path.Contains(AccessibilityPages.ReportedCase, StringComparison.Ordinal))
                {
                    reportedCase ??= await ReportCaseAsync(page);
                    path = path.Replace(AccessibilityPages.ReportedCase, reportedCase, StringComparison.Ordinal);
                }
                await page.GotoAsync(path);
                try
                {
                    await page.WaitForSelectorAsync(target.Ready, new() { Timeout = 30_000 });
                }
                catch (TimeoutException)
                {
                    problems.Add($"{target.Name} ({path}, {theme} theme): not ready ({target.Ready}) at {page.Url}");
                    continue;
                }
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                problems.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{target.Name} ({path}, {theme} theme): {v}"));
                if (target.Name == "case desk")
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"16-a11y-case-desk-{theme}.png") });
                }
            }
            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, $"{problems.Count} serious or critical accessibility violations:\n\n{string.Join("\n\n", problems)}");
    }

    /// <summary>A case of the signed-in reporter through the report page, for the pages that show one; its number.</summary>
    private static async Task<string> ReportCaseAsync(IPage page)
    {
        await page.GotoAsync("/cases/report");
        await page.WaitForSelectorAsync("[data-testid=district-map][data-ready=true]");
        await page.ClickAsync("[data-testid=report-category]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        await page.FillAsync("[data-testid=report-description]", "人行道旁堆放生活垃圾");
        await Assertions.Expect(page.Locator("[data-testid=report-description]")).ToHaveValueAsync("人行道旁堆放生活垃圾");
        await page.Locator("[data-testid=district-map]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-position]")).ToContainTextAsync(".");
        await page.ClickAsync("[data-testid=report-submit]");
        await page.WaitForURLAsync("**/cases/AJ*");
        return (await page.Locator("[data-testid=case-number]").InnerTextAsync()).Trim();
    }
}
