using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cameras;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Cameras;

/// <summary>A camera in the keeper's list and the wall's chooser; the wall and the map never carry the stream address.</summary>
public sealed record CameraRow(int Id, string Code, string Name, CameraKind Kind, double Lat, double Lng, string GridCode, string GridName, string StreamUrl, bool IsActive);

/// <summary>A camera on the map: where and what, without its stream.</summary>
public sealed record CameraPoint(int Id, string Code, string Name, string Kind, double Lat, double Lng);

/// <summary>What a live view plays: the camera and its stream address, handed to the watcher's browser only.</summary>
public sealed record CameraLive(int Id, string Code, string Name, CameraKind Kind, double Lat, double Lng, string GridName, string StreamUrl);

/// <summary>A camera near a place (an incident room's list and map), with its distance; no stream address.</summary>
public sealed record NearbyCamera(int Id, string Code, string Name, CameraKind Kind, double Lat, double Lng, int DistanceMeters);

/// <summary>A street or grid to choose the wall's cameras by.</summary>
public sealed record CameraArea(string Code, string Name, OrgUnitKind Kind);

/// <summary>Camera reads (docs/decisions/0072-cameras.md), each inside the caller's scope; opening a live view is audited.</summary>
public sealed class CameraQueries(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit)
{
    /// <summary>The scope's cameras (the keeper's list: disabled ones too), optionally under one street's or grid's code.</summary>
    public async Task<IReadOnlyList<CameraRow>> ListAsync(DataScope scope, bool activeOnly, string? areaCode = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Cameras.AsNoTracking().InScope(scope).Where(c => !activeOnly || c.IsActive);
        if (!string.IsNullOrEmpty(areaCode))
        {
            query = query.Where(c => c.Grid!.Code.StartsWith(areaCode));
        }
        return await query.OrderBy(c => c.Grid!.Code).ThenBy(c => c.Code).Take(1000)
            .Select(c => new CameraRow(c.Id, c.Code, c.Name, c.Kind, c.Lat, c.Lng, c.Grid!.Code, c.Grid.Name, c.StreamUrl, c.IsActive)).ToListAsync(ct);
    }

    /// <summary>The streets and grids of the scope that have an active camera, for the wall's chooser.</summary>
    public async Task<IReadOnlyList<CameraArea>> AreasAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grids = await db.Cameras.AsNoTracking().InScope(scope).Where(c => c.IsActive).Select(c => new { c.Grid!.Code, c.Grid.Name }).Distinct().ToListAsync(ct);
        var streetCodes = grids.Select(g => g.Code[..9]).Distinct().ToList();
        var streets = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Street && streetCodes.Contains(u.Code))
            .Select(u => new CameraArea(u.Code, u.Name, OrgUnitKind.Street)).ToListAsync(ct);
        return [.. streets.Concat(grids.Select(g => new CameraArea(g.Code, g.Name, OrgUnitKind.Grid))).OrderBy(a => a.Code)];
    }

    public async Task<IReadOnlyList<CameraPoint>> PointsAsync(DataScope scope, Func<CameraKind, string> kindName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Cameras.AsNoTracking().InScope(scope).Where(c => c.IsActive).OrderBy(c => c.Code).Take(5000)
            .Select(c => new { c.Id, c.Code, c.Name, c.Kind, c.Lat, c.Lng }).ToListAsync(ct);
        return [.. rows.Select(c => new CameraPoint(c.Id, c.Code, c.Name, kindName(c.Kind), c.Lat, c.Lng))];
    }

    /// <summary>
    /// The scope's active cameras within <paramref name="meters"/> of a place, nearest first (an incident room,
    /// docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md): a box around it narrows the rows in the database,
    /// the great-circle distance the patrol tracks use (<see cref="ServiceOrderRules.Meters"/>) decides.
    /// </summary>
    public async Task<IReadOnlyList<NearbyCamera>> WithinAsync(double lat, double lng, int meters, DataScope scope, CancellationToken ct = default)
    {
        // A box a little larger than the circle (111 km to a degree of latitude is a shade short), so none within it is cut.
        var dLat = (meters + 1) / 111_000.0;
        var dLng = (meters + 1) / (111_000.0 * Math.Cos(lat * Math.PI / 180));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Cameras.AsNoTracking().InScope(scope)
            .Where(c => c.IsActive && c.Lat >= lat - dLat && c.Lat <= lat + dLat && c.Lng >= lng - dLng && c.Lng <= lng + dLng)
            .Select(c => new { c.Id, c.Code, c.Name, c.Kind, c.Lat, c.Lng }).Take(5000).ToListAsync(ct);
        return [.. rows.Select(c => new NearbyCamera(c.Id, c.Code, c.Name, c.Kind, c.Lat, c.Lng, (int)Math.Round(ServiceOrderRules.Meters(lat, lng, c.Lat, c.Lng))))
            .Where(c => c.DistanceMeters <= meters).OrderBy(c => c.DistanceMeters).ThenBy(c => c.Code)];
    }

    /// <summary>The camera's live view for a watcher whose scope covers it; null otherwise (told "not found"). Every view is audited.</summary>
    public async Task<CameraLive?> LiveAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        if (!actor.HoldsAny(CameraSettings.Watchers))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Cameras.AsNoTracking().InScope(actor.Scope).Where(c => c.Id == id && c.IsActive)
            .Select(c => new CameraLive(c.Id, c.Code, c.Name, c.Kind, c.Lat, c.Lng, c.Grid!.Name, c.StreamUrl)).SingleOrDefaultAsync(ct);
        if (live is not null)
        {
            await audit.WriteAsync(AuditActions.CameraViewed, actor.UserId, actor.Name, $"camera:{live.Code}", live.Name, ct: ct);
        }
        return live;
    }
}
