using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>The grid a position lies in; <see cref="InScope"/> says whether the editor may file records there.</summary>
public sealed record GridAt(int Id, string Name, string ScopePath, bool InScope);

/// <summary>Grid staff add and correct buildings; the grid is the one whose boundary holds the building's position.</summary>
public sealed class BuildingEditor(IDbContextFactory<PanlongDbContext> dbFactory, GridLocator grids, TimeProvider clock)
{
    /// <summary>The grid at a WGS-84 position, or null outside the district (the grids tile the district: DistrictPlan).</summary>
    public async Task<GridAt?> GridAtAsync(WorkflowActor editor, double lat, double lng, CancellationToken ct = default)
    {
        return await grids.LocateAsync(lat, lng, ct) is { } grid ? new GridAt(grid.Id, grid.Name, grid.ScopePath, editor.Scope.Covers(grid.ScopePath)) : null;
    }

    /// <param name="buildingId">0 for a new record.</param>
    public async Task<SaveOutcome> SaveAsync(WorkflowActor editor, long buildingId, Guid expectedVersion, BuildingInput input, CancellationToken ct = default)
    {
        if (SaveOutcome.Refuse(editor, PlaceRules.Check(input)) is { } refused)
        {
            return refused;
        }
        var (lat, lng) = (Math.Round(input.Lat!.Value, 6), Math.Round(input.Lng!.Value, 6));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grid = await GridAtAsync(editor, lat, lng, ct);
        if (grid is not { InScope: true })
        {
            return SaveOutcome.Fail("Position", grid is null ? "Buildings.Position.OutsideDistrict" : "Buildings.Position.NotInScope");
        }
        var oldGrid = await db.Buildings.AsNoTracking().Where(b => b.Id == buildingId)
            .Select(b => db.OrgUnits.Where(u => u.Id == b.GridId).Select(u => u.Name).FirstOrDefault()).SingleOrDefaultAsync(ct);
        var outcome = await RegistryChangeLog.SaveAsync(db, editor, buildingId, expectedVersion, clock.GetUtcNow(),
            () => new Building { Name = "", Address = "", ScopePath = "" },
            building =>
            {
                building.Name = input.Name!.Trim();
                building.Address = input.Address!.Trim();
                (building.Floors, building.Use, building.Lat, building.Lng) = (input.Floors, input.Use, lat, lng);
                (building.GridId, building.ScopePath) = (grid.Id, grid.ScopePath);
            },
            b => new()
            {
                ["Name"] = b.Name,
                ["Address"] = b.Address,
                ["Floors"] = b.Floors.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Use"] = b.Use.ToString(),
                ["Position"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{b.Lat:0.######}, {b.Lng:0.######}"),
                ["Grid"] = b.GridId == grid.Id ? grid.Name : oldGrid,
            },
            ct);
        if (outcome.Ok && buildingId != 0)
        {
            // Houses belong to the grid their building stands in.
            await db.Houses.Where(h => h.BuildingId == buildingId && h.GridId != grid.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.GridId, grid.Id).SetProperty(h => h.ScopePath, grid.ScopePath), ct);
        }
        return outcome;
    }
}
