using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 16 (accessibility and 适老化): axe-core finds no serious or critical violation on the main pages
/// (<see cref="AccessibilityPages"/>), in the light and the dark theme.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class AccessibilityTests(BrowserFixture browser)
{
    /// <summary>
    /// Each page is opened once and checked in both themes: the dark theme is one class on &lt;html&gt; that selects the dark
    /// palette of the theme stylesheet (Components/Layout/ThemeStylesheet.cs), the class the shell's toggle and its start from
    /// the remembered choice set (MainLayout.razor.js), so the page is the same but for its colours. Two visits of every page,
    /// one per theme, cost a minute of the test command for nothing more (docs/decisions/0069-what-the-browser-tests-drive.md).
    /// </summary>
    private const string ShowTheme = """
        async dark => {
            // Remembered too, so that a shell starting after this (a page that goes live late) keeps it.
            localStorage.setItem("panlong-theme", dark ? "dark" : "light");
            document.documentElement.classList.toggle("panlong-dark", dark);
            // Colours that change may fade: axe must read the new ones, not a step of the transition.
            while (document.getAnimations().some(a => a instanceof CSSTransition && a.playState === "running")) {
                await new Promise(r => requestAnimationFrame(r));
            }
        }
        """;

    [Fact]
    public async Task MainPages_InTheLightAndTheDarkTheme_HaveNoSeriousOrCriticalViolation()
    {
        var problems = new List<string>();
        string? reportedCase = null;
        foreach (var pages in AccessibilityPages.All.GroupBy(p => p.User))
        {
            var page = await browser.NewPageAsync();
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
                    await page.WaitVisibleAsync(target.Ready, new() { Timeout = BrowserFixture.LiveTimeout });
                }
                catch (TimeoutException)
                {
                    problems.Add($"{target.Name} ({path}): not ready ({target.Ready}) at {page.Url}");
                    continue;
                }
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                foreach (var theme in new[] { "light", "dark" })
                {
                    await page.EvaluateAsync(ShowTheme, theme == "dark");
                    problems.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{target.Name} ({path}, {theme} theme): {v}"));
                    if (target.Name == "case desk")
                    {
                        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"16-a11y-case-desk-{theme}.png") });
                    }
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
        await page.WaitVisibleAsync("[data-testid=district-map][data-ready=true]");
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
