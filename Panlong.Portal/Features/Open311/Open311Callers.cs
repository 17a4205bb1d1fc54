using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Tokens;
using Panlong.Workflows.Engine.Runtime;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Features.Open311;

/// <summary>Who an Open311 call acts as: a partner client's service account, the key its rate limit counts under.</summary>
public sealed record Open311Caller(WorkflowActor Actor, string LimitKey);

public enum Open311Refusal
{
    None,
    /// <summary>No key, an unknown client, a wrong secret, a disabled client, or a client without the <c>open311</c> scope: 403.</summary>
    BadKey,
    /// <summary>Too many wrong keys from this address, or too many calls of this client: 429.</summary>
    TooMany,
}

/// <summary>
/// The spec's <c>api_key</c> is a partner client of the token server (docs/decisions/0083-open311-server.md): the key is
/// <c>client_id:client_secret</c>, checked against the secret's stored hash by OpenIddict; the client must hold the
/// <c>open311</c> scope and an active account. A bearer token of such a client with that scope is taken instead of a key.
/// Either way the call acts as the client's service account, with the claims a token of it would carry.
/// </summary>
public sealed class Open311Callers(IOpenIddictApplicationManager apps, PartnerClients clients, SignInManager<PanlongUser> signIn, RateLimits limits)
{
    public async Task<(Open311Caller? Caller, Open311Refusal Refusal, TimeSpan? Wait)> ResolveAsync(HttpContext http, string? apiKey, CancellationToken ct)
    {
        // Wrong keys cost a permit of a public-sized budget of the address's own, so guessing secrets stops within a minute; right
        // ones cost none, and reading the public service list does not spend it.
        var address = "open311-key:" + RateLimits.AddressKey(http);
        if (limits.Check(RateLimits.Public, address) is { } blocked)
        {
            return (null, Open311Refusal.TooMany, blocked);
        }
        var caller = FromToken(http) ?? await FromKeyAsync(apiKey, ct);
        if (caller is null)
        {
            limits.TryAcquire(RateLimits.Public, address);
            return (null, Open311Refusal.BadKey, null);
        }
        return limits.TryAcquire(RateLimits.Open311, caller.LimitKey) is { } wait ? (null, Open311Refusal.TooMany, wait) : (caller, Open311Refusal.None, null);
    }

    private static Open311Caller? FromToken(HttpContext http)
    {
        // UseTokenScopes has already refused a token without the open311 scope on these endpoints.
        if (!TokenServer.HasBearer(http.Request) || http.User.Identity?.IsAuthenticated != true || !http.User.HasScope(TokenScopes.Open311))
        {
            return null;
        }
        var actor = WorkflowActor.From(http.User);
        return new Open311Caller(actor, "open311:" + actor.UserId);
    }

    private async Task<Open311Caller?> FromKeyAsync(string? apiKey, CancellationToken ct)
    {
        var separator = apiKey?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0 || apiKey!.Length > 200)
        {
            return null;
        }
        var (clientId, secret) = (apiKey[..separator], apiKey[(separator + 1)..]);
        if (await apps.FindByClientIdAsync(clientId, ct) is not { } app
            || !await apps.HasPermissionAsync(app, Permissions.Prefixes.Scope + TokenScopes.Open311, ct)
            || !await apps.ValidateClientSecretAsync(app, secret, ct)
            || await clients.ActiveAccountAsync(clientId, ct) is not { } account)
        {
            return null;
        }
        ClaimsPrincipal principal = await signIn.CreateUserPrincipalAsync(account);
        return new Open311Caller(WorkflowActor.From(principal), "open311:" + account.Id);
    }
}
