using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows;

namespace Panlong.Portal.Features.Identity.TwoFactor;

public enum CodeSignIn
{
    Success,
    Failed,
    LockedOut,
    /// <summary>The password step is older than Identity's five-minute two-factor cookie, or never happened.</summary>
    Expired,
    Unavailable,
}

/// <summary>What the enrolment page shows: the key to type or scan, and whether it is already in use.</summary>
public sealed record Enrolment(string UserName, string Key, bool Enabled, int RecoveryCodesLeft, bool Mandatory);

/// <summary>
/// The second sign-in step, enrolment, recovery codes and resets, on Identity's authenticator support. Every change
/// and every refused code is audited (docs/decisions/0026-two-factor-sign-in.md).
/// </summary>
public sealed class TwoFactorAccount(
    SignInManager<PanlongUser> signInManager, UserManager<PanlongUser> users, UserAdministration administration,
    TwoFactorMandate mandate, AuditLog audit, IUserStore<PanlongUser> store)
{
    public const int RecoveryCodeCount = 10;

    public async Task<CodeSignIn> SignInAsync(string? code, bool recovery, string? ip)
    {
        try
        {
            return await CheckCodeAsync(recovery ? (code ?? "").Trim().ToUpperInvariant() : Normalize(code), recovery, ip);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex))
        {
            return CodeSignIn.Unavailable;
        }
    }

    private async Task<CodeSignIn> CheckCodeAsync(string code, bool recovery, string? ip)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return CodeSignIn.Expired;
        }
        var result = recovery
            ? await signInManager.TwoFactorRecoveryCodeSignInAsync(code)
            : await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var method = recovery ? "recovery code" : "authenticator code";
        if (result.Succeeded)
        {
            var detail = recovery ? $"{method}, {await users.CountRecoveryCodesAsync(user)} left" : method;
            await audit.WriteAsync(AuditActions.SignIn, user.Id, user.UserName, detail: detail, ip: ip);
            return CodeSignIn.Success;
        }
        // Identity counts a wrong authenticator code towards lockout but not a wrong recovery code; both count here.
        if (recovery && !result.IsLockedOut)
        {
            await users.AccessFailedAsync(user);
        }
        if (result.IsLockedOut || await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(AuditActions.LockedOut, user.Id, user.UserName, target: user.UserName, detail: $"wrong {method}", ip: ip);
            return CodeSignIn.LockedOut;
        }
        await audit.WriteAsync(AuditActions.SignInFailed, user.Id, user.UserName, target: user.UserName, detail: $"wrong {method}", ip: ip);
        return CodeSignIn.Failed;
    }

    /// <summary>
    /// The user's key, made the first time it is asked for. Identity's reset would also change the security stamp, which
    /// ends every open session of the account (docs/decisions/0025-server-side-sessions.md) — including the other requests
    /// of this very browser. A key not yet confirmed protects nothing, so the first one is stored without that.
    /// </summary>
    public async Task<Enrolment> EnrolmentAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<PanlongUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                throw new InvalidOperationException($"The authenticator key could not be saved: {string.Join(" ", saved.Errors.Select(e => e.Description))}");
            }
        }
        return new Enrolment(user.UserName!, key!, user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user), mandate.Applies(principal));
    }

    /// <summary>Turns two-factor sign-in on once the app shows the right code; returns the recovery codes, shown this once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal principal, string? code, string? ip)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.TwoFactorEnabled || !await VerifyAsync(user, code, "enable", ip))
        {
            return null;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        // This session has just proved the second factor: it counts as signed in with it, as after a code at sign-in.
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(TwoFactorSetup.MethodClaim, TwoFactorSetup.MultiFactor)]);
        await audit.WriteAsync(TwoFactorAuditActions.Enabled, user.Id, user.UserName, target: user.UserName, ip: ip);
        return codes;
    }

    public async Task<IReadOnlyList<string>?> RenewRecoveryCodesAsync(ClaimsPrincipal principal, string? code, string? ip)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.TwoFactorEnabled || !await VerifyAsync(user, code, "renew recovery codes", ip))
        {
            return null;
        }
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await audit.WriteAsync(TwoFactorAuditActions.RecoveryCodesRenewed, user.Id, user.UserName, target: user.UserName, ip: ip);
        return codes;
    }

    /// <summary>
    /// Turns it off and discards the key (a new one is made for the next enrolment). The session drops back to a
    /// password-only one, so an administrator or leader is taken to enrolment again at once.
    /// </summary>
    public async Task<bool> DisableAsync(ClaimsPrincipal principal, string? code, string? ip)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.TwoFactorEnabled || !await VerifyAsync(user, code, "disable", ip))
        {
            return false;
        }
        await TurnOffAsync(user);
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(TwoFactorSetup.MethodClaim, "pwd")]);
        await audit.WriteAsync(TwoFactorAuditActions.Disabled, user.Id, user.UserName, target: user.UserName, ip: ip);
        return true;
    }

    /// <summary>
    /// The security administrator's reset for someone who lost the phone and the recovery codes: off, key discarded,
    /// the user's sessions ended by the new security stamp; the next sign-in enrols again.
    /// </summary>
    public async Task<AdminResult> ResetAsync(ClaimsPrincipal actor, string userId, string? ip)
    {
        if (userId == users.GetUserId(actor))
        {
            return AdminResult.Fail("TwoFactor.ResetOwn");
        }
        var user = await administration.FindInScopeAsync(actor, userId);
        if (user is null)
        {
            return AdminResult.Fail("Common.NotInScope");
        }
        if (!user.TwoFactorEnabled)
        {
            return AdminResult.Fail("TwoFactor.NotEnabled");
        }
        await TurnOffAsync(user);
        await audit.WriteAsync(TwoFactorAuditActions.ResetByAdmin, users.GetUserId(actor), actor.Identity?.Name, target: user.UserName, ip: ip);
        return AdminResult.Success;
    }

    private async Task TurnOffAsync(PanlongUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
    }

    private async Task<bool> VerifyAsync(PanlongUser user, string? code, string purpose, string? ip)
    {
        if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
        {
            return true;
        }
        await audit.WriteAsync(TwoFactorAuditActions.CodeRefused, user.Id, user.UserName, target: user.UserName, detail: purpose, ip: ip);
        return false;
    }

    /// <summary>People type authenticator codes with the spaces or dashes their app shows (recovery codes keep their dash).</summary>
    private static string Normalize(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
}
