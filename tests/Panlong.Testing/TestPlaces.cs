using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Maps;
using Panlong.Data.Organization;

namespace Panlong.Testing;

/// <summary>Positions for case tests: the centre of the first grid whose code starts with a region's code.</summary>
public static class TestPlaces
{
    public sealed record GridPlace(int Id, string Code, double Lat, double Lng);

    public static async Task<GridPlace> GridAsync(PanlongDbContext db, string regionCode)
    {
        var grid = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(regionCode)).OrderBy(u => u.Code).FirstAsync();
        var centre = GeoJsonPolygon.Read(grid.Boundary!).Centroid;
        return new GridPlace(grid.Id, grid.Code, centre.Y, centre.X);
    }
}
