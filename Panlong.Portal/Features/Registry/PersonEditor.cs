using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record SaveOutcome(bool Ok, long? Id, IReadOnlyList<FieldError> Errors)
{
    public static SaveOutcome Fail(string field, string code) => new(false, null, [new FieldError(field, code)]);
}

/// <summary>Grid staff add and correct person records; each change is checked, scoped and written to the change log.</summary>
public sealed class PersonEditor(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, TimeProvider clock)
{
    /// <param name="personId">0 for a new record.</param>
    /// <param name="expectedVersion">The version the editor loaded; a newer one means someone else saved in between.</param>
    public async Task<SaveOutcome> SaveAsync(ClaimsPrincipal editor, long personId, Guid expectedVersion, PersonInput input, int gridId, CancellationToken ct = default)
    {
        if (!editor.HoldsAny(Roles.RegistryEditors))
        {
            return SaveOutcome.Fail("", "Common.NotInScope");
        }
        var now = clock.GetUtcNow();
        var errors = PersonRules.Check(input, DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime));
        if (errors.Count > 0)
        {
            return new SaveOutcome(false, null, errors);
        }
        var scope = DataScope.For(editor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grid = await db.OrgUnits.InScope(scope).SingleOrDefaultAsync(u => u.Id == gridId && u.Kind == OrgUnitKind.Grid, ct);
        if (grid is null)
        {
            return SaveOutcome.Fail("GridId", "Common.NotInScope");
        }
        var hash = protector.Hash(PersonRules.NormalizedId(input));
        if (await db.People.AnyAsync(p => p.IdHash == hash && p.Id != personId, ct))
        {
            return SaveOutcome.Fail(nameof(PersonInput.IdNumber), "Registry.IdNumber.Duplicate");
        }
        Person person;
        Dictionary<string, string?> before = [];
        if (personId == 0)
        {
            person = new Person { Name = "", IdCipher = "", IdHash = "", IdMasked = "", GridId = grid.Id, ScopePath = grid.ScopePath };
            db.People.Add(person);
        }
        else
        {
            var found = await db.People.InScope(scope).SingleOrDefaultAsync(p => p.Id == personId, ct);
            if (found is null)
            {
                return SaveOutcome.Fail("", "Common.NotInScope");
            }
            person = found;
            before = Snapshot(person);
            db.Entry(person).Property(p => p.Version).OriginalValue = expectedVersion;
        }
        PersonRules.Apply(person, input, protector);
        (person.GridId, person.ScopePath, person.UpdatedAt) = (grid.Id, grid.ScopePath, now);
        var after = Snapshot(person);
        var changes = after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value)
            .ToDictionary(kv => kv.Key, kv => new[] { before.GetValueOrDefault(kv.Key), kv.Value });
        try
        {
            await db.SaveChangesAsync(ct);
            db.RegistryChanges.Add(new RegistryChange
            {
                EntityType = nameof(Person),
                EntityId = person.Id,
                At = now,
                UserId = editor.FindFirstValue(ClaimTypes.NameIdentifier),
                UserName = editor.Identity?.Name,
                Action = personId == 0 ? "Created" : "Updated",
                Changes = JsonSerializer.Serialize(changes),
            });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.Fail("", "Common.ChangedBySomeoneElse");
        }
        return new SaveOutcome(true, person.Id, []);
    }

    /// <summary>The fields the change log compares; personal data only in masked form.</summary>
    private static Dictionary<string, string?> Snapshot(Person p) => new()
    {
        ["Name"] = p.Name,
        ["IdNumber"] = p.IdMasked,
        ["Phone"] = p.PhoneMasked,
        ["Ethnicity"] = p.Ethnicity,
        ["Household"] = p.Household.ToString(),
        ["Groups"] = p.Groups.ToString(),
        ["Grid"] = p.GridId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
