using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record EntityRow(long Id, string Name, string CreditCode, string EntityType, string? LegalRepresentative, string? Address,
    long? BuildingId, string? BuildingName, int GridId, string? GridName, Guid Version);

public sealed record BuildingListRow(long Id, string Name, string Address, int Floors, BuildingUse Use, double Lat, double Lng, string GridName, int Houses, Guid Version);

public sealed record HouseRow(long Id, long BuildingId, string BuildingName, string Unit, string Room, HouseUse Use, decimal Area, int Residents, Guid Version);

public sealed record ResidentRow(long Id, string Name, Gender Gender, string IdMasked);

public sealed record BuildingChoice(long Id, string Name, string Address);

public sealed record PlacePage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Lists and details of legal entities, buildings and houses, always inside the viewer's scope.</summary>
public sealed class PlaceQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<PlacePage<EntityRow>> EntitiesAsync(ClaimsPrincipal viewer, string? text, int page = 0, int pageSize = 20, long? buildingId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.LegalEntities.AsNoTracking().InScope(DataScope.For(viewer));
        var term = text?.Trim() ?? "";
        var code = SocialCreditCode.Normalize(term);
        if (code.Length == 18)
        {
            query = query.Where(e => e.CreditCode == code);
        }
        else if (term.Length > 0)
        {
            query = query.Where(e => e.Name.Contains(term) || e.CreditCode.StartsWith(code));
        }
        if (buildingId is not null)
        {
            query = query.Where(e => e.BuildingId == buildingId);
        }
        return await PageAsync(query.OrderBy(e => e.Name).ThenBy(e => e.Id)
            .Select(e => new EntityRow(e.Id, e.Name, e.CreditCode, e.EntityType, e.LegalRepresentative, e.Address, e.BuildingId,
                e.Building == null ? null : e.Building.Name, e.GridId, db.OrgUnits.Where(u => u.Id == e.GridId).Select(u => u.Name).FirstOrDefault(), e.Version)),
            page, pageSize, ct);
    }

    public async Task<PlacePage<BuildingListRow>> BuildingsAsync(ClaimsPrincipal viewer, string? text, int page = 0, int pageSize = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Buildings.AsNoTracking().InScope(DataScope.For(viewer));
        var term = text?.Trim() ?? "";
        if (term.Length > 0)
        {
            query = query.Where(b => b.Name.Contains(term) || b.Address.Contains(term));
        }
        return await PageAsync(query.OrderBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new BuildingListRow(b.Id, b.Name, b.Address, b.Floors, b.Use, b.Lat, b.Lng, b.Grid!.Name,
                db.Houses.Count(h => h.BuildingId == b.Id), b.Version)),
            page, pageSize, ct);
    }

    public async Task<PlacePage<HouseRow>> HousesAsync(ClaimsPrincipal viewer, string? text, int page = 0, int pageSize = 20, long? buildingId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Houses.AsNoTracking().InScope(DataScope.For(viewer));
        var term = text?.Trim() ?? "";
        if (term.Length > 0)
        {
            query = query.Where(h => h.Building!.Name.Contains(term) || h.Building.Address.Contains(term) || h.Room == term);
        }
        if (buildingId is not null)
        {
            query = query.Where(h => h.BuildingId == buildingId);
        }
        return await PageAsync(query.OrderBy(h => h.Building!.Name).ThenBy(h => h.Unit).ThenBy(h => h.Room.Length).ThenBy(h => h.Room).ThenBy(h => h.Id)
            .Select(h => new HouseRow(h.Id, h.BuildingId, h.Building!.Name, h.Unit, h.Room, h.Use, h.Area,
                db.People.Count(p => p.HouseId == h.Id), h.Version)),
            page, pageSize, ct);
    }

    /// <summary>The people living in a house (Person.HouseId), masked; none when the house is outside the scope.</summary>
    public async Task<IReadOnlyList<ResidentRow>> ResidentsAsync(ClaimsPrincipal viewer, long houseId, CancellationToken ct = default)
    {
        var scope = DataScope.For(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Houses.InScope(scope).AnyAsync(h => h.Id == houseId, ct))
        {
            return [];
        }
        return await db.People.AsNoTracking().InScope(scope).Where(p => p.HouseId == houseId).OrderBy(p => p.Name)
            .Select(p => new ResidentRow(p.Id, p.Name, p.Gender, p.IdMasked)).ToListAsync(ct);
    }

    /// <summary>Buildings to choose from in a form: name or address contains the text.</summary>
    public async Task<IReadOnlyList<BuildingChoice>> BuildingChoicesAsync(ClaimsPrincipal viewer, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Buildings.AsNoTracking().InScope(DataScope.For(viewer));
        var term = text?.Trim() ?? "";
        if (term.Length > 0)
        {
            query = query.Where(b => b.Name.Contains(term) || b.Address.Contains(term));
        }
        return await query.OrderBy(b => b.Name).Take(20).Select(b => new BuildingChoice(b.Id, b.Name, b.Address)).ToListAsync(ct);
    }

    private static async Task<PlacePage<T>> PageAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct) =>
        new(await query.Page(page, pageSize).ToListAsync(ct), await query.CountAsync(ct));
}
