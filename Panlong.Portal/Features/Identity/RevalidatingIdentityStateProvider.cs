using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// A Blazor circuit outlives the cookie check of its first request. Its session is checked every minute (expiry, role
/// change, lockout, disabling), and ending the session signs the circuit out at once (docs/decisions/0025-server-side-sessions.md).
/// </summary>
internal sealed class RevalidatingIdentityStateProvider : RevalidatingServerAuthenticationStateProvider
{
    /// <summary>
    /// A sign-out from the page itself navigates that page away (to the sign-in page, with "idle" when the idle timer did
    /// it); its own circuit must not race it to the sign-in page. Another circuit on a copy of the cookie goes this much later.
    /// </summary>
    private static readonly TimeSpan SignOutGrace = TimeSpan.FromSeconds(3);

    private readonly SessionRegistry _sessions;
    private bool _disposed;

    public RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, SessionRegistry sessions) : base(loggerFactory)
    {
        _sessions = sessions;
        _sessions.Ended += OnSessionsEnded;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await _sessions.IsActiveAsync(authenticationState.User);

    private void OnSessionsEnded(IReadOnlyCollection<string> sessionIds, string reason) => _ = SignOutIfEndedAsync(sessionIds, reason);

    private async Task SignOutIfEndedAsync(IReadOnlyCollection<string> sessionIds, string reason)
    {
        if (reason == SessionEndReasons.SignedOut)
        {
            await Task.Delay(SignOutGrace);
        }
        if (_disposed)
        {
            return;
        }
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
        _disposed = true;
        _sessions.Ended -= OnSessionsEnded;
        base.Dispose(disposing);
    }
}
