using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>
/// The token server as a partner system meets it (ADR 82): client credentials over HTTP against the real portal, its
/// OpenIddict tables in the test's SQLite database, the case API read and written with the token.
/// </summary>
[Collection(nameof(PortalCollection))]
public class TokenServerTests(PortalFactory portal)
{
    private static readonly ClaimsPrincipal SecurityAdmin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));

    private async Task<T> WithClientsAsync<T>(Func<PartnerClients, Task<T>> act)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<PartnerClients>());
    }

    private async Task<IssuedSecret> NewClientAsync(params string[] scopes)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        // 拓东街道指挥分中心: the client sees the street's cases, as its acceptors do.
        var center = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.CommandCenter && u.Parent!.Code == "530103001").Select(u => u.Id).SingleAsync();
        var result = await WithClientsAsync(c => c.CreateAsync(new PartnerClientForm("测试合作系统", center, scopes), SecurityAdmin));
        Assert.True(result.Ok, string.Join(", ", result.Errors.Values));
        return result.Secret!;
    }

    private static FormUrlEncodedContent Credentials(IssuedSecret client, string? scope, string grant = "client_credentials", string? secret = null)
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = grant, ["client_id"] = client.ClientId, ["client_secret"] = secret ?? client.Secret };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }
        return new FormUrlEncodedContent(fields);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostTokenAsync(HttpContent content, string path = TokenServer.TokenPath)
    {
        var response = await portal.Anonymous().PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private async Task<string> TokenAsync(IssuedSecret client, string scope)
    {
        var (status, body) = await PostTokenAsync(Credentials(client, scope));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }

    private HttpClient Bearer(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task ClientCredentials_WithReadScope_ReadsTheStreetsCasesForTenMinutes()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);
        var (status, body) = await PostTokenAsync(Credentials(client, TokenScopes.CasesRead));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1, 600);
        var list = await Bearer(body.GetProperty("access_token").GetString()!).GetAsync("/api/cases/?kind=Area");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task ClientCredentials_WrongSecretOrUnknownScopeOrScopeNotGranted_AreRefused()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);

        var (wrongStatus, wrong) = await PostTokenAsync(Credentials(client, TokenScopes.CasesRead, secret: "not-the-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Equal("invalid_client", wrong.GetProperty("error").GetString());
        var (unknownStatus, unknown) = await PostTokenAsync(Credentials(client, "cases.delete"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal("invalid_scope", unknown.GetProperty("error").GetString());
        var (notGrantedStatus, _) = await PostTokenAsync(Credentials(client, TokenScopes.CasesWrite));
        Assert.Equal(HttpStatusCode.BadRequest, notGrantedStatus);
    }

    [Fact]
    public async Task Bearer_WithoutTheEndpointsScope_IsForbidden()
    {
        var client = await NewClientAsync(TokenScopes.ServicesRead, TokenScopes.CasesRead);
        var servicesOnly = Bearer(await TokenAsync(client, TokenScopes.ServicesRead));
        var reader = Bearer(await TokenAsync(client, TokenScopes.CasesRead));

        var list = await servicesOnly.GetAsync("/api/cases/?kind=Area");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Contains("insufficient_scope", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        // The export and every API not opened to partners refuse any token, whatever its scopes.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/cases/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/map/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer("not-a-token").GetAsync("/api/cases/")).StatusCode);
    }

    [Fact]
    public async Task Bearer_WithWriteScope_ReportsACaseOnceWithoutAntiforgery()
    {
        var client = await NewClientAsync(TokenScopes.CasesWrite, TokenScopes.CasesRead);
        var writer = Bearer(await TokenAsync(client, $"{TokenScopes.CasesWrite} {TokenScopes.CasesRead}"));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        MultipartFormDataContent Form() => new()
        {
            { new StringContent(category.ToString(CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("合作系统转来：路口占道摆摊"), "description" },
            { new StringContent(grid.Lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(grid.Lng.ToString(CultureInfo.InvariantCulture)), "lng" },
            { new StringContent("partner-key-1"), "clientKey" },
        };

        var first = await writer.PostAsync("/api/cases", Form());
        var again = await writer.PostAsync("/api/cases", Form());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
        Assert.Equal(number, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString());
        var reported = await db.Cases.AsNoTracking().SingleAsync(c => c.Number == number);
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == reported.ReporterUserId);
        Assert.Equal(PartnerClients.UserNamePrefix + client.ClientId, account.UserName);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync($"/api/cases/{number}")).StatusCode);
    }

    [Fact]
    public async Task RevokedToken_IsRefusedAndIntrospectsInactive()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);
        var token = await TokenAsync(client, TokenScopes.CasesRead);
        var (activeStatus, active) = await PostTokenAsync(new FormUrlEncodedContent(new Dictionary<string, string>
            { ["token"] = token, ["client_id"] = client.ClientId, ["client_secret"] = client.Secret }), TokenServer.IntrospectionPath);
        Assert.Equal(HttpStatusCode.OK, activeStatus);
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.True(active.TryGetProperty("client_id", out var presenter) && presenter.GetString() == client.ClientId, active.ToString());

        var (revokeStatus, _) = await PostTokenAsync(new FormUrlEncodedContent(new Dictionary<string, string>
            { ["token"] = token, ["client_id"] = client.ClientId, ["client_secret"] = client.Secret }), TokenServer.RevocationPath);

        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/cases/")).StatusCode);
        var (_, inactive) = await PostTokenAsync(new FormUrlEncodedContent(new Dictionary<string, string>
            { ["token"] = token, ["client_id"] = client.ClientId, ["client_secret"] = client.Secret }), TokenServer.IntrospectionPath);
        Assert.False(inactive.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task RotatedSecret_ReplacesTheOldOneAndIsStoredHashed()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);

        var rotated = await WithClientsAsync(c => c.RotateSecretAsync(client.ClientId, SecurityAdmin));

        Assert.NotNull(rotated);
        Assert.NotEqual(client.Secret, rotated.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostTokenAsync(Credentials(client, TokenScopes.CasesRead))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostTokenAsync(Credentials(rotated, TokenScopes.CasesRead))).Status);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var stored = await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.ClientId == client.ClientId).Select(a => a.ClientSecret).SingleAsync();
        Assert.DoesNotContain(rotated.Secret, stored!, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == TokenAuditActions.SecretRotated && e.Target == client.ClientId));
    }

    [Fact]
    public async Task DisabledClient_GetsNoTokenAndItsTokensStop()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);
        var token = await TokenAsync(client, TokenScopes.CasesRead);

        Assert.True(await WithClientsAsync(c => c.DisableAsync(client.ClientId, SecurityAdmin)));

        var refused = await Bearer(token).GetAsync("/api/cases/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("\"code\":\"invalid-token\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (status, body) = await PostTokenAsync(Credentials(client, TokenScopes.CasesRead));
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        var rows = await WithClientsAsync(c => c.ListAsync());
        Assert.True(rows.Single(r => r.ClientId == client.ClientId).Disabled);
    }

    [Fact]
    public async Task RefreshToken_WithOfflineAccess_GivesANewAccessToken()
    {
        var client = await NewClientAsync(TokenScopes.CasesRead);
        var (status, body) = await PostTokenAsync(Credentials(client, $"{TokenScopes.CasesRead} {TokenServer.RefreshScope}"));
        Assert.Equal(HttpStatusCode.OK, status);
        var refresh = body.GetProperty("refresh_token").GetString()!;

        var (again, renewed) = await PostTokenAsync(new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["client_id"] = client.ClientId, ["client_secret"] = client.Secret }));

        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(renewed.GetProperty("access_token").GetString()!).GetAsync("/api/cases/")).StatusCode);
    }

    [Fact]
    public async Task CreateClient_WithoutNameUnitOrScope_SaysWhatIsMissingAndCreatesNothing()
    {
        var before = (await WithClientsAsync(c => c.ListAsync())).Count;

        var result = await WithClientsAsync(c => c.CreateAsync(new PartnerClientForm(" ", null, ["cases.delete"]), SecurityAdmin));

        Assert.False(result.Ok);
        Assert.Equal(["name", "org", "scopes"], result.Errors.Keys.Order());
        Assert.Equal(before, (await WithClientsAsync(c => c.ListAsync())).Count);
    }
}
