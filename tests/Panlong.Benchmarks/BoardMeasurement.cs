using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Panlong.Testing;

namespace Panlong.Benchmarks;

/// <summary>
/// From a report's submission (the inspector's POST to /api/cases) to the new count on the district leader's board
/// in another browser context, without a reload. Needs a running portal with the demo accounts. With a second address
/// the board is served by that node and the report made on the first: the cross-node live update (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public static class BoardMeasurement
{
    public static async Task<int> RunAsync(string url, string? boardUrl = null)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await MeasureBrowser.LaunchAsync(playwright);
        var board = await MeasureBrowser.SignInAsync(browser, boardUrl ?? url, "leader");
        await board.GotoAsync("/cases/board");
        await board.WaitForSelectorAsync("[data-testid=board-received-today]");
        var inspector = await MeasureBrowser.SignInAsync(browser, url, "inspector");
        var place = await inspector.APIRequest.GetAsync("/api/map/outline");
        var outline = System.Text.Json.JsonDocument.Parse(await place.TextAsync()).RootElement.GetProperty("features")[0].GetProperty("geometry");
        var ring = outline.GetProperty("coordinates")[0];
        var (lng, lat) = ((ring[0][0].GetDouble() + ring[2][0].GetDouble()) / 2, (ring[0][1].GetDouble() + ring[2][1].GetDouble()) / 2);
        var photo = TestImages.Png();
        // The API refuses a POST without the antiforgery token a phone client fetches first (docs/decisions/0024-browser-and-proxy-hardening.md).
        var antiforgery = System.Text.Json.JsonDocument.Parse(await (await inspector.APIRequest.GetAsync("/api/antiforgery")).TextAsync()).RootElement;
        var header = new Dictionary<string, string> { [antiforgery.GetProperty("headerName").GetString()!] = antiforgery.GetProperty("token").GetString()! };
        var times = new List<double>();
        for (var run = 0; run < (boardUrl is null ? 11 : 21); run++)
        {
            var before = await board.Locator("[data-testid=board-received-today]").InnerTextAsync();
            var watch = Stopwatch.StartNew();
            var response = await inspector.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions
            {
                Headers = header,
                Multipart = inspector.Context.APIRequest.CreateFormData()
                    .Append("categoryId", "1")
                    .Append("description", $"测量用上报 {run}")
                    .Append("lat", lat.ToString(CultureInfo.InvariantCulture))
                    .Append("lng", lng.ToString(CultureInfo.InvariantCulture))
                    .Append("clientKey", Guid.NewGuid().ToString("N"))
                    .Append("photos", new FilePayload { Name = "scene.png", MimeType = "image/png", Buffer = photo }),
            });
            if (response.Status != 201)
            {
                throw new InvalidOperationException($"report refused: {response.Status} {await response.TextAsync()}");
            }
            var submitted = watch.Elapsed.TotalMilliseconds;
            await board.WaitForFunctionAsync("before => document.querySelector('[data-testid=board-received-today]').innerText !== before", before,
                new() { Timeout = 10_000, PollingInterval = 10 });
            var elapsed = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"run {run}: submitted in {submitted:N0} ms, on the board after {elapsed:N0} ms{(run == 0 ? " — warm-up" : "")}");
            if (run > 0)
            {
                times.Add(elapsed);
            }
        }
        times.Sort();
        Console.WriteLine($"median of {times.Count}: {times[times.Count / 2]:N0} ms, max {times[^1]:N0} ms");
        return 0;
    }
}
