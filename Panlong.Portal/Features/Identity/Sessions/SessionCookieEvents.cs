using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Identity.Sessions;

/// <summary>
/// Ties the sign-in cookie to its server-side session (docs/decisions/0025-server-side-sessions.md): signing in opens one
/// and writes its id into the cookie, signing out ends it, and every request checks it. This check replaces Identity's
/// security-stamp validator, which looked only every 30 minutes and let a copied cookie live on after sign-out.
/// </summary>
public static class SessionCookieEvents
{
    /// <summary>A claim that sends the user to the change-password page before anything else.</summary>
    public const string MustChangePasswordClaim = "panlong:must-change-password";

    public static void Attach(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = SigningInAsync;
        events.OnSigningOut = SigningOutAsync;
        events.OnValidatePrincipal = ValidatePrincipalAsync;
    }

    private static async Task SigningInAsync(CookieSigningInContext ctx)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity || identity.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { } userId)
        {
            return;
        }
        var http = ctx.HttpContext;
        // Signing in again while signed in as the same user (Identity's refresh after one's own password change) keeps the session.
        var current = http.User.FindFirstValue(ClaimTypes.NameIdentifier) == userId ? SessionRegistry.SessionIdOf(http.User) : null;
        var start = await http.RequestServices.GetRequiredService<SessionRegistry>()
            .SignedInAsync(userId, current, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
        identity.AddClaim(new Claim(SessionRegistry.ClaimType, start.SessionId));
        if (start.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }
    }

    private static async Task SigningOutAsync(CookieSigningOutContext ctx)
    {
        if (SessionRegistry.SessionIdOf(ctx.HttpContext.User) is { } sessionId)
        {
            await ctx.HttpContext.RequestServices.GetRequiredService<SessionRegistry>().EndAsync(sessionId, SessionEndReasons.SignedOut);
        }
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal is { } principal && await ctx.HttpContext.RequestServices.GetRequiredService<SessionRegistry>().IsActiveAsync(principal))
        {
            return;
        }
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
