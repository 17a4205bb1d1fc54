using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Tokens;
using Scalar.AspNetCore;

namespace Panlong.Portal.Features.ApiReference;

/// <summary>
/// The open interface's description (issue 20 part 4, docs/decisions/0094-openapi-and-scalar.md): one OpenAPI document
/// built from the endpoints themselves — their typed results, names, summaries and tags — plus what the endpoints cannot
/// say about themselves: how a caller signs in (the cookie with the antiforgery header, or an OAuth 2.0 token with a scope),
/// which roles an endpoint lets through, the <c>code</c> every problem carries, and examples of the main request bodies.
/// Scalar renders it for staff at <see cref="ReferencePath"/>; the raw document is public only in Development.
/// </summary>
public static partial class ApiDocument
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";
    public const string CookieScheme = "cookie";
    public const string AntiforgeryScheme = "antiforgery";
    public const string OAuthScheme = "oauth2";
    public const string PartnerKeyScheme = "api_key";
    /// <summary>The phone app's sign-in (authorization code + PKCE); described here, served by the token server.</summary>
    public const string AuthorizePath = "/connect/authorize";

    /// <summary>Scopes as a partner's administrator reads them when granting a client (docs/decisions/0082-token-server.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> ScopeDescriptions = new Dictionary<string, string>
    {
        [TokenScopes.CasesRead] = "读案件 / read cases",
        [TokenScopes.CasesWrite] = "上报并处置案件 / report and act on cases",
        [TokenScopes.Open311] = "Open311 GeoReport v2 诉求 / Open311 service requests",
        [TokenScopes.ServicesRead] = "读政务服务事项 / read government service items",
        [TokenServer.RefreshScope] = "刷新令牌 / refresh tokens",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            Secure(operation, context);
            ApiExamples.Add(operation);
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "稳定的机器代码，客户端据此判断 / the stable machine code a client switches on: "
                        + string.Join(", ", typeof(ApiProblems.Codes).GetFields().Select(f => f.GetRawConstantValue()).OfType<string>()),
                };
            }
            return Task.CompletedTask;
        });
    });

    /// <summary>
    /// The document and the reference page. The document names every endpoint and parameter, so outside Development only
    /// staff read it (residents and volunteers never call these APIs directly; partners get the document from the district).
    /// </summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        var document = app.MapOpenApi();
        if (!app.Environment.IsDevelopment())
        {
            document.RequireAuthorization(p => p.RequireRole(Roles.Staff));
        }
        // Scalar's page starts itself with an inline module script, which the Content-Security-Policy runs only with this
        // request's nonce (docs/decisions/0024-browser-and-proxy-hardening.md): the page is given it on its way out.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ReferencePath, out var rest) && rest.Value?.Trim('/').Length is null or 0,
            branch => branch.Use(NonceScriptsAsync));
        // Scalar's script and styles are inside the package and served from here: the district's network has no internet,
        // so no CDN, no web fonts and no telemetry.
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("数字盘龙 开放接口 / Panlong open interfaces")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                // Its cloud features (Ask AI, MCP, share, generate SDK, deploy) would send the district's API out: off.
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(CookieScheme))
            .RequireAuthorization(p => p.RequireRole(Roles.Staff));
        return app;
    }

    /// <summary>Adds this request's CSP nonce to every &lt;script&gt; of an HTML answer that has none.</summary>
    private static async Task NonceScriptsAsync(HttpContext http, RequestDelegate next)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        buffer.Position = 0;
        if (!ContentSecurityPolicy.Applies(http.Response))
        {
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }
        var html = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        var nonce = ContentSecurityPolicy.Nonce(http);
        var bytes = System.Text.Encoding.UTF8.GetBytes(UnnoncedScript().Replace(html, $"<script nonce=\"{nonce}\""));
        http.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, http.RequestAborted);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<script(?![^>]*\bnonce=)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex UnnoncedScript();

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "数字盘龙 开放接口 / Panlong open interfaces",
            Version = "v1",
            Description = """
                盘龙区基层治理平台的接口：案件、地图、组织、导出与 Open311 GeoReport v2。浏览器以登录 Cookie 调用（写操作另带 X-CSRF-TOKEN 头，
                令牌取自 `GET /api/antiforgery`）；合作系统以 OAuth 2.0 令牌调用（客户端凭据，或手机应用的授权码 + PKCE），每个接口只接受其标明的范围。
                出错时返回 RFC 9457 问题详情，`code` 为稳定代码，`title` 按调用者的语言（默认中文；Cookie `.AspNetCore.Culture=c=en|uic=en` 为英文）。

                The district platform's APIs: cases, map, organization, exports and Open311 GeoReport v2. Browsers call them with the
                sign-in cookie (writes also carry the X-CSRF-TOKEN header from `GET /api/antiforgery`); partner systems with an OAuth 2.0
                token (client credentials, or authorization code + PKCE for the phone app), each endpoint accepting only the scope it names.
                Errors are RFC 9457 problem details with a stable `code` and a `title` in the caller's language (Chinese by default).
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "panlong.auth",
                Description = "登录页签发的 Cookie / the cookie the sign-in page sets (/account/login)",
            },
            [AntiforgeryScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiAntiforgery.HeaderName,
                Description = "Cookie 登录时写操作必带，取自 GET /api/antiforgery / with the cookie, every write carries this token from GET /api/antiforgery",
            },
            [OAuthScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "合作系统与手机应用的访问令牌（Bearer） / access tokens of partner systems and the phone app (Bearer)",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenServer.TokenPath, UriKind.Relative), Scopes = Scopes() },
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(AuthorizePath, UriKind.Relative), TokenUrl = new Uri(TokenServer.TokenPath, UriKind.Relative),
                        RefreshUrl = new Uri(TokenServer.TokenPath, UriKind.Relative), Scopes = Scopes(),
                    },
                },
            },
            [PartnerKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "api_key",
                Description = "Open311 规范的 api_key（client_id:secret，POST 时在表单中） / the Open311 spec's api_key (client_id:secret; in the form on POST)",
            },
        };
    }

    private static Dictionary<string, string> Scopes() => ScopeDescriptions.ToDictionary(s => s.Key, s => s.Value);

    /// <summary>
    /// Who may call an operation, from the endpoint's own metadata: its authorization (and the roles it names), the token
    /// scope it accepts (<see cref="TokenScopeAttribute"/>, the last one wins as in <c>UseTokenScopes</c>), and for Open311's
    /// requests the partner key the handler checks.
    /// </summary>
    private static void Secure(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        var scope = metadata.OfType<TokenScopeAttribute>().LastOrDefault()?.Scope;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var partnerKey = metadata.OfType<PartnerKeyMetadata>().Any();
        var authorized = !anonymous && (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any());
        operation.Security = [];
        if (authorized)
        {
            var write = !HttpMethods.IsGet(context.Description.HttpMethod ?? "GET");
            var cookie = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] };
            if (write)
            {
                cookie[new OpenApiSecuritySchemeReference(AntiforgeryScheme, document)] = [];
            }
            operation.Security.Add(cookie);
            var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>()
                .SelectMany(r => r.AllowedRoles).Distinct().ToList();
            if (roles.Count > 0)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
                operation.Description = $"{operation.Description}\n\n角色 / roles: {string.Join(", ", roles)}".TrimStart();
            }
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "未登录或令牌无效 / not signed in, or the token is not valid" });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "角色、范围或令牌范围不允许 / the role, the org scope or the token's scope does not allow it" });
        }
        if (partnerKey)
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PartnerKeyScheme, document)] = [] });
        }
        if (scope is not null && (authorized || partnerKey))
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, document)] = [scope] });
        }
        if (!authorized && !partnerKey)
        {
            // An empty requirement: anyone may call it.
            operation.Security.Add(new OpenApiSecurityRequirement());
        }
    }
}

/// <summary>The handler itself checks a partner's Open311 <c>api_key</c> (or a bearer token): the endpoint is anonymous to the pipeline.</summary>
public sealed class PartnerKeyMetadata
{
    public static readonly PartnerKeyMetadata Instance = new();
}

/// <summary>Declarations the framework's file and text results cannot make for themselves.</summary>
public static class ApiProduces
{
    /// <summary>A 200 whose body is a file (or text) of these media types.</summary>
    public static RouteHandlerBuilder File(this RouteHandlerBuilder endpoint, string contentType, params string[] more) =>
        endpoint.Produces<Stream>(StatusCodes.Status200OK, contentType, more);
}
