using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Care;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Care;

/// <summary>A plan as its lists show it: the person by name and masked ID only.</summary>
public sealed record CarePlanRow(long Id, string Person, string IdMasked, LocalizedName Kind, string Reason, string Responsible, DateOnly StartDate, DateOnly EndDate,
    bool Ended, int Due, int OnTime);

/// <summary>An open visit in a task list, with its traffic light on the working calendar.</summary>
public sealed record CareVisitRow(long Id, long PlanId, int Seq, string Person, LocalizedName Kind, string Responsible, DateTimeOffset OpensAt, DateTimeOffset DueAt,
    TrafficLight Light);

/// <summary>The care plans' lists, each read through <see cref="CareService.VisibleAsync"/> and audited as a view.</summary>
public sealed class CareQueries(IDbContextFactory<PanlongDbContext> dbFactory, CalendarProvider calendars, AuditLog audit, TimeProvider clock)
{
    /// <summary>The plans the actor may see, newest first; an export is audited as one.</summary>
    public async Task<IReadOnlyList<CarePlanRow>> PlansAsync(WorkflowActor actor, bool export = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var rows = await (await CareService.VisibleAsync(db, actor, ct)).OrderByDescending(p => p.Id).Take(500)
            .Select(p => new
            {
                p.Id, Person = p.Person!.Name, p.Person.IdMasked, Kind = p.Kind!.Name, p.Kind.NameEn, p.Reason, p.ResponsibleName, p.StartDate, p.EndDate,
                Due = p.Visits.Count(v => v.DueAt < now),
                OnTime = p.Visits.Count(v => v.DueAt < now && v.DoneAt != null && v.DoneAt >= v.OpensAt && v.DoneAt <= v.DueAt),
            }).ToListAsync(ct);
        await audit.WriteAsync(export ? CareService.ExportAudit : CareService.ListAudit, actor.UserId, actor.Name, "care-plans", $"rows={rows.Count}", ct: ct);
        return rows.Select(r => new CarePlanRow(r.Id, r.Person, r.IdMasked, new LocalizedName(r.Kind, r.NameEn), r.Reason, r.ResponsibleName, r.StartDate, r.EndDate,
            today > r.EndDate, r.Due, r.OnTime)).ToList();
    }

    /// <summary>
    /// The open visits the actor may see whose window has opened, most urgent first: the grid worker's list (<paramref name="mine"/>:
    /// only plans they are responsible for) and the shift lead's (every plan in scope).
    /// </summary>
    public Task<IReadOnlyList<CareVisitRow>> OpenVisitsAsync(WorkflowActor actor, bool mine, CancellationToken ct = default) =>
        VisitsAsync(actor, mine, overdue: false, ct);

    /// <summary>
    /// The shift lead's list (docs/decisions/0098-care-leftovers.md): the open visits past their due time of every plan the actor may
    /// see — the kind names their role and their scope holds the person's grid; kinds that do not name them show nothing, not even a
    /// count. The person's name is masked to the surname here (the task list is a shared screen); the visit's page shows the rest, audited.
    /// Audited as a list only when it shows a row.
    /// </summary>
    public async Task<IReadOnlyList<CareVisitRow>> OverdueVisitsAsync(WorkflowActor actor, CancellationToken ct = default) =>
        (await VisitsAsync(actor, mine: false, overdue: true, ct)).Select(v => v with { Person = PersonalDataMask.Name(v.Person) }).ToList();

    private async Task<IReadOnlyList<CareVisitRow>> VisitsAsync(WorkflowActor actor, bool mine, bool overdue, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var plans = (await CareService.VisibleAsync(db, actor, ct)).Where(p => p.EndDate >= today);
        if (mine)
        {
            plans = plans.Where(p => p.ResponsibleUserId == actor.UserId);
        }
        var open = db.CareVisits.AsNoTracking().Where(v => v.DoneAt == null && v.OpensAt <= now && plans.Any(p => p.Id == v.PlanId));
        var rows = await (overdue ? open.Where(v => v.DueAt < now) : open).OrderBy(v => v.DueAt).Take(200)
            .Select(v => new { v.Id, v.PlanId, v.Seq, v.Plan!.Person!.Name, Kind = v.Plan.Kind!.Name, v.Plan.Kind.NameEn, v.Plan.ResponsibleName, v.OpensAt, v.DueAt })
            .ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        if (!overdue || rows.Count > 0)
        {
            await audit.WriteAsync(CareService.ListAudit, actor.UserId, actor.Name, overdue ? "care-visits-overdue" : "care-visits", $"rows={rows.Count}", ct: ct);
        }
        return rows.Select(r => new CareVisitRow(r.Id, r.PlanId, r.Seq, r.Name, new LocalizedName(r.Kind, r.NameEn), r.ResponsibleName, r.OpensAt, r.DueAt,
            TrafficLights.For(calendar, r.OpensAt, r.DueAt, now))).ToList();
    }
}
