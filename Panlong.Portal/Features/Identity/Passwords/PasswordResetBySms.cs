using Microsoft.AspNetCore.Identity;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Features.Identity.Passwords;

/// <summary>
/// A forgotten password, reset with a code sent to the phone the registry holds for a verified account (issue 15; staff
/// accounts are reset by the security administrator). The new password is checked before the code is used up, so a
/// refused password does not cost the code; a reset ends every session of the account and clears a lockout.
/// </summary>
public sealed class PasswordResetBySms(UserManager<PanlongUser> users, AccountVerifier verifier, SessionRegistry sessions, AuditLog audit)
{
    public Task<Guid> SendCodeAsync(string? userName) => verifier.IssueResetAsync(userName);

    public async Task<PasswordChangeResult> ResetAsync(Guid ticket, string? code, string next, string? ip)
    {
        var errors = new List<string>();
        var probe = new PanlongUser { UserName = "" };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, probe, next);
            errors.AddRange(check.Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
        {
            return new(false, null, errors);
        }
        var (outcome, userId) = await verifier.UseResetCodeAsync(ticket, code);
        if (outcome != CodeOutcome.Verified || await users.FindByIdAsync(userId!) is not { } user)
        {
            return new(false, "Forgot.Code." + outcome);
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, next);
        if (!result.Succeeded)
        {
            return new(false, null, result.Errors.Select(e => e.Description).ToList());
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await sessions.EndAllAsync(user.Id, SessionEndReasons.PasswordReset);
        await audit.WriteAsync(AccountAuditActions.PasswordReset, user.Id, user.UserName, target: user.UserName, detail: "by SMS code", ip: ip);
        return new(true);
    }
}
