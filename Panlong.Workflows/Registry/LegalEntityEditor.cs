using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>Grid staff add and correct legal entities: a valid, unique USCC (GB 32100), a grid and building inside their scope.</summary>
public sealed class LegalEntityEditor(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="entityId">0 for a new record.</param>
    public async Task<SaveOutcome> SaveAsync(WorkflowActor editor, long entityId, Guid expectedVersion, LegalEntityInput input, CancellationToken ct = default)
    {
        if (SaveOutcome.Refuse(editor, PlaceRules.Check(input)) is { } refused)
        {
            return refused;
        }
        var scope = editor.Scope;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var building = input.BuildingId is { } buildingId
            ? await db.Buildings.AsNoTracking().InScope(scope).Where(b => b.Id == buildingId).Select(b => new { b.Name, b.GridId }).SingleOrDefaultAsync(ct)
            : null;
        if (input.BuildingId is not null && building is null)
        {
            return SaveOutcome.Fail(nameof(input.BuildingId), "Common.NotInScope");
        }
        // An entity in a building lies in the building's grid; without one, the editor names the grid.
        var gridId = building?.GridId ?? input.GridId;
        var grid = await db.OrgUnits.AsNoTracking().InScope(scope).SingleOrDefaultAsync(u => u.Id == gridId && u.Kind == OrgUnitKind.Grid, ct);
        if (grid is null)
        {
            return SaveOutcome.Fail(nameof(input.GridId), gridId == 0 ? "Entities.Grid.Required" : "Common.NotInScope");
        }
        var code = SocialCreditCode.Normalize(input.CreditCode);
        // One record per code in the whole district, whoever's scope holds the other one.
        if (await db.LegalEntities.AnyAsync(e => e.CreditCode == code && e.Id != entityId, ct))
        {
            return SaveOutcome.Fail(nameof(input.CreditCode), "Entities.CreditCode.Duplicate");
        }
        // The log names the building and grid, also the ones the record had before.
        var old = await db.LegalEntities.AsNoTracking().Where(e => e.Id == entityId)
            .Select(e => new { Building = e.Building!.Name, Grid = db.OrgUnits.Where(u => u.Id == e.GridId).Select(u => u.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        return await RegistryChangeLog.SaveAsync(db, editor, entityId, expectedVersion, clock.GetUtcNow(),
            () => new LegalEntity { Name = "", CreditCode = "", EntityType = "", ScopePath = "" },
            entity =>
            {
                entity.Name = input.Name!.Trim();
                entity.CreditCode = code;
                entity.EntityType = input.EntityType!.Trim();
                entity.LegalRepresentative = PlaceRules.Trimmed(input.LegalRepresentative);
                entity.Address = PlaceRules.Trimmed(input.Address);
                entity.BuildingId = input.BuildingId;
                (entity.GridId, entity.ScopePath) = (grid.Id, grid.ScopePath);
            },
            e => new()
            {
                ["Name"] = e.Name,
                ["CreditCode"] = e.CreditCode,
                ["EntityType"] = e.EntityType,
                ["LegalRepresentative"] = e.LegalRepresentative,
                ["Address"] = e.Address,
                ["Building"] = e.BuildingId == input.BuildingId ? building?.Name : old?.Building,
                ["Grid"] = e.GridId == grid.Id ? grid.Name : old?.Grid,
            },
            ct);
    }
}
