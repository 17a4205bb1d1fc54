using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Panlong.Benchmarks;

/// <summary>
/// Time to interactive of portal pages in Debian's headless Chromium (issue 17, goal 2): from starting the navigation until
/// the page shows its data (a selector per page) AND the circuit is live (the layout's <c>data-circuit=ready</c>), with the
/// document's time to first byte and the circuit start on their own. One signed-in context per page; the first load (cold
/// browser cache, cold server paths) is shown apart, then the median of five. Needs a running portal with district data
/// (tools/measure-interactive.sh makes one).
/// </summary>
public static class InteractiveMeasurement
{
    private const int Runs = 5;

    /// <summary>What "shows its data" means on each measured page: an element that exists only once the data is drawn.</summary>
    public static readonly IReadOnlyDictionary<string, string> DataShown = new Dictionary<string, string>
    {
        ["/"] = "[data-testid=home-counts] [data-count]",
        ["/cases"] = "[data-testid=case-table] [data-testid=case-link]",
        ["/cases/board"] = "[data-testid=board] [data-testid=board-green]",
        ["/registry/people"] = "[data-testid=people-table] td.mono",
        ["/map"] = "[data-testid=district-map][data-ready=true]",
        ["/appraisal"] = "[data-testid=appraisal-figures]",
        ["/services/statistics"] = "[data-testid=stats-totals]",
    };

    private sealed record Load(double Ttfb, double Circuit, double Data)
    {
        public double Interactive => Math.Max(Circuit, Data);
    }

    /// <param name="paths">Page paths; <c>path|selector</c> names the data selector (a query string and a selector both hold '=') of a page not in <see cref="DataShown"/>.</param>
    public static async Task<int> RunAsync(string url, string user, IReadOnlyList<string> paths)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await MeasureBrowser.LaunchAsync(playwright);
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine(string.Join(" | ", "page", "first load (ms)", "TTFB", "circuit", "data shown", $"interactive (median of {Runs}, ms)", "load average"));
        foreach (var entry in paths.DefaultIfEmpty("/"))
        {
            var (path, selector) = entry.Split('|', 2) is [var p, var s] ? (p, s) : (entry, DataShown.GetValueOrDefault(PathOnly(entry))
                ?? throw new ArgumentException($"no data selector known for {entry}: write {entry}|<selector>"));
            var page = await MeasureBrowser.SignInAsync(browser, url, user);
            await using var context = page.Context;
            var first = await LoadAsync(page, path, selector);
            var loads = new List<Load>();
            for (var run = 0; run < Runs; run++)
            {
                loads.Add(await LoadAsync(page, path, selector));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path} | {first.Interactive:F0} | {Median(loads, l => l.Ttfb):F0} | {Median(loads, l => l.Circuit):F0} | {Median(loads, l => l.Data):F0} | **{Median(loads, l => l.Interactive):F0}** | {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
        return 0;
    }

    private static string PathOnly(string path) => path.Split('?')[0];

    private static double Median(List<Load> loads, Func<Load, double> of)
    {
        var sorted = loads.Select(of).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>One full navigation (a new document, so a new circuit), timed to the circuit and to the data separately.</summary>
    private static async Task<Load> LoadAsync(IPage page, string path, string selector)
    {
        // Ten minutes: under a heavy load the running year's appraisal took over two (issue 17); a figure beats a time-out.
        var timeout = new PageWaitForSelectorOptions { Timeout = 600_000 };
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var circuit = Timed(page.WaitForSelectorAsync("[data-circuit=ready]", timeout), watch);
        var data = Timed(page.WaitForSelectorAsync(selector, timeout), watch);
        await Task.WhenAll(circuit, data);
        var ttfb = await page.EvaluateAsync<double>("() => { const n = performance.getEntriesByType('navigation')[0]; return n.responseStart - n.startTime; }");
        return new Load(ttfb, await circuit, await data);
    }

    private static async Task<double> Timed(Task task, Stopwatch watch)
    {
        await task;
        return watch.Elapsed.TotalMilliseconds;
    }
}
