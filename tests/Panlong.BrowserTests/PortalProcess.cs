using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Panlong.Data;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// The portal as the README's run command starts it — a separate process on the embedded SQLite database
/// with demo data — on a free loopback port, stopped and deleted afterwards.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly StringBuilder _log = new();

    private PortalProcess(Process process, string dataDir, Uri url)
    {
        _process = process;
        _dataDir = dataDir;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The portal's own SQLite file, for a test that plants data no short flow produces (a message for the bell).</summary>
    public string ConnectionString => $"Data Source={Path.Combine(_dataDir, DatabaseFile)};Pooling=False";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// How long a start (migrations, reference and demo data, background services) may take: under 20 s on a quiet machine,
    /// more than two minutes while the test command's other projects load the two cores (a CI run failed every browser test
    /// when the shared portal was not ready in 120 s; at load 55 a PostgreSQL node seeded its org units in 52 s and was not ready in
    /// five minutes). The wait returns as soon as the portal is ready (ADR 69).
    /// </summary>
    public static readonly TimeSpan Readiness = TimeSpan.FromMinutes(10);

    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, TimeSpan? readiness = null)
    {
        if (!StartsFromTheDemoTemplate(settings))
        {
            return await StartReadyAsync(settings, readiness, NewDataFolder());
        }
        // The first such start migrates and seeds its own file, which is kept; later ones start on a copy of it.
        // The demo plans are drawn for today: a run that passes midnight seeds a new template.
        var dataDir = NewDataFolder();
        PortalProcess? built = null;
        try
        {
            await DatabaseTemplates.ApplySqliteFileAsync($"portal demo {ChinaTime.Today(TimeProvider.System):yyyy-MM-dd}", Path.Combine(dataDir, DatabaseFile),
                async () => built = await StartReadyAsync(settings, readiness, dataDir));
        }
        catch
        {
            // Nothing left behind: a portal whose file could not be kept, or the folder of a copy that failed.
            if (built is not null)
            {
                await built.DisposeAsync();
            }
            else if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
            throw;
        }
        return built ?? await StartReadyAsync(settings, readiness, dataDir);
    }

    /// <summary>
    /// Settings read only after start-up (at sign-in, by a page), never by migrating or seeding: a portal whose settings are
    /// all among these — or that has none — gets the same database as the shared one, so it starts on a copy of the first
    /// one's freshly seeded file instead of seeding the demo district again (docs/decisions/0100-child-portal-database-template.md).
    /// Anything else (another database, demo cases, a key of its own) migrates and seeds its own.
    /// </summary>
    private static bool StartsFromTheDemoTemplate(IReadOnlyDictionary<string, string>? settings) =>
        settings is null || DatabaseTemplates.SeedsThePlainDemo(settings.Keys);

    private const string DatabaseFile = "panlong.db";

    private static string NewDataFolder()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"panlong-browser-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        return dataDir;
    }

    private static async Task<PortalProcess> StartReadyAsync(IReadOnlyDictionary<string, string>? settings, TimeSpan? readiness, string dataDir)
    {
        var portal = Start(settings, dataDir);
        try
        {
            await portal.WaitUntilReadyAsync(readiness ?? Readiness);
        }
        catch
        {
            // Not left running beside the next tests: a start that failed under load went on loading the machine.
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    /// <summary>Started, not yet ready: for a test that starts several at once and then waits for each.</summary>
    public static PortalProcess Start(IReadOnlyDictionary<string, string>? settings = null) => Start(settings, NewDataFolder());

    private static PortalProcess Start(IReadOnlyDictionary<string, string>? settings, string dataDir)
    {
        var root = Paths.RepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "Panlong.Portal", "bin", configuration, "net10.0", "Panlong.Portal.dll");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, "Panlong.Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(dataDir, DatabaseFile)}";
        // Generated demo cases would crowd the desks the flows work on; a test that needs them asks for them.
        start.Environment["Seed__DemoCases"] = "0";
        start.Environment["Appraisal__Schedule"] = "false";
        start.Environment[TestPasswords.Setting.Replace(":", "__", StringComparison.Ordinal)] = TestPasswords.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Every browser signs in from 127.0.0.1: one address for the whole run, unlike people (docs/decisions/0027-rate-limits.md).
        start.Environment["RateLimits__SignInPerAddress__PermitLimit"] = "1000";
        // The cameras' test stream (HlsTestStream) is served on a loopback port; the demo host stays first on the list.
        start.Environment["Cameras__AllowedHosts__1"] = "127.0.0.1";
        // Prometheus scrapes from loopback (PrometheusTests); nobody else reaches this address.
        start.Environment["Telemetry__Prometheus__AllowedNetworks__0"] = "127.0.0.1/32";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var portal = new PortalProcess(process, dataDir, url);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portal;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The portal was not ready within {limit}:\n{Log}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL, as a node dies: no shutdown, no circuit is told (tests/Panlong.BrowserTests/TwoNodeCluster.cs).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }
}

public static class Paths
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Panlong.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Panlong.sln not found above the test folder.");
    }

    /// <summary>Screenshots land in artifacts/screenshots at the repository root, kept after the run.</summary>
    public static string Screenshot(string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
