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
    /// <summary>Refused by the sign-in limits before the password was checked (docs/decisions/0027-rate-limits.md).</summary>
    Throttled,
    /// <summary>The database cannot be reached; the page says so instead of failing (docs/decisions/0019-database-outages.md).</summary>
    Unavailable,
}

/// <summary>
/// Password sign-in behind the sign-in limits, with lockout, writing every success, failure and lockout of an account to the
/// audit log; failures for unknown names are counted into one row per address (docs/decisions/0027-rate-limits.md).
/// </summary>
public sealed class SignInService(SignInManager<PanlongUser> signInManager, UserManager<PanlongUser> users, AuditLog audit,
    SignInThrottle throttle, SignInSummary summary)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string userName, string password, string? ip)
    {
        try
        {
            // The limits come before the password: a refused attempt checks nothing and counts toward no lockout.
            if (throttle.Refuse(ip, userName) is not null)
            {
                return SignInOutcome.Throttled;
            }
            var outcome = await CheckPasswordAsync(userName, password, ip);
            if (outcome is SignInOutcome.Failed or SignInOutcome.LockedOut)
            {
                throttle.Failed(ip, userName);
            }
            return outcome;
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
            // Counted, not written one row each: a script trying names would flood the audit log.
            summary.UnknownName(ip);
            return SignInOutcome.Failed;
        }
        var wasLocked = await users.IsLockedOutAsync(user);
        // No lockout for the three administrators: anyone could keep them out at will (docs/decisions/0027-rate-limits.md).
        var lockout = !(await users.GetRolesAsync(user)).Any(Roles.Administrators.Contains);
        var result = await signInManager.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: lockout);
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
