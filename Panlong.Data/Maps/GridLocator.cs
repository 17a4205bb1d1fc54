using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Panlong.Data.Organization;

namespace Panlong.Data.Maps;

public sealed record GridHit(int Id, string Code, string Name, string ScopePath);

/// <summary>
/// Finds the grid a WGS-84 position falls in (point in polygon over an in-memory STR-tree of the 610 grid
/// boundaries, loaded once). Null means the position is outside the district.
/// </summary>
public sealed class GridLocator(IDbContextFactory<PanlongDbContext> dbFactory) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private STRtree<(Polygon Shape, GridHit Grid)>? _index;

    public async Task<GridHit?> LocateAsync(double lat, double lng, CancellationToken ct = default)
    {
        if (double.IsNaN(lat) || double.IsNaN(lng) || lat is < -90 or > 90 || lng is < -180 or > 180)
        {
            return null;
        }
        var index = _index ?? await LoadAsync(ct);
        var point = new Point(lng, lat);
        return index.Query(point.EnvelopeInternal).FirstOrDefault(e => e.Shape.Covers(point)).Grid;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Forget the boundaries (after an administrator changes the grids).</summary>
    public void Invalidate() => _index = null;

    private async Task<STRtree<(Polygon, GridHit)>> LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_index is { } loaded)
            {
                return loaded;
            }
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var grids = await db.OrgUnits.AsNoTracking()
                .Where(u => u.Kind == OrgUnitKind.Grid && u.IsActive && u.Boundary != null)
                .Select(u => new { u.Id, u.Code, u.Name, u.ScopePath, u.Boundary })
                .ToListAsync(ct);
            var tree = new STRtree<(Polygon, GridHit)>();
            foreach (var g in grids)
            {
                var shape = GeoJsonPolygon.Read(g.Boundary!);
                tree.Insert(shape.EnvelopeInternal, (shape, new GridHit(g.Id, g.Code, g.Name, g.ScopePath)));
            }
            tree.Build();
            _index = tree;
            return tree;
        }
        finally
        {
            _gate.Release();
        }
    }
}
