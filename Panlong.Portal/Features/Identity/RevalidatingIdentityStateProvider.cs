using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// A Blazor circuit outlives the cookie check of its first request. Its session is checked every minute (expiry, role
/// change, lockout, disabling), and ending the session signs the circuit out at once (docs/decisions/0025-server-side-sessions.md).
/// </summary>
internal sealed class RevalidatingIdentityStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly SessionRegistry _sessions;

    public RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, SessionRegistry sessions) : base(loggerFactory)
    {
        _sessions = sessions;
        _sessions.Ended += OnSessionsEnded;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await _sessions.IsActiveAsync(authenticationState.User);

    private void OnSessionsEnded(IReadOnlyCollection<string> sessionIds) => _ = SignOutIfEndedAsync(sessionIds);

    private async Task SignOutIfEndedAsync(IReadOnlyCollection<string> sessionIds)
    {
        AuthenticationState state;
        try
        {
            state = await GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            return; // a circuit still starting has no state yet; its first check sees the ended session
        }
        if (SessionRegistry.SessionIdOf(state.User) is { } id && sessionIds.Contains(id))
        {
            NotifyAuthenticationStateChanged(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
    }

    protected override void Dispose(bool disposing)
    {
        _sessions.Ended -= OnSessionsEnded;
        base.Dispose(disposing);
    }
}
