using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Maps;

/// <summary>GeoJSON for the one map: regions with their figures, buildings as points — all inside the viewer's scope.</summary>
public sealed class MapQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>Streets, communities or grids as a FeatureCollection; each feature carries id, code, name and its population.</summary>
    public async Task<string> RegionsAsync(DataScope scope, OrgUnitKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().InScope(scope).Where(u => u.Kind == kind && u.Boundary != null)
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Name, u.Boundary, u.ScopePath }).ToListAsync(ct);
        // Population per unit: people are counted under the unit whose path prefixes theirs.
        var perGrid = await db.People.InScope(scope).GroupBy(p => p.GridId).Select(g => new { GridId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var gridPaths = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid).Select(u => new { u.Id, u.ScopePath }).ToDictionaryAsync(u => u.Id, u => u.ScopePath, ct);
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var people = perGrid.Where(g => gridPaths.TryGetValue(g.GridId, out var path) && path.StartsWith(unit.ScopePath, StringComparison.Ordinal)).Sum(g => g.Count);
            sb.Append(i == 0 ? "" : ",")
              .Append("{\"type\":\"Feature\",\"geometry\":").Append(unit.Boundary)
              .Append(",\"properties\":").Append(JsonSerializer.Serialize(new { id = unit.Id, code = unit.Code, name = unit.Name, kind = kind.ToString(), people }))
              .Append('}');
        }
        return sb.Append("]}").ToString();
    }

    /// <summary>
    /// Streets' (communities', grids') boundaries with their names and codes only: the outline any signed-in user may see, so a
    /// reporter reads where they are (issue 16); it carries no figures.
    /// </summary>
    public async Task<string> OutlineAsync(OrgUnitKind kind = OrgUnitKind.Street, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == kind && u.IsActive && u.Boundary != null).OrderBy(u => u.Code)
            .Select(u => new { u.Code, u.Name, u.Boundary }).ToListAsync(ct);
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        sb.AppendJoin(',', units.Select(s => $"{{\"type\":\"Feature\",\"geometry\":{s.Boundary},\"properties\":{JsonSerializer.Serialize(new { code = s.Code, name = s.Name })}}}"));
        return sb.Append("]}").ToString();
    }

    /// <summary>Buildings as [lat, lng, id, name] rows: compact for thousands of clustered markers.</summary>
    public async Task<string> BuildingsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Buildings.AsNoTracking().InScope(scope).Select(b => new { b.Lat, b.Lng, b.Id, b.Name }).ToListAsync(ct);
        var sb = new StringBuilder("[");
        for (var i = 0; i < rows.Count; i++)
        {
            var b = rows[i];
            sb.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{b.Lat},{b.Lng},{b.Id},").Append(JsonSerializer.Serialize(b.Name)).Append(']');
        }
        return sb.Append(']').ToString();
    }
}
