using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 15: every page works under the Content-Security-Policy that forbids inline script — Blazor's circuit, MudBlazor,
/// Leaflet and its plugins, Mermaid. Chromium reports each blocked script, style, image or connection as a
/// <c>securitypolicyviolation</c> event and a console error; no page may cause one.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class ContentSecurityPolicyTests(BrowserFixture browser)
{
    /// <summary>Forwards every violation to the console, where the test collects it with Chromium's own CSP errors.</summary>
    private const string ReportViolations = """
        document.addEventListener("securitypolicyviolation", e =>
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.documentURI}`));
        """;

    private static async Task<(IPage Page, List<string> Violations)> WatchedPageAsync(BrowserFixture browser)
    {
        var page = await browser.NewPageAsync();
        await page.Context.AddInitScriptAsync(ReportViolations);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal)))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        return (page, violations);
    }

    /// <summary>Opens a page, checks it came with the policy, and waits for what shows it working.</summary>
    private static async Task VisitAsync(IPage page, string path, string ready)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.Contains("script-src 'self' 'nonce-", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.WaitVisibleAsync(ready, new() { Timeout = BrowserFixture.LiveTimeout });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    [Fact]
    public async Task MainPages_RunUnderThePolicy_WithoutASingleViolation()
    {
        var (page, violations) = await WatchedPageAsync(browser);

        await VisitAsync(page, "/account/login", "#login-submit");
        await VisitAsync(page, "/guide", "body");
        await BrowserFixture.SignInAsync(page, "leader");
        await VisitAsync(page, "/", BrowserFixture.Live);
        await VisitAsync(page, "/map", "[data-testid=district-map][data-ready=true]");
        await VisitAsync(page, "/cases", BrowserFixture.Live);
        await VisitAsync(page, "/cases/board", BrowserFixture.Live);
        await VisitAsync(page, "/appraisal", BrowserFixture.Live);
        await VisitAsync(page, "/services/statistics", BrowserFixture.Live);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("csp-services-leader.png"), FullPage = true });
        // Scalar's API reference starts itself with an inline module script: it renders only if that script got the nonce.
        await VisitAsync(page, "/api/reference/", "text=/Panlong open interfaces/");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-api-reference-leader.png") });

        var (admin, adminViolations) = await WatchedPageAsync(browser);
        await BrowserFixture.SignInAsync(admin, "sysadmin");
        await VisitAsync(admin, "/admin/processes", "[data-testid=process-diagram][data-rendered=true] svg");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("csp-processes-sysadmin.png"), FullPage = true });

        // Scalar tries eval once (ADR 94): the policy refuses it and the reference works without it.
        var all = violations.Concat(adminViolations).Where(v => !(v.Contains("/api/reference/", StringComparison.Ordinal) && v.Contains("blocked eval", StringComparison.Ordinal))).ToList();
        Assert.True(all.Count == 0, string.Join("\n", all));
    }

    [Fact]
    public async Task InjectedInlineScript_IsBlocked_AndReported()
    {
        // The other half of the proof: the watcher does see a violation when there is one.
        var (page, violations) = await WatchedPageAsync(browser);
        await VisitAsync(page, "/account/login", "#login-submit");

        var ran = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
                window.__injected = false;
                const script = document.createElement("script");
                script.textContent = "window.__injected = true;";
                document.body.appendChild(script);
                setTimeout(() => resolve(window.__injected), 200);
            })
            """);

        Assert.False(ran);
        await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }
}
