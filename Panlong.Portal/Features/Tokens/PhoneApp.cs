using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Shell;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Features.Tokens;

/// <summary>
/// The phone app's sign-in (docs/decisions/0091-phone-app-sign-in.md): authorization code + PKCE for one first-party public
/// client. The person signs in with the portal's own cookie (two-factor mandate and all), the app gets a code for that
/// person and exchanges it for tokens carrying the person's own claims — roles and org scope, built where the partner
/// clients' are (<see cref="TokenServer.IdentityOfAsync"/>). No consent screen: the app is the district's own.
/// </summary>
public static class PhoneApp
{
    public const string ClientId = "panlong-phone";
    public const string AuthorizationPath = "/connect/authorize";
    public const string RedirectPath = "/app/signed-in";
    public const string AppPath = "/app";
    /// <summary>The app's sign-out (docs/decisions/0097-app-token-queue.md): ends the portal's cookie session in this browser.</summary>
    public const string EndSessionPath = "/connect/logout";
    public static readonly IReadOnlyList<string> Scopes = [TokenScopes.CasesRead, TokenScopes.CasesWrite, TokenServer.RefreshScope];

    /// <summary>
    /// The app is served by the portal, so it may come back only to the portal's own addresses: the public one
    /// (<c>Portal:PublicUrl</c>) and, in Development, the addresses it listens on and the test host's <c>http://localhost</c>.
    /// </summary>
    public static IReadOnlyList<Uri> RedirectUris(IConfiguration configuration, IHostEnvironment environment)
    {
        var origins = new List<string>();
        if (configuration[PublicAddress.Setting] is { Length: > 0 } publicUrl)
        {
            origins.Add(publicUrl);
        }
        if (environment.IsDevelopment())
        {
            origins.Add("http://localhost");
            origins.AddRange((configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(u => !u.Contains('*', StringComparison.Ordinal) && !u.Contains("+:", StringComparison.Ordinal)));
        }
        return [.. origins.Select(o => new Uri(new Uri(o.TrimEnd('/') + "/"), RedirectPath.TrimStart('/'))).Distinct()];
    }

    /// <summary>
    /// Registers the app through OpenIddict's application manager — the path the security administrator's page creates
    /// clients by — or brings its addresses up to date; every start does it, so it is idempotent. Development nodes listen
    /// on addresses of their own, so there the addresses already stored are kept beside this node's.
    /// </summary>
    public static async Task RegisterAsync(IServiceProvider services, IReadOnlyList<Uri> redirectUris, bool keepStored, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var apps = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        // Two tries: a node that lost the race to create the client (another node's row appeared after this one looked) or to
        // update it looks again, finds the winner's row and brings it up to date like any later start would.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RegisterOnceAsync(apps, Descriptor(redirectUris), keepStored, ct);
                return;
            }
            catch (Exception ex) when (attempt == 1 && LostTheRace(ex))
            {
            }
        }
    }

    private static async Task RegisterOnceAsync(IOpenIddictApplicationManager apps, OpenIddictApplicationDescriptor descriptor, bool keepStored, CancellationToken ct)
    {
        if (await apps.FindByClientIdAsync(ClientId, ct) is not { } app)
        {
            await apps.CreateAsync(descriptor, ct);
            return;
        }
        var stored = new OpenIddictApplicationDescriptor();
        await apps.PopulateAsync(stored, app, ct);
        if (keepStored)
        {
            descriptor.RedirectUris.UnionWith(stored.RedirectUris);
        }
        if (!stored.RedirectUris.SetEquals(descriptor.RedirectUris) || !stored.Permissions.SetEquals(descriptor.Permissions))
        {
            await apps.UpdateAsync(app, descriptor, ct);
        }
    }

    /// <summary>
    /// Another node created or changed the client between this node's look and its write: OpenIddict's own check of the
    /// client id's uniqueness refuses the create (a validation error), the database's unique index refuses an insert that
    /// slipped past it, or the row's concurrency token refuses an update. A descriptor that is itself invalid fails the
    /// second try the same way and is thrown then.
    /// </summary>
    private static bool LostTheRace(Exception ex) =>
        ex is DbUpdateException or OpenIddictExceptions.ConcurrencyException or OpenIddictExceptions.ValidationException;

    private static OpenIddictApplicationDescriptor Descriptor(IReadOnlyList<Uri> redirectUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            DisplayName = "数字盘龙手机应用",
            // A public client: an app on a phone cannot keep a secret; PKCE proves the code's redeemer started the flow.
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + TokenScopes.CasesRead, Permissions.Prefixes.Scope + TokenScopes.CasesWrite,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        descriptor.RedirectUris.UnionWith(redirectUris);
        return descriptor;
    }

    public static IEndpointRouteBuilder MapPhoneSignIn(this IEndpointRouteBuilder app)
    {
        app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription().DisableAntiforgery();
        // POST only: a link or an image elsewhere cannot sign anyone out, and a cross-site form carries no Lax cookie.
        app.MapPost(EndSessionPath, EndSessionAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// A request OpenIddict refused with nowhere safe to send the answer — above all an address not registered for the app —
    /// gets a page in the person's language saying so and whom to ask, never a redirect (error passthrough, ADR 97).
    /// </summary>
    internal static async Task<IResult?> RefusedAsync(HttpContext http, IOpenIddictApplicationManager apps, CancellationToken ct)
    {
        if (http.GetOpenIddictServerResponse() is not { Error: { Length: > 0 } error })
        {
            return null;
        }
        var request = http.GetOpenIddictServerRequest();
        var address = request?.RedirectUri ?? request?.PostLogoutRedirectUri;
        var unregistered = !string.IsNullOrEmpty(address) && (request?.ClientId is not { Length: > 0 } clientId
            || await apps.FindByClientIdAsync(clientId, ct) is not { } client
            || !(request.RedirectUri is { Length: > 0 } ? await apps.ValidateRedirectUriAsync(client, address, ct) : await apps.ValidatePostLogoutRedirectUriAsync(client, address, ct)));
        return new RazorComponentResult<PhoneAppRefused>(new { Error = error, Address = unregistered ? address : null })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>
    /// The app's sign-out: it has revoked its own refresh token at <c>/connect/revoke</c>; here the portal's cookie session on
    /// this browser ends, written to the audit log as a sign-out through the app, and the browser goes back to the app's page.
    /// </summary>
    public static async Task<IResult> EndSessionAsync(HttpContext http, SignInService signIn, IOpenIddictApplicationManager apps, CancellationToken ct)
    {
        if (await RefusedAsync(http, apps, ct) is { } refused)
        {
            return refused;
        }
        await signIn.SignOutAsync(http.User, "app", http.Connection.RemoteIpAddress?.ToString());
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AppPath }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// OpenIddict has checked the client, its redirect address, the scopes and the PKCE challenge. A person not signed in goes
    /// to the sign-in page and comes back here; a signed-in person who may sign in gets a code for the app.
    /// </summary>
    public static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<PanlongUser> users, SignInManager<PanlongUser> signIn,
        IOpenIddictApplicationManager apps, CancellationToken ct)
    {
        if (await RefusedAsync(http, apps, ct) is { } refused)
        {
            return refused;
        }
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The authorization request was not read by OpenIddict.");
        // Only the district's own app signs people in this way; a third-party client would need a consent screen we do not have.
        if (request.ClientId != ClientId)
        {
            return TokenServer.Refuse(Errors.UnauthorizedClient, "Only the district's own app may use this endpoint.");
        }
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!cookie.Succeeded)
        {
            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(request.GetParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [IdentityConstants.ApplicationScheme]);
        }
        if (await ActiveUserAsync(users, signIn, users.GetUserId(cookie.Principal)) is not { } user)
        {
            return TokenServer.Refuse(Errors.AccessDenied, "The account is disabled or locked.");
        }
        var principal = await TokenServer.IdentityOfAsync(signIn, user, request.GetScopes().Intersect(Scopes));
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// A code or refresh token of the app becomes tokens of its person, read afresh: a disabled or locked account gets none,
    /// and a role or org change since applies. The code's exchange is the app's sign-in, written to the audit log.
    /// </summary>
    public static async Task<IResult> ExchangeAsync(HttpContext http, OpenIddictRequest request, UserManager<PanlongUser> users,
        SignInManager<PanlongUser> signIn, AuditLog audit, CancellationToken ct)
    {
        var previous = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (previous is null || await ActiveUserAsync(users, signIn, previous.GetClaim(Claims.Subject)) is not { } user)
        {
            return TokenServer.Refuse(Errors.InvalidGrant, "The account is disabled or locked.");
        }
        var principal = await TokenServer.IdentityOfAsync(signIn, user, previous.GetScopes());
        if (request.IsAuthorizationCodeGrantType())
        {
            await audit.WriteAsync(TokenAuditActions.AppSignIn, user.Id, user.UserName, target: ClientId,
                detail: string.Join(' ', previous.GetScopes()), ip: http.Connection.RemoteIpAddress?.ToString(), ct: ct);
        }
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<PanlongUser?> ActiveUserAsync(UserManager<PanlongUser> users, SignInManager<PanlongUser> signIn, string? userId) =>
        userId is not null && await users.FindByIdAsync(userId) is { } user && await signIn.CanSignInAsync(user) && !await users.IsLockedOutAsync(user)
            ? user : null;
}
