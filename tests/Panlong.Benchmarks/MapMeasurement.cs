using System.Diagnostics;
using Microsoft.Playwright;

namespace Panlong.Benchmarks;

/// <summary>
/// Time from opening /map to the map having drawn every layer, in Debian's headless Chromium, as the district leader
/// (610 grid polygons, 103 communities, 12 streets and every building). Needs a running portal with district-scale data.
/// </summary>
public static class MapMeasurement
{
    public static async Task<int> RunAsync(string url)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await MeasureBrowser.LaunchAsync(playwright);
        var times = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var page = await MeasureBrowser.SignInAsync(browser, url, "leader");
            await using var context = page.Context;
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("/map");
            var map = await page.WaitForSelectorAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 120_000 });
            var elapsed = watch.Elapsed.TotalMilliseconds;
            var grids = await map!.GetAttributeAsync("data-grids");
            var buildings = await map.GetAttributeAsync("data-buildings");
            // The first run warms the server (JIT, caches); it is shown but not counted.
            Console.WriteLine($"run {run}: {elapsed:N0} ms to a drawn map ({grids} grids, {buildings} buildings){(run == 0 ? " — warm-up" : "")}");
            if (run > 0)
            {
                times.Add(elapsed);
            }
        }
        times.Sort();
        Console.WriteLine($"median of {times.Count}: {times[times.Count / 2]:N0} ms");
        return 0;
    }
}
