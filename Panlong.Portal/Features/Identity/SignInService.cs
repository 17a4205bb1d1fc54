using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Identity;

public enum SignInOutcome
{
    Success,
    Failed,
    LockedOut,
    /// <summary>The password was right; the authenticator code comes next (docs/decisions/0026-two-factor-sign-in.md).</summary>
    RequiresTwoFactor,
    /// <summary>The database cannot be reached; the page says so instead of failing (docs/decisions/0019-database-outages.md).</summary>
    Unavailable,
}

/// <summary>Password sign-in with lockout, writing every success, failure and lockout to the audit log.</summary>
public sealed class SignInService(SignInManager<PanlongUser> signInManager, UserManager<PanlongUser> users, AuditLog audit)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string userName, string password, string? ip)
    {
        try
        {
            return await CheckPasswordAsync(userName, password, ip);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex))
        {
            return SignInOutcome.Unavailable;
        }
    }

    private async Task<SignInOutcome> CheckPasswordAsync(string userName, string password, string? ip)
    {
        // No password may be longer (PasswordLengthValidator), so a longer one is wrong without hashing it.
        if (password.Length > PasswordLengthValidator.MaxLength)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, null, userName, target: userName, detail: "password too long", ip: ip);
            return SignInOutcome.Failed;
        }
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, null, userName, target: userName, detail: "unknown user", ip: ip);
            return SignInOutcome.Failed;
        }
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signInManager.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, user.Id, user.UserName, ip: ip);
            return SignInOutcome.Success;
        }
        if (result.RequiresTwoFactor)
        {
            return SignInOutcome.RequiresTwoFactor;
        }
        if (result.IsLockedOut)
        {
            var detail = wasLocked ? "attempt while locked" : $"locked after {IdentitySetup.MaxFailedAttempts} failures";
            await audit.WriteAsync(wasLocked ? AuditActions.SignInFailed : AuditActions.LockedOut, user.Id, user.UserName, target: user.UserName, detail: detail, ip: ip);
            return SignInOutcome.LockedOut;
        }
        await audit.WriteAsync(AuditActions.SignInFailed, user.Id, user.UserName, target: user.UserName, detail: "wrong password", ip: ip);
        return SignInOutcome.Failed;
    }

    public async Task SignOutAsync(ClaimsPrincipal principal, string reason, string? ip)
    {
        if (principal.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditActions.SignOut, users.GetUserId(principal), principal.Identity.Name, detail: reason, ip: ip);
        }
        await signInManager.SignOutAsync();
    }
}
