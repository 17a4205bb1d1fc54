using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Identity;

/// <summary>The account a card's number holds, as the window clerk sees it.</summary>
public sealed record ActivationCandidate(string UserId, string UserName, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset? VerifiedAt, string? VerifiedBy);

public enum ActivationOutcome
{
    Found,
    Activated,
    NotAClerk,
    BadNumber,
    NoAccount,
    NameMismatch,
    AlreadyVerified,
}

/// <summary>
/// The second way to prove a real-name account: the holder shows the ID card (or business licence) at a window and the
/// clerk, who sees it in person, activates the account that number holds — only under the name on the card. Both the
/// look-up and the activation are audited with the clerk's name (docs/decisions/0029-registration-second-factor.md).
/// </summary>
public sealed class WindowActivation(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, AuditLog audit, TimeProvider clock)
{
    public async Task<(ActivationOutcome Outcome, ActivationCandidate? Account)> FindAsync(WorkflowActor clerk, ApplicantKind kind, string? number, string? ip,
        CancellationToken ct = default)
    {
        if (!clerk.Roles.Contains(Roles.WindowClerk))
        {
            return (ActivationOutcome.NotAClerk, null);
        }
        if (Key(kind, number) is not { } key)
        {
            return (ActivationOutcome.BadNumber, null);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await Holder(db, key).AsNoTracking()
            .Select(u => new ActivationCandidate(u.Id, u.UserName!, u.DisplayName, u.CreatedAt, u.IdentityVerifiedAt, u.IdentityVerifiedBy)).FirstOrDefaultAsync(ct);
        db.AuditEntries.Add(audit.Create("Account.LookupAtWindow", clerk.UserId, clerk.Name, key.Shown, account is null ? "无账户" : $"账户 {account.UserName}", ip));
        await db.SaveChangesAsync(ct);
        return (account is null ? ActivationOutcome.NoAccount : ActivationOutcome.Found, account);
    }

    /// <param name="cardName">The name printed on the card, as the clerk reads it.</param>
    public async Task<ActivationOutcome> ActivateAsync(WorkflowActor clerk, ApplicantKind kind, string? number, string? cardName, string? ip, CancellationToken ct = default)
    {
        if (!clerk.Roles.Contains(Roles.WindowClerk))
        {
            return ActivationOutcome.NotAClerk;
        }
        if (Key(kind, number) is not { } key)
        {
            return ActivationOutcome.BadNumber;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await Holder(db, key).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return ActivationOutcome.NoAccount;
        }
        if (user.IdentityVerifiedAt is not null)
        {
            return ActivationOutcome.AlreadyVerified;
        }
        if (user.DisplayName != (cardName ?? "").Trim())
        {
            return ActivationOutcome.NameMismatch;
        }
        user.IdentityVerifiedAt = clock.GetUtcNow();
        user.IdentityVerifiedBy = $"窗口激活：{clerk.Name}";
        db.AuditEntries.Add(audit.Create("Account.ActivateAtWindow", clerk.UserId, clerk.Name, key.Shown, $"核验证件原件，激活账户 {user.UserName}（{user.DisplayName}）", ip));
        await db.SaveChangesAsync(ct);
        return ActivationOutcome.Activated;
    }

    private sealed record NumberKey(string? IdHash, string? CreditCode, string Shown);

    private NumberKey? Key(ApplicantKind kind, string? number)
    {
        if (kind == ApplicantKind.Person)
        {
            var id = ResidentIdNumber.Normalize(number);
            return ResidentIdNumber.Check(id, ChinaTime.Today(clock)) == NumberProblem.None ? new NumberKey(protector.Hash(id), null, PersonalDataMask.IdNumber(id)) : null;
        }
        var code = SocialCreditCode.Normalize(number);
        return SocialCreditCode.Check(code) == NumberProblem.None ? new NumberKey(null, code, code) : null;
    }

    private static IQueryable<PanlongUser> Holder(PanlongDbContext db, NumberKey key) =>
        key.IdHash is { } hash ? db.Users.Where(u => u.IdHash == hash) : db.Users.Where(u => u.CreditCode == key.CreditCode);
}
