using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Open311;

/// <summary>What <c>GET requests</c> asks for; with <see cref="Numbers"/> the other filters are ignored, as the spec says.</summary>
public sealed record Open311Filter(IReadOnlyList<string> Numbers, IReadOnlyList<string> ServiceCodes, DateTimeOffset Start, DateTimeOffset End, CaseStatus[]? Statuses);

/// <summary>A case as Open311 shows it: no reporter, no caller, nothing personal beyond what the reporter wrote.</summary>
public sealed record Open311Request(string Number, CaseStatus Status, string StateName, string ServiceName, string ServiceCode, string Description,
    string? AgencyResponsible, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, string? Address, double Lat, double Lng, long? PhotoId);

/// <summary>
/// The cases a partner client may read through Open311: those of its command center's area (<see cref="CaseQueries.Area"/>,
/// the rule the case desk uses) and those it reported itself, wherever they lie.
/// </summary>
public sealed class Open311Queries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public const int MaxRows = 1000;

    public async Task<IReadOnlyList<Open311Request>> FindAsync(WorkflowActor actor, Open311Filter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cases = Visible(db, actor);
        if (filter.Numbers.Count > 0)
        {
            cases = cases.Where(c => filter.Numbers.Contains(c.Number));
        }
        else
        {
            cases = cases.Where(c => c.ReportedAt >= filter.Start && c.ReportedAt <= filter.End);
            if (filter.ServiceCodes.Count > 0)
            {
                cases = cases.Where(c => filter.ServiceCodes.Contains(c.Category!.Code));
            }
            if (filter.Statuses is { } statuses)
            {
                cases = cases.Where(c => statuses.Contains(c.Status));
            }
        }
        return await ToRequestsAsync(db, cases.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Take(MaxRows), ct);
    }

    public async Task<Open311Request?> OneAsync(WorkflowActor actor, string number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ToRequestsAsync(db, Visible(db, actor).Where(c => c.Number == number), ct)).SingleOrDefault();
    }

    private static IQueryable<Case> Visible(PanlongDbContext db, WorkflowActor actor)
    {
        var area = CaseQueries.Area(db, actor).Select(c => c.Id);
        return db.Cases.AsNoTracking().Where(c => (actor.UserId != null && c.ReporterUserId == actor.UserId) || area.Contains(c.Id));
    }

    private static async Task<IReadOnlyList<Open311Request>> ToRequestsAsync(PanlongDbContext db, IQueryable<Case> cases, CancellationToken ct)
    {
        var rows = await cases.Select(c => new
        {
            c.Number, c.Status, c.StateName, Service = c.Category!.Name, Code = c.Category.Code, c.Description, c.HandlingUnitCode, c.ReportedAt,
            c.StepStartedAt, c.ClosedAt, c.Address, c.Lat, c.Lng,
            // The report's first photo is the request's media (Open311Media).
            PhotoId = db.CasePhotos.Where(p => p.CaseId == c.Id && p.Stage == PhotoStage.Before).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefault(),
        }).ToListAsync(ct);
        var codes = rows.Select(r => r.HandlingUnitCode).OfType<string>().Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        // The projection has no "changed at": the current step's start is the last transition; a close is one too.
        return rows.Select(r => new Open311Request(r.Number, r.Status, r.StateName, r.Service, r.Code, r.Description,
            r.HandlingUnitCode is { } h ? units.GetValueOrDefault(h) : null, r.ReportedAt,
            r.ClosedAt is { } closed && closed > r.StepStartedAt ? closed : r.StepStartedAt, r.Address, r.Lat, r.Lng, r.PhotoId)).ToList();
    }
}
