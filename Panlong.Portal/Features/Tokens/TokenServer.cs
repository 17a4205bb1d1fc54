using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Features.Tokens;

/// <summary>
/// The OAuth 2.0 token server for partner systems (issue 20 part 1, docs/decisions/0082-token-server.md): client
/// credentials and refresh tokens at <c>/connect/token</c>, introspection and revocation, short-lived access tokens checked
/// against their stored entry on every call (so a revoked one stops at once). The APIs read the bearer token when one is
/// sent and the sign-in cookie otherwise.
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";
    public const string IntrospectionPath = "/connect/introspect";
    public const string RevocationPath = "/connect/revoke";
    public const string RefreshScope = Scopes.OfflineAccess;

    public static IHostApplicationBuilder AddTokenServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var accessLifetime = builder.Configuration.GetValue("Tokens:AccessTokenLifetime", TimeSpan.FromMinutes(10));
        services.AddSingleton<TokenKeyRing>();
        services.AddScoped<PartnerClients>();
        services.AddSingleton<TokenAccounts>();
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath).SetIntrospectionEndpointUris(IntrospectionPath).SetRevocationEndpointUris(RevocationPath);
                o.AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                // The phone app (docs/decisions/0091-phone-app-sign-in.md): code flow, and never without a PKCE challenge.
                o.SetAuthorizationEndpointUris(PhoneApp.AuthorizationPath).AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // Its sign-out, and the refusals it cannot send back to the app as pages of our own (docs/decisions/0097-app-token-queue.md).
                o.SetEndSessionEndpointUris(PhoneApp.EndSessionPath);
                o.RegisterScopes([.. TokenScopes.All, RefreshScope]);
                o.SetAccessTokenLifetime(accessLifetime).SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                var aspNet = o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough().EnableErrorPassthrough();
                if (builder.Environment.IsDevelopment())
                {
                    // Tests and `dotnet run` speak plain HTTP; behind the proxy the forwarded scheme is https (docs/operations.md).
                    aspNet.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                // Each call looks its token up, so a revoked token or a disabled client's token is refused at once.
                o.EnableTokenEntryValidation();
            });
        // The keys come from the database the first time the server needs them, never from a development certificate.
        services.AddOptions<OpenIddictServerOptions>().Configure<TokenKeyRing>((o, keys) =>
        {
            o.SigningCredentials.Add(new SigningCredentials(keys.Signing, SecurityAlgorithms.RsaSha256));
            o.EncryptionCredentials.Add(new EncryptingCredentials(keys.Encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        });
        // A request that carries a bearer token is authenticated (and challenged, and forbidden) by the token's scheme.
        services.ConfigureApplicationCookie(o => o.ForwardDefaultSelector = http => HasBearer(http.Request) ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme : null);
        return builder;
    }

    public static IEndpointRouteBuilder MapTokenServer(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, ExchangeAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapPhoneSignIn();
        return app;
    }

    /// <summary>
    /// After authorization: a bearer token reaches only an endpoint that names a <see cref="TokenScopeAttribute"/>, and only
    /// with that scope (403 <c>insufficient_scope</c> otherwise). Cookie sign-ins pass as before.
    /// </summary>
    public static IApplicationBuilder UseTokenScopes(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HasBearer(http.Request) && http.User.Identity?.IsAuthenticated == true
            && (http.GetEndpoint()?.Metadata.GetMetadata<TokenScopeAttribute>() is not { } required || !http.User.HasScope(required.Scope)))
        {
            var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            http.Response.Headers.WWWAuthenticate = $"Bearer error=\"{Errors.InsufficientScope}\"";
            await ApiProblems.Of(StatusCodes.Status403Forbidden, Errors.InsufficientScope, L["Tokens.ScopeMissing"]).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>
    /// After authentication: a bearer token whose account is no longer active is refused, and its account's tokens are
    /// revoked (a path that disabled the account may not have revoked them itself). Every bearer call refused with 401 —
    /// this, or a token expired or revoked — answers with the API's problem body, in the caller's language.
    /// </summary>
    public static IApplicationBuilder UseTokenAccounts(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HasBearer(http.Request))
        {
            await next(http);
            return;
        }
        var refused = false;
        if (http.User.Identity?.IsAuthenticated == true && http.User.GetClaim(Claims.Subject) is { } userId)
        {
            var accounts = http.RequestServices.GetRequiredService<TokenAccounts>();
            if (!await accounts.IsActiveAsync(userId, http.RequestAborted))
            {
                await accounts.RevokeAsync(userId, http.RequestAborted);
                refused = true;
            }
        }
        if (!refused)
        {
            await next(http);
            // OpenIddict's challenge sets the status and WWW-Authenticate but writes no body.
            refused = http.Response.StatusCode == StatusCodes.Status401Unauthorized && !http.Response.HasStarted && http.Response.ContentType is null;
        }
        if (refused)
        {
            var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            if (string.IsNullOrEmpty(http.Response.Headers.WWWAuthenticate))
            {
                http.Response.Headers.WWWAuthenticate = $"Bearer error=\"{Errors.InvalidToken}\"";
            }
            await ApiProblems.Of(StatusCodes.Status401Unauthorized, ApiProblems.Codes.InvalidToken, L["Tokens.Invalid"]).ExecuteAsync(http);
        }
    });

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// OpenIddict has checked the client's secret, grant and scopes; here the client's service account becomes the token's
    /// identity — its id, name, roles and org scope, exactly the claims a cookie sign-in of that account would carry.
    /// </summary>
    public static async Task<IResult> ExchangeAsync(HttpContext http, PartnerClients clients, SignInManager<PanlongUser> signIn,
        UserManager<PanlongUser> users, AuditLog audit, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The token request was not read by OpenIddict.");
        // The phone app acts as the person who signed in, not as a service account (OpenIddict allows it only the code and refresh grants).
        if (request.ClientId == PhoneApp.ClientId)
        {
            return await PhoneApp.ExchangeAsync(http, request, users, signIn, audit, ct);
        }
        if (!request.IsClientCredentialsGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
        }
        if (await clients.ActiveAccountAsync(request.ClientId!, ct) is not { } account)
        {
            return Refuse(Errors.InvalidClient, "The client is disabled.");
        }
        ClaimsPrincipal principal;
        if (request.IsRefreshTokenGrantType())
        {
            // The scopes the refresh token was issued with; the identity is read afresh, so a role or org change applies.
            var previous = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            principal = await IdentityOfAsync(signIn, account, previous?.GetScopes() ?? []);
        }
        else
        {
            principal = await IdentityOfAsync(signIn, account, request.GetScopes());
        }
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The one place a token's identity is built, for a partner's service account and for a person signed in through the app.</summary>
    internal static async Task<ClaimsPrincipal> IdentityOfAsync(SignInManager<PanlongUser> signIn, PanlongUser account, IEnumerable<string> scopes)
    {
        var principal = await signIn.CreateUserPrincipalAsync(account);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.SetClaim(Claims.Subject, account.Id);
        // The validated token's identity checks roles under OpenIddict's "role" claim; the portal's own code reads ClaimTypes.Role.
        identity.AddClaims(identity.FindAll(ClaimTypes.Role).Select(r => new Claim(Claims.Role, r.Value)).ToList());
        principal.SetScopes(scopes);
        // Everything the portal's own identity carries goes into the access token but the security stamp.
        principal.SetDestinations(c => c.Type == "AspNet.Identity.SecurityStamp" ? [] : [Destinations.AccessToken]);
        return principal;
    }

    internal static IResult Refuse(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
