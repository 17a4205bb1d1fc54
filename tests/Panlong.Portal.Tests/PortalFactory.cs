using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;

namespace Panlong.Portal.Tests;

/// <summary>The whole portal in memory over its own seeded SQLite file, as the run command starts it.</summary>
public sealed partial class PortalFactory : WebApplicationFactory<Program>
{
    // A folder of its own, so that an outage test can take the database away and bring it back.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"panlong-portal-{Guid.NewGuid():N}");

    private string DatabaseFile => Path.Combine(_folder, "panlong.db");

    /// <summary>Settings of this portal on top of the tests' own (a fixture that needs the portal configured otherwise).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Seed:DemoCases", "0");
        builder.UseSetting("Appraisal:Schedule", "false");
        builder.UseSetting(TestPasswords.Setting, TestPasswords.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
        // Upload folders of its own too, so a test can count the files a request left behind.
        builder.UseSetting("Cases:PhotoPath", _folder + "-uploads");
        builder.UseSetting("Cases:MaxPhotoMegabytes", "2");
        builder.UseSetting("Services:MaterialPath", _folder + "-materials");
        builder.UseSetting("Services:MaxMaterialMegabytes", "2");
        // Every client its own address (limits per address count one client); the sign-in summary is written when a test asks.
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddress>());
        builder.UseSetting("RateLimits:SignInSummaryPeriod", "1.00:00:00");
        // The default limits per address, over an hour instead of a minute: a flood test must not pass or fail on the machine's speed.
        builder.UseSetting("RateLimits:SignInPerAddress:Window", "01:00:00");
        builder.UseSetting("RateLimits:PublicPerAddress:Window", "01:00:00");
        // The scrape endpoint exists only when configured; configured here so the matrix sees it (no asker has the token).
        builder.UseSetting("Telemetry:Prometheus:Token", "portal-tests-scrape-token");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static readonly string KeysPath = Path.Combine(Path.GetTempPath(), "panlong-test-keys");

    private bool _buildsTemplate;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _template;

    /// <summary>
    /// A portal of these tests seeds the demo district on start-up; on a copy it costs about 7 CPU-seconds less (docs/benchmarks.md,
    /// "Test command, round 11 (helper)"). As the browser
    /// tests' child portals do (docs/decisions/0100-child-portal-database-template.md), the first factory of the process
    /// that seeds the plain demo keeps a copy of its file once started, and every later one starts on a copy instead:
    /// its start-up then migrates and seeds nothing new. Only when the database file does not exist yet (a factory derived
    /// with <c>WithWebHostBuilder</c> from a started one serves that one's file) and the final configuration is the plain
    /// demo's: Development, demo data without cases, this factory's SQLite file, the shared key folder (the privacy key the
    /// stored IDs are encrypted with) and no other settings of its own than those <see cref="DatabaseTemplates.SeedsThePlainDemo"/> allows.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureServices((context, _) =>
        {
            if (File.Exists(DatabaseFile) || !IsPlainDemo(context.HostingEnvironment, context.Configuration))
            {
                return;
            }
            Directory.CreateDirectory(_folder);
            var copied = DatabaseTemplates.ApplySqliteFileAsync($"portal factory demo {ChinaTime.Today(TimeProvider.System):yyyy-MM-dd}", DatabaseFile, () =>
            {
                _buildsTemplate = true; // this factory seeds; the template is kept once it has started
                return _started.Task;
            });
            if (_buildsTemplate)
            {
                _template = copied;
            }
            else
            {
                copied.GetAwaiter().GetResult(); // runs on the portal's own start-up thread, before it migrates and seeds
            }
        });
        IHost host;
        try
        {
            host = base.CreateHost(builder);
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex); // a later factory builds again
            throw;
        }
        if (_template is not null)
        {
            _started.TrySetResult();
            _template.GetAwaiter().GetResult();
        }
        return host;
    }

    /// <summary>PANLONG_PORTAL_TEMPLATE=0 seeds every factory's own database, as before (to measure what the copies save).</summary>
    private static readonly bool TemplatesOn = Environment.GetEnvironmentVariable("PANLONG_PORTAL_TEMPLATE") != "0";

    private bool IsPlainDemo(IHostEnvironment environment, IConfiguration configuration) =>
        TemplatesOn && environment.IsDevelopment()
        && DatabaseTemplates.SeedsThePlainDemo(Settings.Keys)
        && configuration["Seed:DemoData"] == "true" && configuration["Seed:DemoCases"] == "0"
        && configuration["Database:Provider"] == "Sqlite" && configuration["ConnectionStrings:Sqlite"] == $"Data Source={DatabaseFile}"
        && configuration["DataProtection:KeysPath"] == KeysPath && string.IsNullOrEmpty(configuration["DataProtection:CertificateFile"])
        && string.IsNullOrEmpty(configuration["Privacy:Key"]) && configuration["Database:MigrateOnStartup"] is null or "true" or "True";

    /// <summary>The address a Production test portal has (<see cref="Production"/>); its clients use it as their base address.</summary>
    public static readonly Uri PublicUrl = new("https://panlong.example");

    /// <summary>
    /// Production with the settings it refuses to start without (docs/operations.md): no demo seeding, a privacy key (the one
    /// a Development portal of these tests made, so a Production portal over its database reads its data), the public
    /// address, and the host names it answers to — the public one, and 127.0.0.1 for the host's own health probes.
    /// </summary>
    public static IWebHostBuilder Production(IWebHostBuilder builder)
    {
        var developmentKey = Path.Combine(Path.GetTempPath(), "panlong-test-keys", "privacy.key");
        return builder.UseEnvironment("Production")
            .UseSetting("Seed:DemoData", "false")
            .UseSetting("Privacy:Key", File.Exists(developmentKey) ? File.ReadAllText(developmentKey).Trim() : Convert.ToBase64String(new byte[32]))
            .UseSetting("Portal:PublicUrl", PublicUrl.ToString())
            .UseSetting("AllowedHosts", $"{PublicUrl.Host};127.0.0.1");
    }

    public HttpClient Anonymous() => Anonymous(ClientAddress.Next());

    public HttpClient Anonymous(IPAddress address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientAddress.Header, address.ToString());
        return client;
    }

    /// <summary>
    /// Signs in through the real sign-in form (antiforgery token and all) and returns the client holding the cookie. Like a
    /// phone client, it then fetches the API's antiforgery token and sends it with every request (docs/decisions/0024-browser-and-proxy-hardening.md).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password = Panlong.Workflows.Demo.DemoAccounts.Password)
    {
        var client = Anonymous();
        var response = await PostLoginAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {response.StatusCode}");
        }
        var token = (await client.GetFromJsonAsync<AntiforgeryTokenResponse>("/api/antiforgery"))!;
        client.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        return client;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _sessions = new();

    /// <summary>
    /// A GET as the account through one kept session per account, signed in once per portal rather than once per request:
    /// for read-only tests that ask many pages (the page matrix signs in 1,900 times otherwise). If another test ended the
    /// session meanwhile (a role change revokes it), the account signs in again once.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsAsync(string userName, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await _sessions.GetOrAdd(userName, u => new Lazy<Task<HttpClient>>(() => SignedInAsync(u))).Value;
            var response = await client.GetAsync(path);
            // The kept session may have been ended meanwhile by another test on this shared portal (a role change or "sign
            // out everywhere" of the same demo account ends all its sessions): a page then redirects to the sign-in page and an
            // API answers 401. Either way it signs in once more; a signed-in account is never answered 401 otherwise.
            var signedOut = (response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true)
                || response.StatusCode == HttpStatusCode.Unauthorized;
            if (!signedOut || attempt > 0)
            {
                return response;
            }
            _sessions.TryRemove(userName, out _);
        }
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password, string returnUrl = "")
    {
        var token = AntiforgeryTokenOf(await client.GetStringAsync("/account/login"));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.ReturnUrl"] = returnUrl,
        });
        return await client.PostAsync("/account/login", form);
    }

    /// <summary>An account of its own for a test (password <see cref="Panlong.Workflows.Demo.DemoAccounts.Password"/>), made once per run.</summary>
    public async Task CreateUserAsync(string userName, params string[] roles)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }
        var user = new PanlongUser { UserName = userName, DisplayName = userName };
        // The demo password is on the common-password list: set it as the demo accounts do (docs/decisions/0025-server-side-sessions.md).
        var created = await Panlong.Workflows.Demo.DemoAccounts.CreateWithDemoPasswordAsync(users, user);
        var added = created.Succeeded ? await users.AddToRolesAsync(user, roles) : created;
        if (!added.Succeeded)
        {
            throw new InvalidOperationException($"{userName}: {string.Join(" ", added.Errors.Select(e => e.Description))}");
        }
    }

    public async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        using var scope = Services.CreateScope();
        return await PrincipalAsync(scope, userName);
    }

    /// <summary>The principal the real sign-in would issue for a demo account, claims factory and all.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceScope scope, string userName)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PanlongUser>>();
        var principal = await factory.CreateAsync((await users.FindByNameAsync(userName))!);
        return new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, "test", principal.Identities.First().NameClaimType, principal.Identities.First().RoleClaimType));
    }

    /// <summary>The antiforgery token of a form in the page, for posting it as the browser would.</summary>
    public static string AntiforgeryTokenOf(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _folder, _folder + "-uploads", _folder + "-materials" }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Makes the SQLite file unreachable (its folder gone: SQLITE_CANTOPEN) until the returned scope ends.</summary>
    public IDisposable TakeDatabaseAway()
    {
        _ = Services; // started, seeded
        // The file first, the pools after: a background job that opens a connection between the two would otherwise put
        // a connection to the moved file back into a fresh pool, and a request during the "outage" would be served by it.
        // Cleared after the move, connections in use are discarded when returned and new ones find no folder.
        Directory.Move(_folder, _folder + ".away");
        SqliteConnection.ClearAllPools();
        return new Outage(_folder);
    }

    private sealed class Outage(string folder) : IDisposable
    {
        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Move(folder + ".away", folder);
        }
    }
}

[CollectionDefinition(nameof(PortalCollection))]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>;
