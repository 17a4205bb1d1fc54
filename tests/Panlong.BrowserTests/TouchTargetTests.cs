using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 16 (适老化): on a 390 px phone every visible control of the page body can be tapped — at least 44 × 44 px, or
/// alone in the 44 × 44 px square around its centre — in normal and in larger text, and larger text still fits the width.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class TouchTargetTests(BrowserFixture browser)
{
    /// <summary>Controls too small and too close to another, as "selector-ish name w×h"; a field counts with its label.</summary>
    private const string SmallTargets = """
        () => {
            const body = document.querySelector(".mud-main-content") || document.querySelector("main") || document.body;
            const selector = "a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=checkbox], [role=radio], [role=switch], [tabindex='0']";
            const seen = new Set();
            const targets = [];
            for (const element of body.querySelectorAll(selector)) {
                const target = element.closest(".mud-input-control") || element;
                if (seen.has(target)) continue;
                seen.add(target);
                const r = target.getBoundingClientRect();
                const style = getComputedStyle(element);
                if (r.width === 0 || r.height === 0 || style.visibility === "hidden" || element.closest("[aria-hidden=true], .leaflet-pane")) continue;
                targets.push({ target, r });
            }
            const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            const small = [];
            for (const { target, r } of targets) {
                if (r.width >= 43.5 && r.height >= 43.5) continue;
                const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
                const square = { left: cx - 22, right: cx + 22, top: cy - 22, bottom: cy + 22 };
                if (!targets.some(o => o.target !== target && !o.target.contains(target) && !target.contains(o.target) && overlaps(square, o.r))) continue;
                const name = (target.getAttribute("data-testid") || target.getAttribute("aria-label") || target.textContent || target.tagName).trim().replace(/\s+/g, " ").slice(0, 40);
                small.push(`${target.tagName.toLowerCase()}.${[...target.classList].slice(0, 2).join(".")} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
            }
            return small;
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PhonePages_AtNormalAndLargerText_HaveTapSizedControls(bool largeText)
    {
        var problems = new List<string>();
        foreach (var pages in AccessibilityPages.Phone.GroupBy(p => p.User))
        {
            var page = await browser.NewPageAsync(390, 844, mobile: true);
            await page.Context.AddInitScriptAsync($"localStorage.setItem('panlong-text', '{(largeText ? "large" : "normal")}');");
            if (pages.Key is { } user)
            {
                await BrowserFixture.SignInAsync(page, user);
            }
            foreach (var target in pages.Where(p => !p.Path.Contains(AccessibilityPages.ReportedCase, StringComparison.Ordinal)))
            {
                await page.GotoAsync(target.Path);
                await page.WaitVisibleAsync(target.Ready, new() { Timeout = BrowserFixture.LiveTimeout });
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var small = await page.EvaluateAsync<JsonElement>(SmallTargets);
                problems.AddRange(small.EnumerateArray().Select(s => $"{target.Name} ({target.Path}): {s.GetString()}"));
                var offScreen = await page.EvaluateAsync<JsonElement>("() => [...document.querySelectorAll('.mud-appbar button')].filter(b => b.getBoundingClientRect().right > window.innerWidth + 1).map(b => b.getAttribute('aria-label') || b.textContent.trim())");
                problems.AddRange(offScreen.EnumerateArray().Select(b => $"{target.Name} ({target.Path}): app bar control \"{b.GetString()}\" off the screen"));
                var (scroll, width) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
                if (scroll > width + 1)
                {
                    problems.Add($"{target.Name} ({target.Path}): {scroll} px wide on a {width} px screen");
                }
                if (largeText && target.Name == "apply")
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-a11y-large-text-apply-phone.png") });
                }
            }
            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, $"{problems.Count} controls too small to tap{(largeText ? " in larger text" : "")}:\n{string.Join("\n", problems)}");
    }
}
