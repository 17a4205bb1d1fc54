using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// axe-core (pinned in this project's package.json, restored by the build) run inside a page. Its source is evaluated
/// through Playwright, which the page's Content-Security-Policy does not govern, so the policy stays as users get it.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
        File.ReadAllText(Path.Combine(Paths.RepositoryRoot(), "tests", "Panlong.BrowserTests", "node_modules", "axe-core", "axe.min.js")));

    private const string Run = """
        async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
                    v.nodes.slice(0, 8).map(n => `      ${n.target.join(" ")}   ${n.html.slice(0, 160)}\n        ${(n.failureSummary || "").replaceAll("\n", "\n        ")}`).join("\n") +
                    (v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : ""));
        }
        """;

    /// <summary>The serious and critical violations on the page as it is now, one readable block each.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source.Value);
        }
        var found = await page.EvaluateAsync<JsonElement>(Run);
        return [.. found.EnumerateArray().Select(v => v.GetString()!)];
    }
}
