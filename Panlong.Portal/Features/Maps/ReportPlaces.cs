using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Features.Maps;

/// <summary>The reporter's own area: where the report map opens, drawn highlighted. Bounds are WGS-84 degrees.</summary>
public sealed record OwnArea(string Code, string Name, string Kind, double West, double South, double East, double North, IReadOnlyList<string> GridCodes);

/// <summary>A registry building (or one of its houses) found by its address, at the building's position.</summary>
public sealed record PlaceHit(long BuildingId, long? HouseId, string Label, string Address, double Lat, double Lng, string GridName, string CommunityName);

/// <summary>
/// What the report form says about a picked position before it is sent: inside the district or not, its grid, how far it is
/// from the reporter's own area, and whether it lies in the grid of the building the address names (issue 16, defect 2).
/// </summary>
public sealed record PositionCheck(bool Inside, string? GridCode, string? GridName, string? CommunityName, string? StreetName,
    string? OwnAreaName, double? KmFromOwnArea, bool FarFromOwnArea, string? BuildingGridName, bool OtherGridThanBuilding)
{
    public bool NeedsConfirmation => FarFromOwnArea || OtherGridThanBuilding;
}

/// <summary>
/// The report map's places, from the registry's own buildings and houses and the region tree, so the form works with no
/// external geocoder and no internet (docs/decisions/0033-report-map.md). Every answer stays inside the viewer's scope.
/// </summary>
public sealed partial class ReportPlaces(IDbContextFactory<PanlongDbContext> dbFactory, GridLocator grids, TimeProvider clock)
{
    /// <summary>Further than this outside the reporter's own area, a position asks for confirmation: a slip of the finger, not a walk.</summary>
    public const double FarKm = 1.0;

    public const int MaxHits = 10;

    /// <summary>The reporter's street, community or grid with the grids they are assigned to; null for the district or no area.</summary>
    public async Task<OwnArea?> OwnAreaAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (unit, shape) = await OwnUnitAsync(user, ct);
        if (unit is null || shape is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var assigned = userId is null ? [] : await db.Set<GridAssignment>().AsNoTracking().Where(GridAssignment.HeldAt(clock.GetUtcNow())).Where(a => a.StaffMember!.UserId == userId)
            .Select(a => a.Grid!.Code).Distinct().ToListAsync(ct);
        var gridCodes = unit.Kind == OrgUnitKind.Grid ? [unit.Code] : assigned;
        return AreaOf(unit, shape, gridCodes);
    }

    /// <summary>One grid as the map's highlighted area: the grid a spot check goes to (docs/decisions/0074-spot-checks.md).</summary>
    public async Task<OwnArea?> GridAreaAsync(int gridId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == gridId && u.Kind == OrgUnitKind.Grid && u.Boundary != null, ct);
        return unit is null ? null : AreaOf(unit, GeoJsonPolygon.Read(unit.Boundary!), [unit.Code]);
    }

    private static OwnArea AreaOf(OrgUnit unit, Polygon shape, IReadOnlyList<string> gridCodes)
    {
        var box = shape.EnvelopeInternal;
        return new OwnArea(unit.Code, unit.Name, unit.Kind.ToString(), box.MinX, box.MinY, box.MaxX, box.MaxY, gridCodes);
    }

    /// <summary>
    /// Buildings whose street, community, grid, name or address contain every word of the text ("东庄社区 小坝路 12号"); with a unit
    /// or room among the words, the houses of those buildings. Words need no spaces between them: "小坝路12号" is two.
    /// </summary>
    public async Task<IReadOnlyList<PlaceHit>> SearchAsync(ClaimsPrincipal viewer, string? text, CancellationToken ct = default)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = DataScope.For(viewer);
        var buildings = db.Buildings.AsNoTracking().InScope(scope);
        var houses = db.Houses.AsNoTracking().InScope(scope);
        var buildingWords = new List<string>();
        var houseWords = new List<string>();
        foreach (var word in words)
        {
            (HouseWord().IsMatch(word) ? houseWords : buildingWords).Add(word);
        }
        foreach (var w in buildingWords)
        {
            buildings = buildings.Where(b => b.Address.Contains(w) || b.Name.Contains(w) || b.Grid!.Name.Contains(w)
                || b.Grid.Parent!.Name.Contains(w) || b.Grid.Parent.Parent!.Name.Contains(w));
        }
        if (houseWords.Count == 0)
        {
            return await buildings.OrderBy(b => b.Address.Length).ThenBy(b => b.Address).Take(MaxHits)
                .Select(b => new PlaceHit(b.Id, null, b.Name, b.Address, b.Lat, b.Lng, b.Grid!.Name, b.Grid.Parent!.Name)).ToListAsync(ct);
        }
        var ids = buildings.Select(b => b.Id);
        houses = houses.Where(h => ids.Contains(h.BuildingId));
        foreach (var w in houseWords.Select(w => w.TrimEnd('室')))
        {
            houses = houses.Where(h => h.Unit == w || h.Room == w);
        }
        return await houses.OrderBy(h => h.Building!.Address.Length).ThenBy(h => h.Building!.Address).ThenBy(h => h.Unit).ThenBy(h => h.Room).Take(MaxHits)
            .Select(h => new PlaceHit(h.BuildingId, h.Id, h.Building!.Name + " " + h.Unit + h.Room, h.Building.Address + " " + h.Unit + h.Room + "室",
                h.Building.Lat, h.Building.Lng, h.Building.Grid!.Name, h.Building.Grid.Parent!.Name)).ToListAsync(ct);
    }

    /// <summary>The check the report form runs when a position is picked, and again before it is sent.</summary>
    public async Task<PositionCheck> CheckAsync(ClaimsPrincipal reporter, double lat, double lng, long? buildingId, CancellationToken ct = default)
    {
        if (await grids.LocateAsync(lat, lng, ct) is not { } grid)
        {
            return new PositionCheck(false, null, null, null, null, null, null, false, null, false);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.OrgUnits.AsNoTracking().Where(u => u.Id == grid.Id)
            .Select(u => new { Community = u.Parent!.Name, Street = u.Parent.Parent!.Name }).SingleAsync(ct);
        var (own, shape) = await OwnUnitAsync(reporter, ct);
        double? km = null;
        if (own is not null && shape is not null && !grid.ScopePath.StartsWith(own.ScopePath, StringComparison.Ordinal))
        {
            var nearest = DistanceOp.NearestPoints(shape, new Point(lng, lat))[0];
            km = Math.Round(CaseService.Distance(lat, lng, nearest.Y, nearest.X) / 1000, 1);
        }
        var building = buildingId is { } id
            ? await db.Buildings.AsNoTracking().InScope(DataScope.For(reporter)).Where(b => b.Id == id).Select(b => new { b.GridId, b.Grid!.Name }).SingleOrDefaultAsync(ct)
            : null;
        return new PositionCheck(true, grid.Code, grid.Name, names.Community, names.Street, own?.Name, km, km > FarKm,
            building?.Name, building is not null && building.GridId != grid.Id);
    }

    /// <summary>The unit of the reporter's scope when it is a street, community or grid with a boundary; none for the district.</summary>
    private async Task<(OrgUnit? Unit, Polygon? Shape)> OwnUnitAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (DataScope.For(user).Root is not { Level: OrgLevel.Street or OrgLevel.Community or OrgLevel.Grid } root)
        {
            return (null, null);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.ScopePath == root.Value && u.Boundary != null, ct);
        return unit is null ? (null, null) : (unit, GeoJsonPolygon.Read(unit.Boundary!));
    }

    private static List<string> Words(string? text) =>
        [.. WordEnd().Split(text?.Trim() ?? "").Select(w => w.Trim()).Where(w => w.Length > 0).Distinct().Take(6)];

    // A word ends at a space or after the suffix of an address part (街道、社区、网格、路、街、巷、号、单元、室); 街道 and 号楼 stay whole.
    [GeneratedRegex(@"\s+|(?<=街道|社区|网格|路|巷|号(?!楼)|单元|室)|(?<=街)(?!道)")]
    private static partial Regex WordEnd();

    /// <summary>"2单元", "301", "301室": a house within the building rather than part of its address.</summary>
    [GeneratedRegex(@"^(\d+单元|\d{3,4}室?)$")]
    private static partial Regex HouseWord();
}
