using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Tests.Features.Identity;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>
/// The phone app's authorization code + PKCE flow as the app walks it (ADR 91): an HTTP client that follows the portal's
/// redirects — sign-in page, back to the authorization endpoint, on to the app's address — then exchanges the code and
/// calls the case API with the token, against the real portal and its SQLite database.
/// </summary>
[Collection(nameof(PortalCollection))]
public class PhoneSignInTests(PortalFactory portal) : IAsyncLifetime
{
    /// <summary>
    /// The shared database is also opened by Production portals of other tests (PortalFactory.Production), whose start
    /// registers the app with the public address only — as a moved address should replace the old one. This test's
    /// portal answers at http://localhost, so it brings its own address back as a Development start does.
    /// </summary>
    public Task InitializeAsync() => PhoneApp.RegisterAsync(portal.Services,
        PhoneApp.RedirectUris(portal.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(),
            portal.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>()), keepStored: true);

    public Task DisposeAsync() => Task.CompletedTask;

    private const string RedirectUri = "http://localhost" + PhoneApp.RedirectPath;
    private const string AppScopes = "cases.read cases.write offline_access";

    private sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce New()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }

    private static string AuthorizeUrl(Pkce? pkce, string state = "state-1", string redirectUri = RedirectUri, string clientId = PhoneApp.ClientId,
        string scopes = AppScopes)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["scope"] = scopes, ["state"] = state,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }
        return QueryHelpers.AddQueryString(PhoneApp.AuthorizationPath, query);
    }

    private static Dictionary<string, string> QueryOf(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>The code the portal sends a signed-in client back to the app with.</summary>
    private static async Task<string> CodeAsync(HttpClient signedIn, Pkce pkce, string state = "state-1", string scopes = AppScopes)
    {
        var answer = await signedIn.GetAsync(AuthorizeUrl(pkce, state, scopes: scopes));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.OriginalString, StringComparison.Ordinal);
        var query = QueryOf(location);
        Assert.Equal(state, query["state"]);
        return query["code"];
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, Dictionary<string, string> fields)
    {
        var response = await portal.Anonymous().PostAsync(path, new FormUrlEncodedContent(fields));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(string code, string verifier) => PostAsync(TokenServer.TokenPath, new()
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["client_id"] = PhoneApp.ClientId, ["code_verifier"] = verifier,
    });

    private Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string refreshToken) => PostAsync(TokenServer.TokenPath, new()
    {
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = PhoneApp.ClientId,
    });

    private async Task<JsonElement> TokensAsync(string userName, string scopes = AppScopes)
    {
        var pkce = Pkce.New();
        var code = await CodeAsync(await portal.SignedInAsync(userName), pkce, scopes: scopes);
        var (status, body) = await ExchangeAsync(code, pkce.Verifier);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private HttpClient Bearer(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string AccessOf(JsonElement tokens) => tokens.GetProperty("access_token").GetString()!;

    private async Task<string> ReportAsync(HttpClient reporter, string regionCode, string clientKey)
    {
        var response = await PostReportAsync(reporter, regionCode, clientKey);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
    }

    /// <summary>The offline queue's POST (report-queue.js): a multipart report with the form's client key.</summary>
    private async Task<HttpResponseMessage> PostReportAsync(HttpClient reporter, string regionCode, string clientKey)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, regionCode);
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        return await reporter.PostAsync("/api/cases", new MultipartFormDataContent
        {
            { new StringContent(category.ToString(CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("手机应用测试：路口占道摆摊"), "description" },
            { new StringContent(grid.Lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(grid.Lng.ToString(CultureInfo.InvariantCulture)), "lng" },
            { new StringContent(clientKey), "clientKey" },
        });
    }

    [Fact]
    public async Task AppToken_WithCasesWrite_ReportsOnceByClientKey_WithCasesReadOnly_IsRefused()
    {
        // The queue's way (ADR 97): the offline form with the token names whose reports it may send, then the report itself.
        var app = Bearer(AccessOf(await TokensAsync("gridworker")));
        var form = JsonDocument.Parse(await app.GetStringAsync("/api/pwa/form")).RootElement;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(await db.Users.Where(u => u.UserName == "gridworker").Select(u => u.Id).SingleAsync(), form.GetProperty("user").GetString());
        }
        var key = "queue-" + Guid.NewGuid().ToString("N");
        var first = await PostReportAsync(app, "530103001001", key);
        var again = await PostReportAsync(app, "530103001001", key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        var repeated = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        // A send whose answer was lost and is sent again is the same case, not a second one.
        Assert.Equal(number, repeated.GetProperty("number").GetString());
        Assert.True(repeated.GetProperty("duplicate").GetBoolean());

        // A token that may only read: neither the form nor a report, 403 insufficient_scope, and no case made.
        var reader = Bearer(AccessOf(await TokensAsync("gridworker", "cases.read offline_access")));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/cases/?kind=Area")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/pwa/form")).StatusCode);
        var refusedKey = "queue-" + Guid.NewGuid().ToString("N");
        var refused = await PostReportAsync(reader, "530103001001", refusedKey);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("insufficient_scope", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await check.Cases.CountAsync(c => c.ClientKey == key));
        Assert.False(await check.Cases.AnyAsync(c => c.ClientKey == refusedKey));
    }

    [Fact]
    public async Task EndSession_EndsThePortalSessionAndAuditsTheAppSignOut()
    {
        var browser = await portal.SignedInAsync("gridworker");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/pwa/form")).StatusCode);
        // A link cannot sign anyone out: only the app's POST.
        Assert.NotEqual(HttpStatusCode.Redirect, (await browser.GetAsync(PhoneApp.EndSessionPath + "?client_id=" + PhoneApp.ClientId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/pwa/form")).StatusCode);

        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var answer = await browser.PostAsync(PhoneApp.EndSessionPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = PhoneApp.ClientId }));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(PhoneApp.AppPath, answer.Headers.Location!.IsAbsoluteUri ? answer.Headers.Location.AbsolutePath : answer.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/pwa/form")).StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var gridworker = await db.Users.Where(u => u.UserName == "gridworker").Select(u => u.Id).SingleAsync();
        var entries = await db.AuditEntries.Where(e => e.Action == Panlong.Data.Audit.AuditActions.SignOut && e.UserId == gridworker && e.Detail == "app").ToListAsync();
        Assert.Contains(entries, e => e.At >= since);
    }

    [Fact]
    public async Task CodeWithPkce_AfterTheSignInPage_GivesATokenThatSeesWhatTheCookieSees()
    {
        var browser = portal.Anonymous();
        var pkce = Pkce.New();

        // Not signed in: the sign-in page first, then back to the authorization endpoint, then to the app with a code.
        var toLogin = await browser.GetAsync(AuthorizeUrl(pkce, "s-walk"));
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith("/account/login", toLogin.Headers.Location!.IsAbsoluteUri ? toLogin.Headers.Location.PathAndQuery : toLogin.Headers.Location.OriginalString, StringComparison.Ordinal);
        var returnUrl = QueryOf(new Uri(new Uri("http://localhost"), toLogin.Headers.Location))["ReturnUrl"];
        var signedIn = await PortalFactory.PostLoginAsync(browser, "gridworker", Panlong.Workflows.Demo.DemoAccounts.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = await browser.GetAsync(signedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var answer = QueryOf(back.Headers.Location!);
        Assert.Equal("s-walk", answer["state"]);
        var (status, tokens) = await ExchangeAsync(answer["code"], pkce.Verifier);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(tokens.GetProperty("expires_in").GetInt32(), 1, 600);
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        var app = Bearer(AccessOf(tokens));
        var cookie = await portal.SignedInAsync("gridworker");
        // A case of the grid worker's own community, reported with the token, and one of another street (鼓楼).
        var own = await ReportAsync(app, "530103001001", "phone-app-own-1");
        var elsewhere = await ReportAsync(await portal.SignedInAsync("inspector"), "530103002001", "phone-app-elsewhere-1");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/api/cases/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/cases/{elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cookie.GetAsync($"/api/cases/{elsewhere}")).StatusCode);
        var byToken = await app.GetStringAsync("/api/cases/?kind=Area&pageSize=100");
        Assert.Equal(await cookie.GetStringAsync("/api/cases/?kind=Area&pageSize=100"), byToken);
        Assert.Contains(own, byToken, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere, byToken, StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var gridworker = await db.Users.Where(u => u.UserName == "gridworker").Select(u => u.Id).SingleAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == TokenAuditActions.AppSignIn && e.UserId == gridworker && e.Target == PhoneApp.ClientId));
        Assert.Equal(own, JsonDocument.Parse(await (await app.GetAsync($"/api/cases/{own}")).Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Code_WithWrongVerifierOrUsedTwice_IsRefusedAndTheReuseRevokesItsTokens()
    {
        var signedIn = await portal.SignedInAsync("gridworker");
        var pkce = Pkce.New();
        var code = await CodeAsync(signedIn, pkce);

        var (wrongStatus, wrong) = await ExchangeAsync(code, Pkce.New().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());

        var second = Pkce.New();
        var fresh = await CodeAsync(signedIn, second);
        var (firstStatus, tokens) = await ExchangeAsync(fresh, second.Verifier);
        var (againStatus, again) = await ExchangeAsync(fresh, second.Verifier);
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.BadRequest, againStatus);
        Assert.Equal("invalid_grant", again.GetProperty("error").GetString());
        // A stolen code redeemed twice: what the first redemption gave stops too (RFC 6749 §4.1.2).
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(AccessOf(tokens)).GetAsync("/api/cases/")).StatusCode);
    }

    [Fact]
    public async Task Authorize_WithoutChallengeOrUnregisteredAddressOrAnotherClient_GivesNoCode()
    {
        var signedIn = await portal.SignedInAsync("gridworker");

        // The app's descriptor requires PKCE: a request without a challenge is refused before any code exists.
        var noChallenge = await signedIn.GetAsync(AuthorizeUrl(null));
        Assert.Equal(HttpStatusCode.BadRequest, noChallenge.StatusCode);
        Assert.Contains("invalid_request", await noChallenge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(noChallenge.Headers.Location);
        // Never sent to an address not registered for the app: refused on the spot.
        var elsewhere = await signedIn.GetAsync(AuthorizeUrl(Pkce.New(), redirectUri: "https://evil.example/app/signed-in"));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
        // ... with a page in the person's language saying the address is not registered and whom to ask (ADR 97).
        Assert.Equal("text/html", elsewhere.Content.Headers.ContentType?.MediaType);
        var page = await elsewhere.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"app-refused-address\"", page, StringComparison.Ordinal);
        Assert.Contains("未在本平台登记", page, StringComparison.Ordinal);
        Assert.Contains("安全管理员", page, StringComparison.Ordinal);
        Assert.Contains("https://evil.example/app/signed-in", page, StringComparison.Ordinal);
        using var english = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(Pkce.New(), redirectUri: "https://evil.example/app/signed-in"));
        english.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString("c=en|uic=en"));
        var inEnglish = await portal.Anonymous().SendAsync(english);
        Assert.Equal(HttpStatusCode.BadRequest, inEnglish.StatusCode);
        Assert.Null(inEnglish.Headers.Location);
        var englishPage = await inEnglish.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\"", englishPage, StringComparison.Ordinal);
        Assert.Contains("address is not registered", englishPage, StringComparison.Ordinal);
        Assert.Contains("security administrator", englishPage, StringComparison.Ordinal);
        // A partner system's client (confidential, client credentials only) gets no code for a person.
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var center = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.CommandCenter).Select(u => u.Id).FirstAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var partner = await scope.ServiceProvider.GetRequiredService<PartnerClients>().CreateAsync(new PartnerClientForm("第三方应用", center, [TokenScopes.CasesRead]),
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test")));
        var third = await signedIn.GetAsync(AuthorizeUrl(Pkce.New(), clientId: partner.Secret!.ClientId));
        Assert.NotEqual(HttpStatusCode.OK, third.StatusCode);
        Assert.DoesNotContain("code=", third.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppRefreshToken_RenewsUntilRevokedOrTheAccountIsDisabled()
    {
        var tokens = await TokensAsync("gridworker");

        var (renewedStatus, renewed) = await RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, renewedStatus);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(AccessOf(renewed)).GetAsync("/api/cases/")).StatusCode);
        var refresh = renewed.GetProperty("refresh_token").GetString()!;
        var (revokeStatus, _) = await PostAsync(TokenServer.RevocationPath, new() { ["token"] = refresh, ["client_id"] = PhoneApp.ClientId });
        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        var (revokedStatus, revoked) = await RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.BadRequest, revokedStatus);
        Assert.Equal("invalid_grant", revoked.GetProperty("error").GetString());

        const string userName = "phone.disabled";
        await portal.CreateUserAsync(userName, Roles.Resident);
        var held = await TokensAsync(userName);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        }
        var (disabledStatus, disabled) = await RefreshAsync(held.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, disabledStatus);
        Assert.Equal("invalid_grant", disabled.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AppAccessToken_WhenTheAccountIsDisabled_IsRefusedAtOnceAndEnablingDoesNotBringItBack()
    {
        var person = await TestAccounts.CreateStaffAsync(portal, "phone.cut");
        var tokens = await TokensAsync(person.UserName!);
        var app = Bearer(AccessOf(tokens));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/cases/")).StatusCode);
        using var scope = portal.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var secadmin = await TestAccounts.ActorAsync(portal, "secadmin");

        Assert.True((await accounts.DisableAsync(secadmin, person.Id)).Ok);
        await AssertTokenRefusedAsync(await app.GetAsync("/api/cases/"));
        Assert.True((await accounts.EnableAsync(secadmin, person.Id)).Ok);

        // Enabled again, the person signs in again: neither the old access token nor the refresh token comes back.
        await AssertTokenRefusedAsync(await app.GetAsync("/api/cases/"));
        var (refreshStatus, refresh) = await RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.Equal("invalid_grant", refresh.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Bearer(AccessOf(await TokensAsync(person.UserName!))).GetAsync("/api/cases/")).StatusCode);
    }

    [Fact]
    public async Task AppAccessToken_OfAnAccountDisabledOrLockedElsewhere_IsRefusedAndRevoked()
    {
        var person = await TestAccounts.CreateStaffAsync(portal, "phone.locked");
        var tokens = await TokensAsync(person.UserName!);
        var app = Bearer(AccessOf(tokens));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/cases/")).StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

        // Locked out by failed sign-ins: no administrator's action revoked anything, the check on the call does.
        await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(15)));
        using var english = new HttpRequestMessage(HttpMethod.Get, "/api/cases/");
        english.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString("c=en|uic=en"));
        var refused = await app.SendAsync(english);
        await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("its account is disabled or locked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertTokenRefusedAsync(await app.GetAsync("/api/cases/"));
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).Status);
    }

    /// <summary>401 with the API's problem body (ADR 103) and the bearer challenge a client library reads.</summary>
    private static async Task AssertTokenRefusedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(Panlong.Portal.Features.Shell.ApiProblems.Codes.InvalidToken, problem.GetProperty("code").GetString());
        Assert.Contains("访问令牌无效", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
