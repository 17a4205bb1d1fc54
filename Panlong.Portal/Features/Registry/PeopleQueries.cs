using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record PersonRow(long Id, string Name, Gender Gender, string IdMasked, DateOnly? BirthDate, string? PhoneMasked, string? Ethnicity,
    HouseholdType Household, SpecialGroups Groups, string GridName, string? Address, Guid Version);

/// <param name="Total">Exact up to <see cref="PeopleQueries.CountCap"/>; beyond it <paramref name="Capped"/> is set.</param>
public sealed record PeopleResult(IReadOnlyList<PersonRow> Items, int Total, bool Capped = false);

public enum RevealField
{
    IdNumber,
    Phone,
}

/// <summary>
/// Search and read of the population registry, always inside the viewer's scope. The plain ID and phone are never
/// read here: search goes by keyed hash, lists show the masked forms, and a reveal decrypts one value and audits it.
/// </summary>
public sealed class PeopleQueries(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, AuditLog audit)
{
    /// <summary>Counting every person of the district costs more than the page itself: the count stops at the lists' cap.</summary>
    public const int CountCap = Paging.CountCap;

    public async Task<PeopleResult> SearchAsync(ClaimsPrincipal viewer, string? text, int page = 0, int pageSize = 25, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, viewer, text);
        var (total, capped) = await query.CappedCountAsync(ct);
        var rows = await Rows(query, viewer).Page(page, pageSize).ToListAsync(ct);
        return new PeopleResult(rows, total, capped);
    }

    /// <summary>How many people the list holds under this search: all of them, not capped (an export's progress).</summary>
    public async Task<int> CountAsync(ClaimsPrincipal viewer, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filtered(db, viewer, text).CountAsync(ct);
    }

    /// <summary>
    /// Every person of the list in the list's order, read from the database as they are written out, never held all at
    /// once: an export of the whole district (docs/decisions/0043-streamed-exports.md).
    /// </summary>
    public async IAsyncEnumerable<PersonRow> AllAsync(ClaimsPrincipal viewer, string? text, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in Rows(Filtered(db, viewer, text), viewer).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>The viewer's people under the list's search: a full ID or phone number goes by keyed hash, anything else is the start of a name.</summary>
    private IQueryable<Person> Filtered(PanlongDbContext db, ClaimsPrincipal viewer, string? text)
    {
        var query = db.People.AsNoTracking().InScope(DataScope.For(viewer));
        var term = text?.Trim() ?? "";
        if (term.Length == 0)
        {
            return query;
        }
        var id = ResidentIdNumber.Normalize(term);
        var phone = PhoneNumber.Normalize(term);
        return id.Length == 18 && ResidentIdNumber.Check(id, DateOnly.MaxValue) is NumberProblem.None or NumberProblem.WrongCheckCharacter
            ? query.Where(p => p.IdHash == protector.Hash(id))
            : PhoneNumber.IsValid(phone)
                ? query.Where(p => p.PhoneHash == protector.Hash(phone))
                : query.Where(p => p.Name.StartsWith(term));
    }

    /// <summary>The list's rows in the list's order; the key-person mark only for governance roles.</summary>
    private static IQueryable<PersonRow> Rows(IQueryable<Person> query, ClaimsPrincipal viewer)
    {
        var governance = Roles.GovernanceViewers.Any(viewer.IsInRole);
        return query.OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new PersonRow(p.Id, p.Name, p.Gender, p.IdMasked, p.BirthDate, p.PhoneMasked, p.Ethnicity, p.Household,
                governance ? p.Groups : p.Groups & ~SpecialGroups.KeyPerson,
                p.Grid!.Name, p.House == null ? null : p.House.Building!.Address + " " + p.House.Unit + p.House.Room, p.Version));
    }

    /// <summary>The full value for roles that need it; null when the person is outside the scope or the role may not. Audited.</summary>
    public async Task<string?> RevealAsync(ClaimsPrincipal viewer, long personId, RevealField field, CancellationToken ct = default)
    {
        if (!Roles.PersonalDataRevealers.Any(viewer.IsInRole))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await db.People.AsNoTracking().InScope(DataScope.For(viewer))
            .Where(p => p.Id == personId).Select(p => new { p.Name, p.IdCipher, p.PhoneCipher }).SingleOrDefaultAsync(ct);
        var cipher = field == RevealField.IdNumber ? person?.IdCipher : person?.PhoneCipher;
        if (cipher is null)
        {
            return null;
        }
        await audit.WriteAsync(AuditActions.PersonalDataRevealed, viewer.FindFirstValue(ClaimTypes.NameIdentifier), viewer.Identity?.Name,
            target: $"person:{personId}", detail: $"{field} of {PersonalDataMask.Name(person!.Name)}", ct: ct);
        return protector.Decrypt(cipher);
    }
}
