using System.Diagnostics;
using Microsoft.Playwright;
using Npgsql;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 23: the database stops while an inspector presses 提交上报. The page says the work is kept, the form stays
/// as typed (also across a reload), and after the database is back one more press makes exactly one case
/// (docs/decisions/0019-database-outages.md).
/// Runs on a PostgreSQL cluster of its own, never the shared one.
/// </summary>
[Collection(nameof(OwnPortalCollection))]
public class OutageFlowTests(OwnPortalBrowserFixture browser)
{
    [Fact]
    public async Task Report_WhenPostgresStopsMidSubmit_IsKeptAcrossAReloadAndSubmittedOnceAfterRestart()
    {
        await using var cluster = await ThrowawayCluster.StartAsync();
        var connection = $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database=panlong";
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connection,
        });
        var page = await browser.NewPageAsync(portal: portal);
        await BrowserFixture.SignInAsync(page, "inspector");
        await page.GotoAsync("/cases/report");
        var description = $"停库期间上报的井盖缺失 {Guid.NewGuid():N}"[..24];
        await ReportForm.FillAsync(page, description, "北京路与人民路口");
        await page.Locator("[data-testid=district-map]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-position]")).ToContainTextAsync(".");

        await cluster.StopAsync();
        await page.ClickAsync("[data-testid=report-submit]");
        await Assertions.Expect(page.Locator("[data-testid=report-unavailable]"))
            .ToContainTextAsync("数据库暂时不可用，您填写的内容已保留，恢复后可直接提交", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-report-outage.png"), FullPage = true });
        await Assertions.Expect(page.Locator("[data-testid=report-description]")).ToHaveValueAsync(description);
        await Assertions.Expect(page.Locator("[data-testid=report-submit]")).ToBeEnabledAsync();

        // A reload while the database is down gets the 503 page, not "出错了"; after it is back, the draft returns.
        var during = await page.ReloadAsync();
        Assert.Equal(503, during!.Status);
        await Assertions.Expect(page.Locator("[data-testid=unavailable]")).ToContainTextAsync("服务暂时不可用，请稍后重试");
        await cluster.StartAgainAsync();
        await page.GotoAsync("/cases/report");
        await page.WaitVisibleAsync("[data-testid=report-draft-restored]", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=report-description]")).ToHaveValueAsync(description);
        await Assertions.Expect(page.Locator("[data-testid=report-address]")).ToHaveValueAsync("北京路与人民路口");
        await page.ClickAsync("[data-testid=report-submit]");
        await page.WaitForURLAsync("**/cases/AJ*", new() { Timeout = 60_000 });

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Cases\" WHERE \"Description\" = @d", db);
        count.Parameters.AddWithValue("d", description);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    /// <summary>A cluster from the installed Debian packages on a free port (as tools/throwaway-postgres.sh), deleted afterwards.</summary>
    private sealed class ThrowawayCluster : IAsyncDisposable
    {
        private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().Last();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), $"panlong-outage-pg-{Guid.NewGuid():N}");

        public int Port { get; } = PortalProcess.FreePort();

        private string Data => Path.Combine(_dir, "data");

        public static async Task<ThrowawayCluster> StartAsync()
        {
            var cluster = new ThrowawayCluster();
            Directory.CreateDirectory(cluster._dir);
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", "postgres", cluster._dir);
            }
            await cluster.AsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
            await cluster.StartAgainAsync();
            return cluster;
        }

        public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "120",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");

        public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "120", "stop");

        private Task AsPostgresAsync(string tool, params string[] args) => Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

        private static async Task RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
            Directory.Delete(_dir, recursive: true);
        }
    }
}
