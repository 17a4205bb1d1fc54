using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Features.Identity.Passwords;

/// <summary>The outcome of a change: a resource key for the page, and Identity's own messages for a refused new password.</summary>
public sealed record PasswordChangeResult(bool Ok, string? ErrorKey = null, IReadOnlyList<string>? Errors = null);

/// <summary>
/// A user changes their own password (issue 15): the current one is needed, failures count toward the lockout, and
/// every other session of the account ends; this one goes on in a fresh cookie without the must-change mark.
/// </summary>
public sealed class PasswordChange(UserManager<PanlongUser> users, SignInManager<PanlongUser> signIn, SessionRegistry sessions, AuditLog audit)
{
    public async Task<PasswordChangeResult> ChangeAsync(ClaimsPrincipal principal, string current, string next, string? ip)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return new(false, "Password.Failed");
        }
        if (current == next)
        {
            return new(false, "Password.SameAsCurrent");
        }
        // A longer one is wrong without hashing it (PasswordLengthValidator).
        if (current.Length > PasswordLengthValidator.MaxLength || !await users.CheckPasswordAsync(user, current))
        {
            return await WrongCurrentAsync(user, ip);
        }
        user.MustChangePassword = false;
        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            return new(false, null, result.Errors.Select(e => e.Description).ToList());
        }
        await users.ResetAccessFailedCountAsync(user);
        await sessions.EndAllAsync(user.Id, SessionEndReasons.PasswordChanged, exceptSessionId: SessionRegistry.SessionIdOf(principal));
        await signIn.RefreshSignInAsync(user);
        await audit.WriteAsync(AccountAuditActions.PasswordChanged, user.Id, user.UserName, target: user.UserName, detail: "by the user", ip: ip);
        return new(true);
    }

    /// <summary>Guessing the current password here counts like guessing it at sign-in; the lockout then ends every session.</summary>
    private async Task<PasswordChangeResult> WrongCurrentAsync(PanlongUser user, string? ip)
    {
        await users.AccessFailedAsync(user);
        await audit.WriteAsync(AuditActions.SignInFailed, user.Id, user.UserName, target: user.UserName, detail: "wrong current password at password change", ip: ip);
        if (await users.IsLockedOutAsync(user))
        {
            await sessions.EndAllAsync(user.Id, SessionEndReasons.LockedOut);
            await audit.WriteAsync(AuditActions.LockedOut, user.Id, user.UserName, target: user.UserName, detail: "at password change", ip: ip);
        }
        return new(false, "Password.WrongCurrent");
    }
}
