using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Two portal hosts on one PostgreSQL database, each with a key folder of its own but one upload folder, as two nodes
/// behind the load balancer run (docs/decisions/0046-two-nodes.md).
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Postgres();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"panlong-nodes-{Guid.NewGuid():N}");
    private readonly string _privacyKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PortalFactory _first = new();
    private readonly PortalFactory _second = new();

    public WebApplicationFactory<Program> A { get; private set; } = null!;
    public WebApplicationFactory<Program> B { get; private set; } = null!;

    public string Uploads => Path.Combine(_folder, "uploads");

    public Task InitializeAsync()
    {
        // One after the other: the first migrates and seeds, the second finds it done (docs/decisions/0018-start-up-lock.md).
        A = Node(_first, "a");
        _ = A.Server;
        B = Node(_second, "b");
        _ = B.Server;
        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> Node(PortalFactory factory, string name) => factory.WithWebHostBuilder(b => b
        .UseSetting("Database:Provider", "Postgres")
        .UseSetting("ConnectionStrings:Postgres", _database.Settings.ConnectionString)
        .UseSetting("Privacy:Key", _privacyKey)
        .UseSetting("DataProtection:KeysPath", Path.Combine(_folder, "keys-" + name))
        .UseSetting("Cases:PhotoPath", Uploads)
        .UseSetting("Services:MaterialPath", Path.Combine(_folder, "materials")));

    /// <summary>A client of <paramref name="node"/> holding the cookies of <paramref name="jar"/>, so two clients act as one browser.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> node, CookieContainer jar, IPAddress address)
    {
        var client = node.CreateDefaultClient(new CookieContainerHandler(jar));
        client.DefaultRequestHeaders.Add(ClientAddress.Header, address.ToString());
        return client;
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>What one node issues or stores, the other accepts or serves (issue 17 goal 6).</summary>
public class TwoNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static MultipartFormDataContent Report(int category, double lat, double lng, string clientKey)
    {
        var photo = new ByteArrayContent(TestImages.Png());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent
        {
            { new StringContent(category.ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("井盖缺失，路口有行人经过"), "description" },
            { new StringContent(lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(lng.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lng" },
            { new StringContent(clientKey), "clientKey" },
            { photo, "photos", "scene.png" },
        };
    }

    private async Task<(double Lat, double Lng, int Category)> PlaceAsync()
    {
        await using var db = await nodes.A.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        return (grid.Lat, grid.Lng, await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync());
    }

    /// <summary>Signs in on node A through the real form and returns clients of A and B sharing the cookie and the API token.</summary>
    private static async Task<(HttpClient OnA, HttpClient OnB)> SignedInOnAAsync(TwoNodes nodes, string userName)
    {
        var jar = new CookieContainer();
        var address = ClientAddress.Next();
        var onA = TwoNodes.Client(nodes.A, jar, address);
        var onB = TwoNodes.Client(nodes.B, jar, address);
        var signedIn = await PortalFactory.PostLoginAsync(onA, userName, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var token = (await onA.GetFromJsonAsync<AntiforgeryTokenResponse>("/api/antiforgery"))!;
        onA.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        onB.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        return (onA, onB);
    }

    [Fact]
    public async Task CookieAndApiToken_IssuedByNodeA_AreAcceptedByNodeB()
    {
        var (lat, lng, category) = await PlaceAsync();
        var (_, onB) = await SignedInOnAAsync(nodes, "inspector");

        // Node B never saw this sign-in: it reads the cookie and the antiforgery token with the keys node A made.
        var list = await onB.GetAsync("/api/cases?kind=Reported");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var report = await onB.PostAsync("/api/cases", Report(category, lat, lng, Guid.NewGuid().ToString("N")));
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        await using var db = await nodes.B.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }

    [Fact]
    public async Task PhotoUploadedOnNodeA_IsServedByNodeB()
    {
        var (lat, lng, category) = await PlaceAsync();
        var (onA, onB) = await SignedInOnAAsync(nodes, "inspector");

        var report = await onA.PostAsync("/api/cases", Report(category, lat, lng, Guid.NewGuid().ToString("N")));
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var number = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        await using var db = await nodes.B.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var photo = await db.CasePhotos.Where(p => db.Cases.Any(c => c.Id == p.CaseId && c.Number == number)).Select(p => p.Id).SingleAsync();

        var served = await onB.GetAsync($"/api/cases/{number}/photos/{photo}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(TestImages.Png(), await served.Content.ReadAsByteArrayAsync());
        var thumbnail = await onB.GetAsync($"/api/cases/{number}/photos/{photo}?thumb=true");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
    }

    [Fact]
    public async Task SweepOnNodeB_LeavesAPhotoNodeAJustStaged_AndNodeAPlacesIt()
    {
        var (lat, lng, category) = await PlaceAsync();
        using var content = new MemoryStream(TestImages.Png());
        var staged = (await nodes.A.Services.GetRequiredService<CasePhotoStore>().SaveAsync(content, "scene.png", PhotoStage.Before)).Photo!;

        await nodes.B.Services.GetRequiredService<OrphanSweep>().SweepAsync();

        Assert.True(File.Exists(Path.Combine(nodes.Uploads, UploadFolder.StagingFolder, staged.StoredPath)));
        var reporter = Panlong.Workflows.Engine.Runtime.WorkflowActor.From(await PrincipalAsync(nodes.A, "inspector"));
        var report = await nodes.A.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "占道经营，堵住盲道", lat, lng, null, Guid.NewGuid().ToString("N"), Photos: [staged]), reporter);
        Assert.True(report.Ok);
        Assert.True(File.Exists(Path.Combine(nodes.Uploads, staged.StoredPath)));
    }

    private static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(WebApplicationFactory<Program> node, string userName)
    {
        using var scope = node.Services.CreateScope();
        return await PortalFactory.PrincipalAsync(scope, userName);
    }
}
