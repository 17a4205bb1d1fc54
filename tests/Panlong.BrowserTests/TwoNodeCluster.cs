using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// Two portal processes on one fresh PostgreSQL database behind Debian's HAProxy, configured by deploy/haproxy.cfg as
/// tools/two-nodes.sh configures it: a cookie pins a browser to its node (Blazor circuits live in one process), health checks on
/// /health/ready take a dead node out, and a request refused by a dead node is sent to the other
/// (docs/decisions/0046-two-nodes.md). Both nodes share one upload folder; the Data Protection keys are in the database.
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string HaProxy = "/usr/sbin/haproxy";

    /// <summary>The cookie HAProxy inserts to pin a browser to its node; its value is the node's name.</summary>
    public const string NodeCookie = "PANLONG_NODE";

    private readonly TestDatabase _database;
    private readonly string _folder;
    private readonly Process _proxy;

    private TwoNodeCluster(TestDatabase database, string folder, IReadOnlyDictionary<string, PortalProcess> nodes, Process proxy, Uri url)
    {
        _database = database;
        _folder = folder;
        Nodes = nodes;
        _proxy = proxy;
        Url = url;
    }

    /// <summary>The nodes by the name the cookie carries ("a", "b").</summary>
    public IReadOnlyDictionary<string, PortalProcess> Nodes { get; }

    /// <summary>HAProxy's address: the only one clients use.</summary>
    public Uri Url { get; }

    public string ConnectionString => _database.Settings.ConnectionString;

    /// <summary>The nodes' database, to read what they wrote.</summary>
    public TestDatabase Database => _database;

    public string Uploads => Path.Combine(_folder, "uploads");

    public static async Task<TwoNodeCluster> StartAsync()
    {
        if (!File.Exists(HaProxy))
        {
            throw new InvalidOperationException($"{HaProxy} is missing: run ./test.sh, which installs Debian's haproxy package.");
        }
        var database = TestDatabase.Postgres();
        var folder = Path.Combine(Path.GetTempPath(), $"panlong-two-nodes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = database.Settings.ConnectionString,
            // Both nodes must read the personal data either wrote; the key ring itself is in the database.
            ["Privacy__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cases__PhotoPath"] = Path.Combine(folder, "uploads"),
            ["Services__MaterialPath"] = Path.Combine(folder, "materials"),
            // A steady stream from one test user is no flood (docs/decisions/0027-rate-limits.md).
            ["RateLimits__CasesPerUser__PermitLimit"] = "100000",
            ["Portal__KnownProxies__0"] = "127.0.0.1",
        };
        // Both at once, as an operator starts them (docs/operations.md): the start-up lock lets one migrate and seed while the other waits and
        // then finds it done (docs/decisions/0018-start-up-lock.md), and the rest of their start-up overlaps.
        var a = PortalProcess.Start(settings);
        var b = PortalProcess.Start(settings);
        try
        {
            await Task.WhenAll(a.WaitUntilReadyAsync(PortalProcess.Readiness), b.WaitUntilReadyAsync(PortalProcess.Readiness));
        }
        catch
        {
            // Neither node nor the database is left behind by a start that failed.
            await a.DisposeAsync();
            await b.DisposeAsync();
            await database.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
        var nodes = new Dictionary<string, PortalProcess> { ["a"] = a, ["b"] = b };
        var port = PortalProcess.FreePort();
        var configuration = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(configuration, Configuration(port, nodes));
        var start = new ProcessStartInfo(HaProxy) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-db", "-f", configuration })
        {
            start.ArgumentList.Add(argument);
        }
        var proxy = Process.Start(start)!;
        proxy.OutputDataReceived += (_, _) => { };
        proxy.ErrorDataReceived += (_, _) => { };
        proxy.BeginOutputReadLine();
        proxy.BeginErrorReadLine();
        var cluster = new TwoNodeCluster(database, folder, nodes, proxy, new Uri($"http://127.0.0.1:{port}"));
        await cluster.WaitUntilServedAsync();
        return cluster;
    }

    /// <summary>deploy/haproxy.cfg, the configuration tools/two-nodes.sh uses, with this cluster's ports.</summary>
    public static string Configuration(int port, IReadOnlyDictionary<string, PortalProcess> nodes) =>
        File.ReadAllText(Path.Combine(Paths.RepositoryRoot(), "deploy", "haproxy.cfg"))
            .Replace("{PORT}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{NODE_A}", $"{nodes["a"].Url.Host}:{nodes["a"].Url.Port}", StringComparison.Ordinal)
            .Replace("{NODE_B}", $"{nodes["b"].Url.Host}:{nodes["b"].Url.Port}", StringComparison.Ordinal);

    private async Task WaitUntilServedAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // HAProxy is not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("HAProxy did not serve the portal within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_proxy.HasExited)
        {
            _proxy.Kill();
            await _proxy.WaitForExitAsync();
        }
        _proxy.Dispose();
        foreach (var node in Nodes.Values)
        {
            await node.DisposeAsync();
        }
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// One cluster for the checks of two nodes (<see cref="TwoNodeTests"/>): each pair's start migrates and seeds a fresh database
/// and starts two portals, about a minute of the test command under load, so the three checks share one
/// (docs/decisions/0069-what-the-browser-tests-drive.md).
/// </summary>
public sealed class TwoNodeClusterFixture : IAsyncLifetime
{
    public TwoNodeCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TwoNodeCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
