using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Panlong.Benchmarks;

/// <summary>
/// What a signed-in circuit costs the portal (issue 17, goal 1; docs/decisions/0040-what-a-circuit-holds.md): N circuits on one
/// page, each its own browser context in ONE headless Chromium (one sign-in, its cookies reused), then the portal's managed heap
/// after a forced full GC (dotnet-gcdump induces one) and its RSS at 0/10/50/100 circuits (0/100/N above 100), and the latency of a click that
/// changes the page (paging, or the menu where a page has nothing to page) with the others idle and with 10 clicking.
/// Needs a running portal whose process id is in PORTAL_PID; gcdumps stay in CIRCUIT_DUMPS (default: a temp folder).
/// </summary>
public static partial class CircuitMeasurement
{
    // Up to 100 the curve (0/10/50/100); beyond, fewer and larger steps (0/100/N), so that 200 circuits fit in one run.
    private static int[] StepsTo(int n) => n <= 100 ? [.. new[] { 0, 10, 50 }.Where(s => s < n).Append(n)] : [0, 100, n];
    private const int Probes = 20;

    /// <summary>How a page shows it is interactive, and the click that changes it: click, then wait for the watched text to differ.</summary>
    private sealed record Interaction(string Ready, string[] Clicks, string Watch);

    // MudBlazor's pager: the buttons' order is first, previous, next, last; the rows shown change with the page.
    private static readonly Interaction Paging = new("[data-testid=case-link], [data-testid=people-table] tbody td",
        [".mud-table-pagination-actions button:nth-child(3)", ".mud-table-pagination-actions button:nth-child(2)"], "tbody.mud-table-body");

    // Pages with nothing to page: the menu button folds the drawer and back (a round trip through the circuit and a render).
    private static Interaction Menu(string ready) => new(ready, ["header button:first-of-type"], "aside.mud-drawer@class");

    private static Interaction For(string path) => path switch
    {
        "/cases" or "/registry/people" => Paging,
        "/cases/board" => Menu("[data-testid=board-received-today]"),
        "/map" => Menu("[data-testid=district-map][data-ready=true]"),
        _ => Menu("[data-circuit=ready]"),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4)
        {
            throw new ArgumentException("measure-circuits <portal url> <user> <path> <N> [clickers]   (PORTAL_PID = the portal's process id)");
        }
        var (url, user, path, n) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        var clickers = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10;
        var pid = int.Parse(Environment.GetEnvironmentVariable("PORTAL_PID") ?? throw new ArgumentException("PORTAL_PID is not set"), CultureInfo.InvariantCulture);
        var dumps = Environment.GetEnvironmentVariable("CIRCUIT_DUMPS") ?? Directory.CreateTempSubdirectory("circuits").FullName;
        Directory.CreateDirectory(dumps);
        var interaction = For(path);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await MeasureBrowser.LaunchAsync(playwright);
        // One sign-in (sign-in is rate limited); every circuit reuses its cookies.
        var first = await MeasureBrowser.SignInAsync(browser, url, user);
        var cookies = await first.Context.StorageStateAsync();
        await first.Context.CloseAsync();
        // A first visit warms the server (JIT, caches) before the baseline; closing the page ends its circuit.
        await (await OpenAsync(browser, url, cookies, path, interaction)).Context.CloseAsync();

        Console.WriteLine($"{path} as {user}, up to {n} circuits; load {Load()}");
        Console.WriteLine($"circuits | heap MB | RSS MB | heap KB/circuit | RSS KB/circuit | idle p50/p90 ms | {clickers} clicking p50/p90 ms | load");
        var pages = new List<IPage>();
        (double Heap, double Rss)? baseline = null;
        string? firstDump = null, lastDump = null;
        foreach (var step in StepsTo(n))
        {
            await OpenManyAsync(browser, url, cookies, path, interaction, pages, step);
            await Task.Delay(2000);
            var dump = Path.Combine(dumps, $"{path.Trim('/').Replace('/', '-')}-{step}.gcdump");
            var heap = await HeapAsync(pid, dump);
            var rss = Rss(pid);
            firstDump ??= dump;
            lastDump = dump;
            baseline ??= (heap, rss);
            var idle = step > 0 ? await ProbeAsync(pages[0], interaction, Probes) : [];
            var busy = step > clickers ? await UnderClicksAsync(pages, interaction, clickers) : [];
            var perCircuit = step > 0 ? $"{(heap - baseline.Value.Heap) / step / 1024:N0} | {(rss - baseline.Value.Rss) / step / 1024:N0}" : "— | —";
            Console.WriteLine($"{step} | {heap / 1048576:N1} | {rss / 1048576:N0} | {perCircuit} | {Percentiles(idle)} | {Percentiles(busy)} | {Load()}");
        }
        if (firstDump != lastDump)
        {
            Console.WriteLine($"what {pages.Count} circuits hold, by type (gcdump {Path.GetFileName(lastDump)} minus {Path.GetFileName(firstDump)}):");
            await GrowthAsync(firstDump!, lastDump!);
        }
        return 0;
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, string url, string cookies, string path, Interaction interaction)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url,
            StorageState = cookies,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        var page = await context.NewPageAsync();
        // As long as the waits below: beyond 100 circuits on a loaded machine the document itself took over 30 s (the default).
        await page.GotoAsync(path, new() { Timeout = 180_000 });
        await page.WaitForSelectorAsync("[data-circuit=ready]", new() { Timeout = 180_000 });
        await page.WaitForSelectorAsync(interaction.Ready, new() { Timeout = 180_000 });
        return page;
    }

    /// <summary>Eight at a time: one by one, 200 circuits would take many minutes on two cores.</summary>
    private static async Task OpenManyAsync(IBrowser browser, string url, string cookies, string path, Interaction interaction, List<IPage> pages, int count)
    {
        while (pages.Count < count)
        {
            var batch = Math.Min(8, count - pages.Count);
            pages.AddRange(await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => OpenAsync(browser, url, cookies, path, interaction))));
        }
    }

    /// <summary>Clicks, then waits in the page for the watched element to change; the time is the page's own clock.</summary>
    private const string ClickScript = """
        async ([click, watch]) => {
            const [selector, attribute] = watch.split("@");
            const read = () => { const e = document.querySelector(selector); return e ? (attribute ? e.getAttribute(attribute) : e.textContent) : null; };
            const before = read();
            const start = performance.now();
            document.querySelector(click).click();
            await new Promise((resolve, reject) => {
                const timer = setTimeout(() => { observer.disconnect(); reject(new Error("no change after 30 s")); }, 30000);
                const observer = new MutationObserver(() => { if (read() !== before) { clearTimeout(timer); observer.disconnect(); resolve(); } });
                observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            });
            return performance.now() - start;
        }
        """;

    private static async Task<List<double>> ProbeAsync(IPage page, Interaction interaction, int clicks, CancellationToken ct = default)
    {
        var times = new List<double>();
        for (var i = 0; (clicks == 0 || i < clicks) && !ct.IsCancellationRequested; i++)
        {
            times.Add(await page.EvaluateAsync<double>(ClickScript, new[] { interaction.Clicks[i % interaction.Clicks.Length], interaction.Watch }));
        }
        return times;
    }

    /// <summary>Circuits 1…clickers click without pause while circuit 0 probes; every click of all of them is counted.</summary>
    private static async Task<List<double>> UnderClicksAsync(List<IPage> pages, Interaction interaction, int clickers)
    {
        using var stop = new CancellationTokenSource();
        var loops = pages.Skip(1).Take(clickers).Select(p => Task.Run(() => ProbeAsync(p, interaction, 0, stop.Token))).ToList();
        var probe = await ProbeAsync(pages[0], interaction, Probes);
        await stop.CancelAsync();
        return [.. probe, .. (await Task.WhenAll(loops)).SelectMany(t => t)];
    }

    private static string Percentiles(List<double> times)
    {
        if (times.Count == 0)
        {
            return "—";
        }
        times.Sort();
        return $"{times[times.Count / 2]:N0} / {times[(int)(times.Count * 0.9)]:N0}";
    }

    /// <summary>dotnet-gcdump forces a full GC and walks the live heap; its report's first line is the heap's size.</summary>
    private static async Task<double> HeapAsync(int pid, string dump)
    {
        await ToolAsync("collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", dump);
        var report = await ToolAsync("report", dump);
        return Number(HeapLine().Match(report).Groups[1].Value);
    }

    private static async Task GrowthAsync(string before, string after)
    {
        var (a, b) = (Types(await ToolAsync("report", before)), Types(await ToolAsync("report", after)));
        foreach (var (type, bytes, count) in b.Select(t => (t.Key, t.Value.Bytes - a.GetValueOrDefault(t.Key).Bytes, t.Value.Count - a.GetValueOrDefault(t.Key).Count))
                     .OrderByDescending(t => t.Item2).Take(30))
        {
            Console.WriteLine($"{bytes,14:N0} {count,9:N0}  {type}");
        }
    }

    private static Dictionary<string, (long Bytes, long Count)> Types(string report) =>
        TypeLine().Matches(report).GroupBy(m => m.Groups[3].Value)
            .ToDictionary(g => g.Key, g => (g.Sum(m => Number(m.Groups[1].Value) * Number(m.Groups[2].Value)), g.Sum(m => Number(m.Groups[2].Value))));

    private static long Number(string digits) => long.Parse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static async Task<string> ToolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["dotnet-gcdump", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet-gcdump {string.Join(' ', args)}: {output}{await process.StandardError.ReadToEndAsync()}");
    }

    private static double Rss(int pid) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) * 1024;

    private static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapLine();

    // "   163,864         7  Some.Type (Bytes > 100K)  [assembly]": the mean size and the count, one line per size bucket of a type.
    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > \d+K\))?\s+\[", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
