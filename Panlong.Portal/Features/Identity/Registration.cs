using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// What a resident or a business enters to open its one account (一号申请). <see cref="Confirmation"/> is the password typed
/// again on the form; null where nobody types it twice.
/// </summary>
public sealed record RegistrationInput(ApplicantKind Kind, string? UserName, string? Password, string? Name, string? IdNumber, string? CreditCode,
    string? Confirmation = null);

/// <summary>
/// Accepted (a ticket for the code step, the same whatever the number is), or per-field resource keys (or Identity's
/// own messages under "password"/"userName") for what can be told without looking anything up.
/// </summary>
public sealed record RegistrationResult(Guid? Ticket, IReadOnlyDictionary<string, string> Errors)
{
    public bool Accepted => Ticket is not null;
}

/// <summary>
/// Real-name registration: a resident by the GB 11643-checked ID number (one account per person, stored encrypted
/// with a keyed hash that links to the population registry), a legal entity by the GB 32100-checked credit code.
/// Both get the applicant role (Resident) and stay unverified until a second factor (<see cref="AccountVerifier"/>,
/// <see cref="WindowActivation"/>). Knowing a name and a number must not tell anything either: whether the number is
/// in the registry, under that name, or already has an account, the answer, and the work done for it, are the same;
/// the real holder of a taken number is told by SMS instead (docs/decisions/0029-registration-second-factor.md).
/// </summary>
public sealed class Registration(UserManager<PanlongUser> users, PersonalDataProtector protector, AccountVerifier verifier, SmsOutbox sms, AuditLog audit,
    TimeProvider clock, IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>Under 14 a child is applied for by a guardian (《未成年人保护法》; 14 is also where the personal information law asks for a guardian's consent).</summary>
    public const int MinimumAge = 14;

    public async Task<RegistrationResult> RegisterAsync(RegistrationInput input, string? ip, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 100)
        {
            errors["name"] = input.Kind == ApplicantKind.Person ? "Registration.Name.Person" : "Registration.Name.Entity";
        }
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Trim().Length is < 3 or > 50)
        {
            errors["userName"] = "Registration.UserName";
        }
        var number = input.Kind == ApplicantKind.Person ? CheckIdNumber(input.IdNumber, errors) : CheckCreditCode(input.CreditCode, errors);
        if (input.Confirmation is not null && input.Confirmation != input.Password)
        {
            errors["confirmation"] = "Registration.PasswordMismatch";
        }
        // The account's own rules run whatever else is wrong, so that every problem is told at once (issue 16).
        var user = new PanlongUser { UserName = input.UserName?.Trim() ?? "", DisplayName = name, CreatedAt = clock.GetUtcNow() };
        await CheckAccountAsync(user, input.Password ?? "", errors);
        if (errors.Count > 0)
        {
            return new RegistrationResult(null, errors);
        }
        if (input.Kind == ApplicantKind.Person)
        {
            (user.IdCipher, user.IdHash, user.IdMasked) = (protector.Encrypt(number), protector.Hash(number), PersonalDataMask.IdNumber(number));
        }
        else
        {
            user.CreditCode = number;
        }
        return await OpenAsync(user, ip, errors, ct);
    }

    /// <summary>Looks up the number in the accounts and the registry, and opens the account unless it is taken — the same queries and writes either way.</summary>
    private async Task<RegistrationResult> OpenAsync(PanlongUser user, string? ip, Dictionary<string, string> errors, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.Users.AsNoTracking().AnyAsync(u => (user.IdHash != null && u.IdHash == user.IdHash) || (user.CreditCode != null && u.CreditCode == user.CreditCode), ct);
        var holder = await AccountVerifier.PhoneHolderAsync(db, user.IdHash, ct);
        var target = user.IdMasked ?? user.CreditCode;
        if (taken)
        {
            if (holder is not null)
            {
                sms.Add(db, "sms.alert", holder.PersonId,
                    "【数字盘龙】有人使用您的证件号码申请注册账户，您已有账户，未予注册。如非本人操作，请妥善保管账户；如需帮助，请携带身份证到便民服务窗口。");
            }
            var decoy = verifier.Issue(db, null, null);
            db.AuditEntries.Add(audit.Create("Account.Register.Refused", null, user.UserName, target, "证件号码已有账户；已短信告知本人", ip));
            await db.SaveChangesAsync(ct);
            return new RegistrationResult(decoy, errors);
        }
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            // A race on the user name or the number: told as Identity tells it, like the same check before.
            Describe(created, errors);
            return new RegistrationResult(null, errors);
        }
        await users.AddToRoleAsync(user, Roles.Resident);
        var ticket = verifier.Issue(db, user.Id, holder?.CodeFor(user.DisplayName));
        db.AuditEntries.Add(audit.Create("Account.Register", user.Id, user.UserName, target, "待实名验证", ip));
        await db.SaveChangesAsync(ct);
        return new RegistrationResult(ticket, errors);
    }

    /// <summary>The user name and password rules, and the password's hash, run for every registration so that all take as long.</summary>
    private async Task CheckAccountAsync(PanlongUser user, string password, Dictionary<string, string> errors)
    {
        foreach (var validator in users.UserValidators)
        {
            Describe(await validator.ValidateAsync(users, user), errors);
        }
        foreach (var validator in users.PasswordValidators)
        {
            Describe(await validator.ValidateAsync(users, user, password), errors);
        }
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
    }

    private string CheckIdNumber(string? value, Dictionary<string, string> errors)
    {
        var today = ChinaTime.Today(clock);
        var problem = ResidentIdNumber.Check(value, today);
        if (problem != NumberProblem.None)
        {
            errors["idNumber"] = "Registry.IdNumber." + problem;
            return "";
        }
        var id = ResidentIdNumber.Normalize(value);
        if (ResidentIdNumber.BirthDate(id)!.Value.AddYears(MinimumAge) > today)
        {
            errors["idNumber"] = "Registration.Minor";
        }
        return id;
    }

    private static string CheckCreditCode(string? value, Dictionary<string, string> errors)
    {
        var problem = SocialCreditCode.Check(value);
        if (problem != NumberProblem.None)
        {
            errors["creditCode"] = "Entities.CreditCode." + problem;
            return "";
        }
        return SocialCreditCode.Normalize(value);
    }

    /// <summary>
    /// Identity's messages are already in the user's language (ChineseIdentityErrors); they are shown as they are, every
    /// broken password rule together, and a user name's own message before Identity's.
    /// </summary>
    private static void Describe(IdentityResult result, Dictionary<string, string> errors)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "password";
            errors[field] = errors.TryGetValue(field, out var before)
                ? (field == "password" ? $"{before} {error.Description}" : before)
                : error.Description;
        }
    }
}
