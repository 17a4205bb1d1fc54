using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Incidents;
using Panlong.Portal.Features.Cameras;
using Panlong.Portal.Features.Patrol;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Incidents;

namespace Panlong.Portal.Features.Incidents;

/// <summary>An incident in a list: the command center's open ones, or those a handler's unit is called to.</summary>
public sealed record IncidentRow(long Id, string Number, string Description, IncidentStatus Status, DateTimeOffset RaisedAt);

/// <summary>What the incident room shows one viewer: the record, what they may do, and (command center only) who and which cameras are near.</summary>
public sealed record IncidentRoom(IncidentRecord Record, bool MayCommand, string? MyUnit, IReadOnlyList<LivePatroller> Patrollers, IReadOnlyList<NearbyCamera> Cameras,
    DateTimeOffset Now);

/// <summary>The incident pages' reads (docs/decisions/0075-major-incident-command.md): every read checks role and scope; others are told "not found".</summary>
public sealed class IncidentQueries(IDbContextFactory<PanlongDbContext> dbFactory, IncidentService incidents, PatrolQueries patrol, CameraQueries cameras, TimeProvider clock)
{
    public async Task<long?> IdOfAsync(string number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Incidents.Where(i => i.Number == number).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The room for this user, or null when the incident does not exist or is not theirs to see.</summary>
    public async Task<IncidentRoom?> RoomAsync(string number, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        if (await IdOfAsync(number, ct) is not { } id || await incidents.RecordAsync(id, ct) is not { } record
            || !IncidentService.MaySee(actor, record.Incident, record.Units.Select(u => u.UnitCode)))
        {
            return null;
        }
        var incident = record.Incident;
        var watcher = actor.HoldsAny(IncidentContract.Watchers) && actor.Scope.Covers(incident.ScopePath);
        // Location is personal data: patrollers' positions only for the command center, as on the patrol map (ADR 68).
        IReadOnlyList<LivePatroller> near = [];
        if (watcher && incident.Status == IncidentStatus.Open)
        {
            near = [.. (await patrol.LiveAsync(DataScope.For(user), ct))
                .Where(p => ServiceOrderRules.Meters(incident.Lat, incident.Lng, p.Lat, p.Lng) <= IncidentContract.RadiusMeters)];
        }
        var nearCameras = watcher ? await cameras.WithinAsync(incident.Lat, incident.Lng, IncidentContract.RadiusMeters, DataScope.For(user), ct) : [];
        return new IncidentRoom(record, IncidentService.MayCommand(actor, incident), IncidentService.UnitOf(actor, record.Units.Select(u => u.UnitCode)),
            near, nearCameras, clock.GetUtcNow());
    }

    /// <summary>The incidents the user may open: in the command center's scope, or called to the handler's unit; open first.</summary>
    public async Task<IReadOnlyList<IncidentRow>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        IQueryable<Incident> query;
        if (actor.HoldsAny(IncidentContract.Watchers))
        {
            query = db.Incidents.AsNoTracking().InScope(actor.Scope);
        }
        else if (actor.Roles.Contains(Roles.DepartmentHandler) && actor.Scope.Root is { } root)
        {
            var unit = root.Leaf;
            query = db.Incidents.AsNoTracking().Where(i => db.IncidentUnits.Any(u => u.IncidentId == i.Id && u.UnitCode == unit));
        }
        else
        {
            return [];
        }
        var rows = await query.OrderBy(i => i.Status == IncidentStatus.Open ? 0 : 1).ThenByDescending(i => i.RaisedAt).Take(100)
            .Select(i => new IncidentRow(i.Id, i.Number, i.Description, i.Status, i.RaisedAt)).ToListAsync(ct);
        return rows;
    }

    /// <summary>The units the actor's center may call out (none for someone outside a center's region).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> UnitsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        if (IncidentService.HubOf(actor) is not { } hub)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await IncidentService.ReachableUnitsAsync(db, hub, ct);
    }

    /// <summary>The open incident of a case, if any (the case page links to it instead of offering to raise again).</summary>
    public async Task<string?> OfCaseAsync(string caseNumber, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Incidents.Where(i => i.CaseNumber == caseNumber).OrderBy(i => i.Status == IncidentStatus.Open ? 0 : 1).ThenByDescending(i => i.Id).Select(i => i.Number).FirstOrDefaultAsync(ct);
    }

    /// <summary>The stored report of a closed incident the user may see, with its number; null otherwise.</summary>
    public async Task<(string Number, byte[] Pdf)?> ReportAsync(string number, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Number == number, ct);
        if (incident?.ReportPdf is not { } pdf)
        {
            return null;
        }
        var units = await db.IncidentUnits.Where(u => u.IncidentId == incident.Id).Select(u => u.UnitCode).ToListAsync(ct);
        return IncidentService.MaySee(actor, incident, units) ? (incident.Number, pdf) : null;
    }
}
