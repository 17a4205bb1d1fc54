using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Features.Identity;

/// <summary>A registry person with a phone on record.</summary>
public sealed record PhoneHolder(long PersonId, string Name)
{
    /// <summary>A code proves the account only when the account bears the name the registry holds for the number.</summary>
    public long? CodeFor(string accountName) => Name == accountName ? PersonId : null;
}

public enum CodeOutcome
{
    Verified,
    Wrong,
    Expired,
    TooManyAttempts,
}

/// <summary>
/// The second factor of a real-name account (docs/decisions/0029-registration-second-factor.md): a 6-digit one-time code
/// sent to the phone the population registry holds for the person, valid 10 minutes for 5 tries, kept only as a keyed
/// hash. The ticket that names the code is all the browser holds.
/// </summary>
public sealed class AccountVerifier(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, SmsOutbox sms, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 5;
    public const string BySms = "短信验证码";

    /// <summary>
    /// Adds a code for the account (none when <paramref name="userId"/> is null: a ticket nothing can verify) and, when
    /// the registry holds a phone for <paramref name="phoneHolder"/>, the text message that carries it. The caller saves.
    /// </summary>
    public Guid Issue(PanlongDbContext db, string? userId, long? phoneHolder)
    {
        var (ticket, code) = AddTicket(db, userId, VerifyPurpose);
        if (userId is not null && phoneHolder is { } person)
        {
            sms.Add(db, "sms.code", person, $"【数字盘龙】您的实名验证码为 {code}，{Lifetime.TotalMinutes:0} 分钟内有效。如非本人操作，请忽略本短信。");
        }
        return ticket;
    }

    /// <summary>A ticket row with the hash of a new code for the purpose; the caller sends the code and saves.</summary>
    private (Guid Ticket, string Code) AddTicket(PanlongDbContext db, string? userId, string purpose)
    {
        var ticket = Guid.NewGuid();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        db.AccountVerifications.Add(new AccountVerification
        {
            Ticket = ticket,
            UserId = userId,
            CodeHash = Hash(ticket, code, purpose),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        return (ticket, code);
    }

    /// <summary>
    /// The registry person with this number whose phone is on record: who a warning goes to, and — when the account
    /// bears the registry's name for the number — a code.
    /// </summary>
    public static async Task<PhoneHolder?> PhoneHolderAsync(PanlongDbContext db, string? idHash, CancellationToken ct) =>
        idHash is null ? null : await db.People.AsNoTracking().Where(p => p.IdHash == idHash && p.PhoneCipher != null)
            .Select(p => new PhoneHolder(p.Id, p.Name)).FirstOrDefaultAsync(ct);

    /// <summary>Whether an account still has its identity to prove: null when it names none (staff), else when and how it did.</summary>
    public async Task<(bool Names, DateTimeOffset? At, string? By)> StateAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { Names = u.IdHash != null || u.CreditCode != null, u.IdentityVerifiedAt, u.IdentityVerifiedBy }).SingleOrDefaultAsync(ct);
        return (user?.Names ?? false, user?.IdentityVerifiedAt, user?.IdentityVerifiedBy);
    }

    /// <summary>A new code for a signed-in account that is not verified yet (the first one expired or was lost).</summary>
    public async Task<Guid> ReissueAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        var holder = await PhoneHolderAsync(db, user.IdentityVerifiedAt is null ? user.IdHash : null, ct);
        var ticket = Issue(db, user.IdentityVerifiedAt is null ? userId : null, holder?.CodeFor(user.DisplayName));
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    public async Task<CodeOutcome> ConfirmAsync(Guid ticket, string? code, string? ip, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (outcome, userId) = await UseCodeAsync(db, ticket, code, VerifyPurpose, ct);
        if (outcome != CodeOutcome.Verified)
        {
            return outcome;
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        (user.IdentityVerifiedAt, user.IdentityVerifiedBy) = (clock.GetUtcNow(), BySms);
        db.AuditEntries.Add(audit.Create("Account.Verify", user.Id, user.UserName, user.IdMasked ?? user.CreditCode, BySms, ip));
        await db.SaveChangesAsync(ct);
        return CodeOutcome.Verified;
    }

    /// <summary>
    /// A password reset code for the account of <paramref name="userName"/>, sent to the phone the registry holds for it —
    /// only for an enabled account whose identity was proved (docs/decisions/0025-server-side-sessions.md). The answer is a
    /// ticket whatever the name: who asks cannot tell whether the account exists or has a phone.
    /// </summary>
    public async Task<Guid> IssueResetAsync(string? userName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = normalized.Length == 0 ? null : await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized && u.IdentityVerifiedAt != null && u.DisabledAt == null)
            .Select(u => new { u.Id, u.IdHash }).SingleOrDefaultAsync(ct);
        var holder = await PhoneHolderAsync(db, user?.IdHash, ct);
        var (ticket, code) = AddTicket(db, holder is null ? null : user!.Id, ResetPurpose);
        if (holder is not null)
        {
            sms.Add(db, "sms.reset", holder.PersonId, $"【数字盘龙】您正在重置登录密码，验证码为 {code}，{Lifetime.TotalMinutes:0} 分钟内有效。如非本人操作，请勿将验证码告诉任何人。");
        }
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    /// <summary>The account a right reset code stands for (the code is used up), or why not.</summary>
    public async Task<(CodeOutcome Outcome, string? UserId)> UseResetCodeAsync(Guid ticket, string? code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UseCodeAsync(db, ticket, code, ResetPurpose, ct);
    }

    private const string VerifyPurpose = "";
    private const string ResetPurpose = "reset:";

    /// <summary>Checks a code against its ticket (attempts counted first) and uses it up; Verified means it was right.</summary>
    private async Task<(CodeOutcome Outcome, string? UserId)> UseCodeAsync(PanlongDbContext db, Guid ticket, string? code, string purpose, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = await db.AccountVerifications.AsNoTracking().SingleOrDefaultAsync(v => v.Ticket == ticket, ct);
        if (row is null)
        {
            return (CodeOutcome.Wrong, null);
        }
        if (row.UsedAt is not null || row.ExpiresAt <= now)
        {
            return (CodeOutcome.Expired, null);
        }
        // Counted before comparing, with a conditional update: parallel guesses cannot share one attempt.
        var counted = await db.AccountVerifications.Where(v => v.Id == row.Id && v.Attempts < MaxAttempts && v.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Attempts, v => v.Attempts + 1), ct);
        if (counted == 0)
        {
            return (CodeOutcome.TooManyAttempts, null);
        }
        var given = (code ?? "").Trim();
        if (row.UserId is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(ticket, given, purpose)), Encoding.ASCII.GetBytes(row.CodeHash)))
        {
            return (row.Attempts + 1 >= MaxAttempts ? CodeOutcome.TooManyAttempts : CodeOutcome.Wrong, null);
        }
        var used = await db.AccountVerifications.Where(v => v.Id == row.Id && v.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.UsedAt, now), ct);
        return used == 0 ? (CodeOutcome.Expired, null) : (CodeOutcome.Verified, row.UserId);
    }

    /// <summary>The purpose is part of the hash: a code sent to verify an account cannot reset its password, nor the other way.</summary>
    private string Hash(Guid ticket, string code, string purpose) => protector.Hash($"{ticket:N}:{purpose}{code}");
}
