using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 19's live latency (docs/decisions/0068-patrol-shifts-and-tracks.md): <c>measure-patrol-live url [viewerUrl]</c>. A
/// patroller (<c>patroller.tuodong</c>) starts a shift on the phone page in one headless Chromium context; the street's
/// command center (<c>center.tuodong</c>) has /patrol/live open in another — served by <c>viewerUrl</c> when given, so the
/// notice crosses nodes. Each run uploads one fix through the phone's API, a few metres on, and times from the POST to
/// the viewer's marker standing at the new position (its <c>data-positions</c>): median of 20 after a warm-up.
/// </summary>
public static class PatrolLiveMeasurement
{
    public static async Task<int> RunAsync(string url, string? viewerUrl = null)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await MeasureBrowser.LaunchAsync(playwright);
        var center = await MeasureBrowser.SignInAsync(browser, viewerUrl ?? url, "center.tuodong");
        await center.GotoAsync("/patrol/live");
        await center.WaitForSelectorAsync("[data-testid=patrol-map][data-ready=true]", new() { Timeout = 120_000 });
        // No geolocation permission: the phone page records nothing itself, the fixes are the measurement's own.
        var phone = await MeasureBrowser.SignInAsync(browser, url, "patroller.tuodong");
        await phone.GotoAsync("/patrol");
        await phone.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 120_000 });
        if (await phone.Locator("[data-testid=patrol-start]").CountAsync() > 0)
        {
            await phone.ClickAsync("[data-testid=patrol-start]");
        }
        await phone.WaitForSelectorAsync("[data-testid=patrol-recorder][data-recording=true]", new() { Timeout = 60_000 });
        var shift = await phone.GetAttributeAsync("[data-testid=patrol-recorder]", "data-shift");
        var antiforgery = JsonDocument.Parse(await (await phone.APIRequest.GetAsync("/api/antiforgery")).TextAsync()).RootElement;
        var header = new Dictionary<string, string> { [antiforgery.GetProperty("headerName").GetString()!] = antiforgery.GetProperty("token").GetString()! };
        var map = center.Locator("[data-testid=patrol-map]");
        // Sequence numbers past any the page may have buffered: start from the clock.
        var seq = (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 1_000_000_000);
        var times = new List<double>();
        for (var run = 0; run < 21; run++)
        {
            // 拓东街道, about 6 m north each run: a walk, never the 200 km/h the server flags.
            var lat = Math.Round(25.0478 + (run * 0.00005), 6);
            var text = lat.ToString("0.000000", CultureInfo.InvariantCulture);
            var body = JsonSerializer.Serialize(new { fixes = new[] { new { seq = seq + run, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), lat, lng = 102.7196, accuracy = 8 } } });
            var watch = Stopwatch.StartNew();
            var response = await phone.APIRequest.PostAsync($"/api/patrol/shifts/{shift}/fixes", new APIRequestContextOptions
            {
                Headers = new Dictionary<string, string>(header) { ["Content-Type"] = "application/json" },
                Data = body,
            });
            if (response.Status != 200)
            {
                throw new InvalidOperationException($"upload refused: {response.Status} {await response.TextAsync()}");
            }
            var uploaded = watch.Elapsed.TotalMilliseconds;
            await center.WaitForFunctionAsync("([shift, lat]) => (document.querySelector('[data-testid=patrol-map]').dataset.positions || '').includes(shift + ':' + lat)",
                new object[] { shift!, text }, new() { Timeout = 15_000, PollingInterval = 10 });
            var elapsed = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"run {run}: uploaded in {uploaded:N0} ms, on the other viewer's map after {elapsed:N0} ms{(run == 0 ? " — warm-up" : "")}");
            if (run > 0)
            {
                times.Add(elapsed);
            }
            await Task.Delay(1000); // a phone sends every few seconds; the viewer coalesces notices for 300 ms
        }
        times.Sort();
        Console.WriteLine($"median of {times.Count}: {times[times.Count / 2]:N0} ms, min {times[0]:N0} ms, max {times[^1]:N0} ms");
        await phone.ClickAsync("[data-testid=patrol-end]");
        await map.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }
}
