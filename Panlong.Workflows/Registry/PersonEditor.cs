using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>Grid staff add and correct person records; each change is checked, scoped and written to the change log.</summary>
public sealed class PersonEditor(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, TimeProvider clock)
{
    /// <param name="personId">0 for a new record.</param>
    /// <param name="expectedVersion">The version the editor loaded; a newer one means someone else saved in between.</param>
    public async Task<SaveOutcome> SaveAsync(WorkflowActor editor, long personId, Guid expectedVersion, PersonInput input, int gridId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (SaveOutcome.Refuse(editor, PersonRules.Check(input, ChinaTime.DateOf(now))) is { } refused)
        {
            return refused;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grid = await db.OrgUnits.InScope(editor.Scope).SingleOrDefaultAsync(u => u.Id == gridId && u.Kind == OrgUnitKind.Grid, ct);
        if (grid is null)
        {
            return SaveOutcome.Fail("GridId", "Common.NotInScope");
        }
        var hash = protector.Hash(PersonRules.NormalizedId(input));
        if (await db.People.AnyAsync(p => p.IdHash == hash && p.Id != personId, ct))
        {
            return SaveOutcome.Fail(nameof(PersonInput.IdNumber), "Registry.IdNumber.Duplicate");
        }
        return await RegistryChangeLog.SaveAsync(db, editor, personId, expectedVersion, now,
            () => new Person { Name = "", IdCipher = "", IdHash = "", IdMasked = "", ScopePath = "" },
            person =>
            {
                PersonRules.Apply(person, input, protector);
                (person.GridId, person.ScopePath) = (grid.Id, grid.ScopePath);
            },
            Snapshot, ct);
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
