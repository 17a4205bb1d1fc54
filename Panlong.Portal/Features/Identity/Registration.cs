using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Data.Services;

namespace Panlong.Portal.Features.Identity;

/// <summary>What a resident or a business enters to open its one account (一号申请).</summary>
public sealed record RegistrationInput(ApplicantKind Kind, string? UserName, string? Password, string? Name, string? IdNumber, string? CreditCode);

/// <summary>The new account, or per-field resource keys (or Identity's own messages under "password"/"userName").</summary>
public sealed record RegistrationResult(PanlongUser? User, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Real-name registration: a resident by the GB 11643-checked ID number (one account per person, stored encrypted
/// with a keyed hash that links to the population registry), a legal entity by the GB 32100-checked credit code.
/// Both get the applicant role (Resident); each registration is audited.
/// </summary>
public sealed class Registration(UserManager<PanlongUser> users, PersonalDataProtector protector, AuditLog audit, TimeProvider clock,
    IDbContextFactory<Panlong.Data.PanlongDbContext> dbFactory)
{
    public async Task<RegistrationResult> RegisterAsync(RegistrationInput input, string? ip, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (name.Length is < 2 or > 100)
        {
            errors["name"] = input.Kind == ApplicantKind.Person ? "Registration.Name.Person" : "Registration.Name.Entity";
        }
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Trim().Length is < 3 or > 50)
        {
            errors["userName"] = "Registration.UserName";
        }
        string? idHash = null, idCipher = null, idMasked = null, creditCode = null;
        var today = ChinaTime.Today(clock);
        if (input.Kind == ApplicantKind.Person)
        {
            var problem = ResidentIdNumber.Check(input.IdNumber, today);
            if (problem != NumberProblem.None)
            {
                errors["idNumber"] = "Registry.IdNumber." + problem;
            }
            else
            {
                var id = ResidentIdNumber.Normalize(input.IdNumber);
                (idHash, idCipher, idMasked) = (protector.Hash(id), protector.Encrypt(id), PersonalDataMask.IdNumber(id));
                if (await users.Users.AnyAsync(u => u.IdHash == idHash, ct))
                {
                    errors["idNumber"] = "Registration.IdTaken";
                }
                else if (await db.People.AsNoTracking().Where(p => p.IdHash == idHash).Select(p => p.Name).FirstOrDefaultAsync(ct) is { } registered && registered != name)
                {
                    // 实名: a number the population registry holds opens an account only under the name it holds.
                    errors["name"] = "Registration.NameMismatch";
                }
            }
        }
        else
        {
            var problem = SocialCreditCode.Check(input.CreditCode);
            if (problem != NumberProblem.None)
            {
                errors["creditCode"] = "Entities.CreditCode." + problem;
            }
            else
            {
                creditCode = SocialCreditCode.Normalize(input.CreditCode);
                if (await users.Users.AnyAsync(u => u.CreditCode == creditCode, ct))
                {
                    errors["creditCode"] = "Registration.CreditCodeTaken";
                }
                else if (await db.LegalEntities.AsNoTracking().Where(e => e.CreditCode == creditCode).Select(e => e.Name).FirstOrDefaultAsync(ct) is { } registered && registered != name)
                {
                    errors["name"] = "Registration.EntityNameMismatch";
                }
            }
        }
        if (errors.Count > 0)
        {
            return new RegistrationResult(null, errors);
        }
        var user = new PanlongUser
        {
            UserName = input.UserName!.Trim(),
            DisplayName = name,
            CreatedAt = clock.GetUtcNow(),
            IdCipher = idCipher,
            IdHash = idHash,
            IdMasked = idMasked,
            CreditCode = creditCode,
        };
        var created = await users.CreateAsync(user, input.Password ?? "");
        if (!created.Succeeded)
        {
            // Identity's messages are already in the user's language (ChineseIdentityErrors); they are shown as they are.
            foreach (var error in created.Errors)
            {
                errors[error.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "password"] = error.Description;
            }
            return new RegistrationResult(null, errors);
        }
        await users.AddToRoleAsync(user, Roles.Resident);
        await audit.WriteAsync("Account.Register", user.Id, user.UserName, input.Kind == ApplicantKind.Person ? idMasked : creditCode, ip: ip, ct: ct);
        return new RegistrationResult(user, errors);
    }
}
