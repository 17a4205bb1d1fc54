using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Open311;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.ApiReference;

/// <summary>
/// The OpenAPI document against the portal's own endpoints (ADR 94): every API the portal maps is in it with a typed 2xx
/// answer, the security schemes and scopes are the token server's, problems carry their code and a title in the caller's
/// language, and the examples are bodies the portal accepts. One fetch of the document is shared by the class.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ApiDocumentTests(PortalFactory portal)
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static JsonElement? _document;

    private async Task<JsonElement> DocumentAsync()
    {
        await Once.WaitAsync();
        try
        {
            return _document ??= await portal.Anonymous().GetFromJsonAsync<JsonElement>(ApiDocument.DocumentPath);
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>
    /// An API endpoint: a route handler (it has a method) the description does not leave out on purpose. Pages, Blazor's
    /// hub, health checks and static files are no route handlers; the account's form posts say ExcludeFromDescription.
    /// </summary>
    private IEnumerable<(string Method, string Path, RouteEndpoint Endpoint)> ApiEndpoints() =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
                && e.RoutePattern.RawText != "/openapi/{documentName}.json")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Where(m => m != HttpMethods.Head)
                .Select(m => (m.ToLowerInvariant(), DocumentPath(e.RoutePattern.RawText!), e)));

    /// <summary>The document writes a route without its constraints and with a leading slash: /api/org/units/{id:int} → /api/org/units/{id}.</summary>
    private static string DocumentPath(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:=?]+)[^}]*\}", "{$1}");
        return "/" + path.Trim('/');
    }

    [Fact]
    public async Task Document_EveryApiEndpoint_IsListedWithATyped2xxAndASummary()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var problems = new List<string>();

        foreach (var (method, path, endpoint) in ApiEndpoints())
        {
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method, out var operation))
            {
                problems.Add($"{method.ToUpperInvariant()} {path}: not in the document");
                continue;
            }
            var typed = operation.GetProperty("responses").EnumerateObject()
                .Any(r => r.Name.StartsWith('2') && (r.Name == "204" || r.Value.TryGetProperty("content", out var content)
                    && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _))));
            if (!typed)
            {
                problems.Add($"{method.ToUpperInvariant()} {path}: no 2xx answer with a schema");
            }
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                problems.Add($"{method.ToUpperInvariant()} {path}: no summary");
            }
            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            {
                problems.Add($"{method.ToUpperInvariant()} {path}: no tag");
            }
        }

        Assert.True(problems.Count == 0, "API endpoints the document does not describe fully:\n" + string.Join('\n', problems));
        Assert.True(ApiEndpoints().Count() > 40, "the walk found the portal's APIs");
    }

    [Fact]
    public async Task Document_NamesTheCookieAntiforgeryAndOAuthSchemes_WithTheTokenServersScopes()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal("cookie", schemes.GetProperty(ApiDocument.CookieScheme).GetProperty("in").GetString());
        Assert.Equal("X-CSRF-TOKEN", schemes.GetProperty(ApiDocument.AntiforgeryScheme).GetProperty("name").GetString());
        var flows = schemes.GetProperty(ApiDocument.OAuthScheme).GetProperty("flows");
        Assert.Equal(TokenServer.TokenPath, flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal(ApiDocument.AuthorizePath, flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        Assert.Superset(TokenScopes.All.ToHashSet(), flows.GetProperty("clientCredentials").GetProperty("scopes").EnumerateObject().Select(s => s.Name).ToHashSet());

        // Each operation asks for the scope its TokenScopeAttribute names, beside the cookie; a write also for the antiforgery header.
        var report = document.GetProperty("paths").GetProperty("/api/cases").GetProperty("post");
        var requirements = report.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().ToDictionary(s => s.Name, s => s.Value)).ToList();
        Assert.Contains(requirements, r => r.ContainsKey(ApiDocument.CookieScheme) && r.ContainsKey(ApiDocument.AntiforgeryScheme));
        Assert.Contains(requirements, r => r.TryGetValue(ApiDocument.OAuthScheme, out var scopes) && scopes[0].GetString() == TokenScopes.CasesWrite);
        var export = document.GetProperty("paths").GetProperty("/api/cases/export").GetProperty("get");
        Assert.DoesNotContain(export.GetProperty("security").EnumerateArray(), r => r.TryGetProperty(ApiDocument.OAuthScheme, out _));
        Assert.Contains("Leader", export.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        // Open311's services are public, its requests take the spec's api_key or a token with the open311 scope.
        var services = document.GetProperty("paths").GetProperty("/open311/v2/services").GetProperty("get");
        Assert.Empty(services.GetProperty("security")[0].EnumerateObject());
        var requests = document.GetProperty("paths").GetProperty("/open311/v2/requests").GetProperty("get").GetProperty("security").EnumerateArray().ToList();
        Assert.Contains(requests, r => r.TryGetProperty(ApiDocument.PartnerKeyScheme, out _));
        Assert.Contains(requests, r => r.TryGetProperty(ApiDocument.OAuthScheme, out var scopes) && scopes[0].GetString() == TokenScopes.Open311);
    }

    [Fact]
    public async Task Document_MainAnswersHaveSchemas_AndProblemsTheirCode()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var detail = document.GetProperty("paths").GetProperty("/api/cases/{number}").GetProperty("get").GetProperty("responses");

        Assert.Equal("#/components/schemas/CaseDetailResponse", detail.GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(schemas.GetProperty("CaseDetailResponse").GetProperty("properties").TryGetProperty("steps", out _));
        Assert.True(detail.TryGetProperty("404", out _));
        Assert.True(schemas.GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty("code", out _));
        Assert.True(schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").TryGetProperty("code", out _));
        var pdf = document.GetProperty("paths").GetProperty("/api/incidents/{number}/report.pdf").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(pdf.GetProperty("content").TryGetProperty("application/pdf", out _));
        var open311 = document.GetProperty("paths").GetProperty("/open311/v2/requests").GetProperty("post").GetProperty("responses").GetProperty("201").GetProperty("content");
        Assert.True(open311.TryGetProperty("application/json", out _) && open311.TryGetProperty("text/xml", out _));
    }

    /// <summary>The documented Open311 fields are the ones a live answer has: Open311Shapes describe what Open311Answer writes.</summary>
    [Fact]
    public async Task Document_Open311Shapes_AreTheLiveAnswersFields()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var live = await portal.Anonymous().GetFromJsonAsync<JsonElement>("/open311/v2/services.json");

        var documented = schemas.GetProperty(nameof(Open311Service)).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(documented, live[0].EnumerateObject().Select(p => p.Name).Order());
    }

    /// <summary>The Open311 example, with a real key and place, is a request the portal takes; its fields are the documented ones.</summary>
    [Fact]
    public async Task Document_Open311Example_IsAccepted()
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").GetProperty("/open311/v2/requests").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/x-www-form-urlencoded");
        var documented = body.GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(body.GetProperty("example").EnumerateObject().Select(p => p.Name).ToHashSet(), documented);

        IssuedSecret client;
        TestPlaces.GridPlace place;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var center = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.CommandCenter && u.Parent!.Code == "530103001").Select(u => u.Id).SingleAsync();
            await using var scope = portal.Services.CreateAsyncScope();
            var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));
            client = (await scope.ServiceProvider.GetRequiredService<PartnerClients>().CreateAsync(new PartnerClientForm("文档示例", center, [TokenScopes.Open311]), admin)).Secret!;
            place = await TestPlaces.GridAsync(db, "530103001001");
        }
        var example = ApiExamples.Open311Example($"{client.ClientId}:{client.Secret}", "14-01", place.Lat, place.Lng);
        example["client_key"] = Guid.NewGuid().ToString("N");
        var form = example.ToDictionary(f => f.Key, f => f.Value!.ToString());

        var response = await portal.Anonymous().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Problem_CarriesItsCode_AndATitleInTheCallersLanguage()
    {
        var client = await portal.SignedInAsync("inspector");

        var chinese = await client.GetAsync("/api/cases/NO-SUCH-CASE");
        var invalid = await client.GetAsync("/api/cases/nearby?categoryId=1&lat=NaN&lng=102.7");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture/set?culture=en&redirectUri=%2F")).StatusCode);
        var english = await client.GetAsync("/api/cases/NO-SUCH-CASE");

        var zh = await chinese.Content.ReadFromJsonAsync<JsonElement>();
        var en = await english.Content.ReadFromJsonAsync<JsonElement>();
        var bad = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NotFound, chinese.StatusCode);
        Assert.Equal("application/problem+json", chinese.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not-found", zh.GetProperty("code").GetString());
        Assert.Equal("未找到该案件，或您无权查看。", zh.GetProperty("title").GetString());
        Assert.Equal("not-found", en.GetProperty("code").GetString());
        Assert.Equal("No such case, or you may not see it.", en.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid", bad.GetProperty("code").GetString());
        Assert.True(bad.GetProperty("errors").TryGetProperty("position", out _));
    }
}
