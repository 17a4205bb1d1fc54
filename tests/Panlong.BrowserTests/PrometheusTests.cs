using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// A real Prometheus (Debian's package, installed by test.sh) scrapes the shared portal, which lets 127.0.0.1 read its metrics
/// (<see cref="PortalProcess"/>); and promtool checks the shipped alert rules (deploy/prometheus, docs/operations.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class PrometheusTests(BrowserFixture browser)
{
    private const string Prometheus = "/usr/bin/prometheus";
    private const string Promtool = "/usr/bin/promtool";

    /// <summary>Prometheus starts in about a second on a quiet machine; scrapes come every second. Generous for a loaded box, never a fixed sleep.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Prometheus_ScrapingTheSharedPortal_SeesItUpWithTheOutboxBacklog()
    {
        var folder = Directory.CreateTempSubdirectory("panlong-prometheus-");
        var port = PortalProcess.FreePort();
        var target = browser.Portal.Url;
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(Paths.RepositoryRoot(), "deploy", "prometheus", "panlong-rules.yml")}
            scrape_configs:
              - job_name: panlong
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var start = new ProcessStartInfo(Prometheus) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            $"--config.file={Path.Combine(folder.FullName, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var log = new StringBuilder();
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var up = await UntilAsync(http, "up{job=\"panlong\"} == 1", process, log);
            Assert.Equal(target.Authority, up.GetProperty("metric").GetProperty("instance").GetString());
            var backlog = await UntilAsync(http, "panlong_outbox_backlog", process, log);
            Assert.True(double.Parse(backlog.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
            // The rules file loaded and is evaluated against the live series (no rule is in error).
            var rules = await http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
            var loaded = rules.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(6, loaded.Count);
            Assert.All(loaded, r => Assert.Equal("ok", r.GetProperty("health").GetString()));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Asks the query API until <paramref name="query"/> has a result: its first sample.</summary>
    private static async Task<JsonElement> UntilAsync(HttpClient http, string query, Process process, StringBuilder log)
    {
        var watch = Stopwatch.StartNew();
        var last = "";
        while (watch.Elapsed < Patience)
        {
            Assert.False(process.HasExited, $"prometheus exited: {log}");
            try
            {
                var answer = await http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
                var result = answer.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0];
                }
                last = answer.ToString();
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // Not listening yet.
            }
            catch (TaskCanceledException e)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No result for {query} within {Patience}: {last}\n{log}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task AlertRules_ShippedFile_PassPromtoolsCheckAndItsUnitTests()
    {
        var folder = Path.Combine(Paths.RepositoryRoot(), "deploy", "prometheus");
        var check = await RunAsync(Promtool, folder, "check", "rules", "panlong-rules.yml");
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("6 rules found", check.Output, StringComparison.Ordinal);
        var test = await RunAsync(Promtool, folder, "test", "rules", "panlong-rules.test.yml");
        Assert.True(test.Code == 0, test.Output);
    }

    /// <summary>The system administrator's operations page, at desk and phone width, in Chinese and English (issue 22 part 5).</summary>
    [Fact]
    public async Task OperationsPage_AsTheSystemAdministrator_ShowsTheBuildTheDatabaseTheSignalsAndTheWorkers()
    {
        foreach (var (width, height, mobile, name) in new[] { (1366, 900, false, "desktop"), (390, 844, true, "phone") })
        {
            var page = await browser.NewPageAsync(width, height, mobile);
            await BrowserFixture.SignInAsync(page, "sysadmin");
            await BrowserFixture.OpenAsync(page, "/admin/operations");
            await Assertions.Expect(page.Locator("[data-testid=ops-database]")).ToContainTextAsync("SQLite");
            await Assertions.Expect(page.Locator("[data-testid=ops-outbox]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d,]*$"));
            await Assertions.Expect(page.Locator("[data-testid=ops-worker]").First).ToBeVisibleAsync();
            // This page is itself a live circuit on the node: the count is at least one.
            await Assertions.Expect(page.Locator("[data-testid=ops-circuits]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]"));
            // The stored last run names the node that ran it (a start-up job: this node, the fixture's only one).
            var ranOn = page.Locator("[data-testid=ops-worker]", new() { HasText = "dormant-accounts" }).Locator("[data-testid=ops-worker-node]");
            await Assertions.Expect(ranOn).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"/\d+/[0-9a-f]{8}$"));
            await Assertions.Expect(page.Locator("[data-testid=ops-this-node]")).ToContainTextAsync(await ranOn.InnerTextAsync());
            // Live: the stamp moves on by itself.
            var first = await page.Locator("[data-testid=ops-updated]").InnerTextAsync();
            await Assertions.Expect(page.Locator("[data-testid=ops-updated]")).Not.ToHaveTextAsync(first);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"operations-{name}-zh.png"), FullPage = true });
            await BrowserFixture.ChooseEnglishAsync(page);
            await Assertions.Expect(page.Locator("h5", new() { HasText = "Operations" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot($"operations-{name}-en.png"), FullPage = true });
            await page.Context.CloseAsync();
        }
    }
}
