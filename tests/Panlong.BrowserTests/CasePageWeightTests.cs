using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// The case page is opened all day on busy desks and phones. Its process diagram cost the page a 3 MB script and about two
/// seconds of main thread at full speed (a CPU profile of the page showed Mermaid as 2.2 s of 2.6 s busy) — on a starved CI
/// box long enough for a click on the page to time out. It is drawn when asked for (docs/decisions/0096-process-diagram-on-demand.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class CasePageWeightTests(BrowserFixture browser)
{
    [Fact]
    public async Task CasePage_LoadsTheDiagramScriptOnlyWhenTheReaderAsks_ThenDrawsIt()
    {
        var page = await browser.NewPageAsync();
        var mermaid = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("mermaid", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref mermaid);
            }
        };
        await BrowserFixture.SignInAsync(page, "supervisor");
        using var list = JsonDocument.Parse(await (await page.Context.APIRequest.GetAsync("/api/cases?pageSize=1")).TextAsync());
        var number = list.RootElement.GetProperty("rows")[0].GetProperty("number").GetString()!;

        await CaseSteps.ShowAsync(page, number);
        await page.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        // The diagram's text is in the page for anyone who reads it without the drawing.
        Assert.StartsWith("stateDiagram-v2", await page.Locator("[data-testid=process-diagram]").GetAttributeAsync("data-diagram"), StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref mermaid));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("30-case-page-diagram-on-demand.png") });

        await page.ClickAsync("[data-testid=process-diagram-show]");
        await page.WaitVisibleAsync("[data-testid=process-diagram][data-rendered=true] svg", new() { Timeout = 60_000 });
        Assert.True(Volatile.Read(ref mermaid) > 0);
        await page.Context.CloseAsync();
    }
}
