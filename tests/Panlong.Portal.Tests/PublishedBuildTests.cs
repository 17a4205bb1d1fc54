using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Panlong.Portal.Tests.Features.Shell;

namespace Panlong.Portal.Tests;

/// <summary>
/// The deployment docs/operations.md describes: `dotnet publish`, then `dotnet /opt/panlong/Panlong.Portal.dll` started by
/// systemd from another folder (deploy/panlong.service). The portal must find its own settings and static files.
/// </summary>
public sealed partial class PublishedBuildTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("panlong-published-").FullName;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    [Fact]
    public async Task PublishedBuild_StartedFromAnotherFolder_ServesItsFilesAndReadsItsSettings()
    {
        var app = await PublishAsync();
        var elsewhere = Directory.CreateDirectory(Path.Combine(_temp, "elsewhere")).FullName;
        using var portal = Start(app, elsewhere);
        try
        {
            using var http = new HttpClient { BaseAddress = await ListeningAtAsync(portal), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilLiveAsync(http, portal);
            // As nginx sends every request (deploy/nginx.conf); without it Production redirects to HTTPS.
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

            var page = await http.GetStringAsync("/account/login");
            var assets = Asset().Matches(page).Select(m => m.Groups["url"].Value).ToList();
            Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.StartsWith("app.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
            foreach (var asset in assets)
            {
                var served = await http.GetByteArrayAsync(asset);
                Assert.True(served.Length > 0, $"{asset} was served empty");
                Assert.Equal(await File.ReadAllBytesAsync(PublishedFile(app, asset)), served);
            }
            // Behind the proxy: HTTPS as the proxy saw it, hence HSTS (deploy/nginx.conf, Portal:KnownProxies).
            using var proxied = new HttpRequestMessage(HttpMethod.Get, "health/live") { Headers = { { "Host", "panlong.example" } } };
            Assert.True((await http.SendAsync(proxied)).Headers.Contains("Strict-Transport-Security"), "X-Forwarded-Proto from the known proxy was ignored");
            // Relative settings resolve under the portal's folder (README), not the working directory.
            Assert.True(Directory.Exists(Path.Combine(app, "data", "keys")), "data/keys was not made in the publish folder");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "data/ was made in the working directory");
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
        }

        // appsettings.json was read: JSON log lines with clean UTC timestamps, and no SQL statements.
        string[] lines;
        lock (_stdout)
        {
            lines = [.. _stdout.Where(l => l.Length > 0)];
        }
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", entry.RootElement.GetProperty("Timestamp").GetString());
            Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", line, StringComparison.Ordinal);
        }
    }

    /// <summary>Publishes the portal that this test run already built (same configuration), without building it again.</summary>
    private async Task<string> PublishAsync()
    {
        var app = Path.Combine(_temp, "app");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(ShellConsistencyTests.RepositoryRoot(), "Panlong.Portal"), "-c", configuration, "-o", app, "--no-build", "-nologo", "-v", "quiet" })
        {
            publish.ArgumentList.Add(arg);
        }
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await output + await errors);
        return app;
    }

    private Process Start(string app, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(app, "Panlong.Portal.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Privacy__Key"] = Convert.ToBase64String(new byte[32]);
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(_temp, "panlong.db")}";
        start.Environment["Database__MigrateOnStartup"] = "true";
        start.Environment["Appraisal__Schedule"] = "false";
        start.Environment["Portal__KnownProxies__0"] = "127.0.0.1";
        start.Environment["Portal__PublicUrl"] = "https://panlong.example";
        start.Environment["AllowedHosts"] = "panlong.example;127.0.0.1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    /// <summary>Port 0 lets the system pick a free port; the lifetime log line names it.</summary>
    private async Task<Uri> ListeningAtAsync(Process portal)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3) && !portal.HasExited)
        {
            lock (_stdout)
            {
                var url = _stdout.Select(l => Listening().Match(l)).FirstOrDefault(m => m.Success);
                if (url is not null)
                {
                    return new Uri(url.Groups["url"].Value + "/");
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The portal did not start listening (exited: {portal.HasExited}):\n{Output()}");
    }

    private string Output()
    {
        lock (_stdout)
        {
            lock (_stderr)
            {
                return string.Join('\n', _stdout.Concat(_stderr));
            }
        }
    }

    private async Task WaitUntilLiveAsync(HttpClient http, Process portal)
    {
        var watch = Stopwatch.StartNew();
        while (!portal.HasExited && watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            try
            {
                if ((await http.GetAsync("health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"/health/live did not answer:\n{Output()}");
    }

    /// <summary>The published file behind a URL; fingerprinted names (app.&lt;hash&gt;.css, Panlong.Portal.&lt;hash&gt;.styles.css) map to the file without the hash.</summary>
    private static string PublishedFile(string app, string url)
    {
        var file = Path.Combine(app, "wwwroot", url.Split('?')[0]);
        return File.Exists(file) ? file : Fingerprint().Replace(file, "");
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [GeneratedRegex(@"(?:<link rel=""stylesheet"" href|<script src)=""(?<url>[^""]+)""")]
    private static partial Regex Asset();

    [GeneratedRegex("""Now listening on: (?<url>http://[0-9.:]+)""")]
    private static partial Regex Listening();

    [GeneratedRegex(@"\.[a-z0-9]{10}(?=\.[^/]+$)")]
    private static partial Regex Fingerprint();
}
