using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 20's figures (docs/decisions/0094-openapi-and-scalar.md): Open311 <c>POST requests</c> and <c>GET requests</c> per
/// second with a client-credentials token, over real HTTP to the portal (this build, Kestrel on a loopback port) on its
/// own database — <c>measure-open311 [Sqlite|Postgres] [seconds=10] [callers=8]</c>; PostgreSQL needs PANLONG_TEST_POSTGRES.
/// Every POST is a new case through the whole loop (validation, grid, workflow start, outbox); every answer is checked
/// (201 / 200), so a refused call is counted as an error, not as throughput. First of all, client-credentials tokens per second.
/// </summary>
public static class Open311Measurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(args.FirstOrDefault() ?? "Sqlite", ignoreCase: true);
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var folder = Path.Combine(Path.GetTempPath(), $"panlong-open311-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var (connection, drop) = Database(provider, folder);
        var port = FreePort();
        try
        {
            await using var portal = new MeasuredPortal(provider, connection, folder);
            portal.UseKestrel(port);
            var watch = Stopwatch.StartNew();
            portal.StartServer();
            Console.WriteLine($"{provider}: portal seeded and listening in {watch.Elapsed.TotalSeconds:N0} s");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var (client, place) = await ClientAsync(portal.Services);
            // Token issuance for a partner (issue 20's figure beside measure-tokens' phone-app grants, ADR 97): each a signed and
            // encrypted JWT with its database entry, the client's hashed secret checked every time.
            var issued = await RunAsync("client_credentials tokens (POST /connect/token)", seconds, callers, async () =>
            {
                using var response = await http.PostAsync(TokenServer.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials", ["client_id"] = client.ClientId, ["client_secret"] = client.Secret, ["scope"] = TokenScopes.Open311,
                }));
                return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            });
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, client));

            var created = new System.Collections.Concurrent.ConcurrentBag<string>();
            var posts = await RunAsync("POST requests", seconds, callers, async () =>
            {
                using var response = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["service_code"] = "14-01", ["description"] = "路口有人占道摆摊，影响通行", ["client_key"] = Guid.NewGuid().ToString("N"),
                    ["lat"] = place.Lat.ToString(CultureInfo.InvariantCulture), ["long"] = place.Lng.ToString(CultureInfo.InvariantCulture),
                }));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return $"{(int)response.StatusCode} {body}";
                }
                created.Add(JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!);
                return null;
            });
            var ids = created.Take(10).ToList();
            var byIds = await RunAsync($"GET requests?service_request_id=<{ids.Count} ids>", seconds, callers, async () =>
            {
                using var response = await http.GetAsync("/open311/v2/requests.json?service_request_id=" + string.Join(',', ids));
                var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return response.StatusCode == HttpStatusCode.OK && rows.GetArrayLength() == ids.Count ? null : $"{(int)response.StatusCode} {rows.GetRawText()[..Math.Min(200, rows.GetRawText().Length)]}";
            });
            var listed = 0;
            var window = await RunAsync("GET requests (last 90 days, service 14-01)", seconds, callers, async () =>
            {
                using var response = await http.GetAsync("/open311/v2/requests.json?service_code=14-01");
                var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                listed = rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : -1;
                return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}";
            });
            Console.WriteLine($"| {provider} | client_credentials tokens | {issued:N1}/s |");
            Console.WriteLine($"| {provider} | POST requests | {posts:N0}/s | GET by 10 ids | {byIds:N0}/s | GET 90-day list ({listed} rows) | {window:N1}/s |");
            return 0;
        }
        finally
        {
            await drop();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Calls of one kind from <paramref name="callers"/> loops at once for <paramref name="seconds"/>; the rate of answers checked good.</summary>
    private static async Task<double> RunAsync(string name, int seconds, int callers, Func<Task<string?>> call)
    {
        // A short warm-up (JIT, pools, the first query plans) that is not counted.
        for (var i = 0; i < 3; i++)
        {
            await call();
        }
        var good = 0;
        var bad = 0;
        string? firstError = null;
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                if (await call() is { } error)
                {
                    Interlocked.Increment(ref bad);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
                else
                {
                    Interlocked.Increment(ref good);
                }
            }
        })));
        var rate = good / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: {good} good, {bad} refused in {watch.Elapsed.TotalSeconds:N1} s with {callers} callers → {rate:N1}/s{(firstError is null ? "" : $" (first refusal: {firstError})")}");
        return rate;
    }

    private static async Task<(IssuedSecret Client, TestPlaces.GridPlace Place)> ClientAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var center = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.CommandCenter && u.Parent!.Code == "530103001").Select(u => u.Id).SingleAsync();
        await using var scope = services.CreateAsyncScope();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "measure"));
        var result = await scope.ServiceProvider.GetRequiredService<PartnerClients>().CreateAsync(new PartnerClientForm("12345 热线（测量）", center, [TokenScopes.Open311]), admin);
        return (result.Secret ?? throw new InvalidOperationException(string.Join(", ", result.Errors.Values)), await TestPlaces.GridAsync(db, "530103001001"));
    }

    private static async Task<string> TokenAsync(HttpClient http, IssuedSecret client)
    {
        using var response = await http.PostAsync(TokenServer.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.ClientId, ["client_secret"] = client.Secret, ["scope"] = TokenScopes.Open311,
        }));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"No token: {(int)response.StatusCode} {body}");
    }

    private static (string Connection, Func<Task> Drop) Database(DatabaseProvider provider, string folder)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return ($"Data Source={Path.Combine(folder, "panlong.db")}", () => Task.CompletedTask);
        }
        var server = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");
        var name = $"panlong_open311_{Guid.NewGuid():N}";
        return (new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await using var dropDatabase = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await dropDatabase.ExecuteNonQueryAsync();
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The portal (any of its types names its assembly) as `dotnet run` starts it in Development (demo org tree and categories, no demo year), limits opened for the load.</summary>
    private sealed class MeasuredPortal(DatabaseProvider provider, string connection, string folder) : WebApplicationFactory<PartnerClients>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting($"ConnectionStrings:{provider}", connection);
            builder.UseSetting("Seed:DemoData", "true");
            builder.UseSetting("Seed:DemoCases", "0");
            builder.UseSetting("Appraisal:Schedule", "false");
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(folder, "keys"));
            builder.UseSetting("Cases:PhotoPath", Path.Combine(folder, "uploads"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The per-client limit (120 a minute) would measure the limiter: opened so the server's own speed shows.
            builder.UseSetting("RateLimits:Open311PerClient:PermitLimit", "100000000");
            builder.UseSetting("RateLimits:Open311PerClient:Window", "00:01:00");
        }
    }
}
