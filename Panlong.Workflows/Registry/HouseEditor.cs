using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>Grid staff add and correct houses; a house lies in a building inside their scope and takes its grid.</summary>
public sealed class HouseEditor(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="houseId">0 for a new record.</param>
    public async Task<SaveOutcome> SaveAsync(WorkflowActor editor, long houseId, Guid expectedVersion, HouseInput input, CancellationToken ct = default)
    {
        if (SaveOutcome.Refuse(editor, PlaceRules.Check(input)) is { } refused)
        {
            return refused;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var building = await db.Buildings.AsNoTracking().InScope(editor.Scope).SingleOrDefaultAsync(b => b.Id == input.BuildingId, ct);
        if (building is null)
        {
            return SaveOutcome.Fail(nameof(input.BuildingId), "Common.NotInScope");
        }
        var (unit, room) = (PlaceRules.Trimmed(input.Unit) ?? "", input.Room!.Trim());
        if (await db.Houses.AnyAsync(h => h.BuildingId == building.Id && h.Unit == unit && h.Room == room && h.Id != houseId, ct))
        {
            return SaveOutcome.Fail(nameof(input.Room), "Houses.Room.Duplicate");
        }
        var oldBuilding = await db.Houses.AsNoTracking().Where(h => h.Id == houseId).Select(h => h.Building!.Name).SingleOrDefaultAsync(ct);
        return await RegistryChangeLog.SaveAsync(db, editor, houseId, expectedVersion, clock.GetUtcNow(),
            () => new House { Unit = "", Room = "", ScopePath = "" },
            house =>
            {
                (house.BuildingId, house.Unit, house.Room, house.Use, house.Area) = (building.Id, unit, room, input.Use, decimal.Round(input.Area, 2));
                (house.GridId, house.ScopePath) = (building.GridId, building.ScopePath);
            },
            h => new()
            {
                ["Building"] = h.BuildingId == building.Id ? building.Name : oldBuilding,
                ["Unit"] = h.Unit,
                ["Room"] = h.Room,
                ["Use"] = h.Use.ToString(),
                ["Area"] = h.Area.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            },
            ct);
    }
}
