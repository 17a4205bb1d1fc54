using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Care;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Care;

/// <summary>An enrolment; <see cref="ResponsibleUserId"/> is the grid worker chosen on the page (null: the grid's first, <see cref="CareService.GridWorkersAsync"/>).</summary>
public sealed record CareEnrolment(long PersonId, int KindId, string? Reason, string? HelperTeam, DateOnly StartDate, DateOnly EndDate, string? ResponsibleUserId = null);

/// <summary>A grid worker who may be made responsible for a plan: one of the person's grid.</summary>
public sealed record CareWorker(string UserId, string Name);

/// <summary>What the grid worker records on the phone; the position is the phone's.</summary>
public sealed record CareVisitRecord(bool Met, string? Condition, string? Needs, double? Lat, double? Lng, StoredPhoto? Photo = null);

/// <summary>An outcome and, when refused, the resource key of the reason; a recorded visit's flags.</summary>
public sealed record CareResult(bool Ok, string? Problem = null, long? Id = null, bool Far = false, bool OutsideWindow = false, int? Metres = null)
{
    public static CareResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// Care plans for key people (重点人员帮教, issue 21 part 1, docs/decisions/0087-care-plans.md). A plan is seen only by a holder of
/// a role its kind names whose scope covers the person's grid (<see cref="Visible"/>: every page, API and export reads through
/// it); every view and change is audited. Enrolment lays out the visits on the working calendar (<see cref="CareSchedule"/>);
/// a visit recorded far from the house or outside its window is kept and flagged; a plan past its end day is read-only.
/// </summary>
public sealed class CareService(IDbContextFactory<PanlongDbContext> dbFactory, CalendarProvider calendars, ServiceOrderService orders,
    CareSettings settings, AuditLog audit, TimeProvider clock)
{
    public const string EnrolAudit = "Care.Enrol";
    public const string ViewAudit = "Care.View";
    public const string ListAudit = "Care.List";
    public const string VisitAudit = "Care.Visit";
    public const string OrderAudit = "Care.Order";
    public const string EndAudit = "Care.End";
    public const string ExportAudit = "Care.Export";
    public const string KindAudit = "Care.KindEdit";
    public static readonly IReadOnlyList<string> AuditActions = [EnrolAudit, ViewAudit, ListAudit, VisitAudit, OrderAudit, EndAudit, ExportAudit, KindAudit];

    /// <summary>The plans the actor may see: a kind naming one of their roles, the person's grid in their scope.</summary>
    public static async Task<IQueryable<CarePlan>> VisibleAsync(PanlongDbContext db, WorkflowActor actor, CancellationToken ct)
    {
        var kinds = (await db.CareKinds.AsNoTracking().ToListAsync(ct)).Where(k => k.VisibleTo(actor.Roles)).Select(k => k.Id).ToList();
        return db.CarePlans.AsNoTracking().InScope(actor.Scope).Where(p => kinds.Contains(p.KindId));
    }

    /// <summary>The plan is read-only from the day after its end day.</summary>
    public static bool IsEnded(CarePlan plan, DateOnly today) => today > plan.EndDate;

    public async Task<CareResult> EnrolAsync(CareEnrolment form, WorkflowActor actor, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || !actor.HoldsAny(CareSettings.Visitors))
        {
            return CareResult.Refused("Care.Problem.NotAllowed");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var kind = await db.CareKinds.AsNoTracking().SingleOrDefaultAsync(k => k.Id == form.KindId && k.Active, ct);
        if (kind is null || !kind.VisibleTo(actor.Roles))
        {
            return CareResult.Refused("Care.Problem.Kind");
        }
        var person = await db.People.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(p => p.Id == form.PersonId, ct);
        if (person is null)
        {
            return CareResult.Refused("Care.Problem.Person");
        }
        var reason = form.Reason?.Trim() ?? "";
        if (reason.Length is < 2 or > 500)
        {
            return CareResult.Refused("Care.Problem.Reason");
        }
        var team = form.HelperTeam?.Trim() ?? "";
        if (team.Length > 500)
        {
            return CareResult.Refused("Care.Problem.Team");
        }
        var today = ChinaTime.Today(clock);
        if (form.EndDate < form.StartDate || form.StartDate < today.AddDays(-31) || form.EndDate.DayNumber - form.StartDate.DayNumber > settings.MaxPlanDays)
        {
            return CareResult.Refused("Care.Problem.Dates");
        }
        if (await db.CarePlans.AnyAsync(p => p.PersonId == person.Id && p.KindId == kind.Id && p.EndDate >= form.StartDate && p.StartDate <= form.EndDate, ct))
        {
            return CareResult.Refused("Care.Problem.Enrolled");
        }
        // Chosen by hand on the page, or the grid's first; either way one of the person's grid (docs/decisions/0098-care-leftovers.md).
        var workers = await WorkersAsync(db, person.GridId, actor, ct);
        var responsible = form.ResponsibleUserId is { Length: > 0 } chosen ? workers.FirstOrDefault(w => w.UserId == chosen) : workers.Count > 0 ? workers[0] : null;
        if (responsible is null)
        {
            return CareResult.Refused(workers.Count == 0 ? "Care.Problem.NoGridWorker" : "Care.Problem.Responsible");
        }
        var plan = new CarePlan
        {
            PersonId = person.Id, KindId = kind.Id, Reason = reason, HelperTeam = team, GridId = person.GridId, ScopePath = person.ScopePath,
            ResponsibleUserId = responsible.UserId, ResponsibleName = Short(responsible.Name), StartDate = form.StartDate, EndDate = form.EndDate,
            CreatedByUserId = userId, CreatedAt = clock.GetUtcNow(), IsDemo = person.IsDemo, Version = Guid.NewGuid(),
        };
        var calendar = await calendars.GetAsync(ct);
        plan.Visits.AddRange(CareSchedule.Visits(calendar, plan.StartDate, plan.EndDate, kind.IntervalWorkingDays)
            .Select(v => new CareVisit { Seq = v.Seq, OpensAt = v.OpensAt, DueAt = v.DueAt, ScopePath = plan.ScopePath }));
        db.CarePlans.Add(plan);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(EnrolAudit, userId, actor.Name, Target(plan.Id), $"kind={kind.Code}; person={person.Id}; {plan.StartDate:yyyy-MM-dd}..{plan.EndDate:yyyy-MM-dd}; visits={plan.Visits.Count}", ct: ct);
        return new CareResult(true, Id: plan.Id);
    }

    /// <summary>One plan with its person and visits, audited as a view; null when the actor may not see it.</summary>
    public async Task<CarePlan?> ReadAsync(long planId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await (await VisibleAsync(db, actor, ct)).Include(p => p.Kind).Include(p => p.Person).Include(p => p.Visits.OrderBy(v => v.Seq))
            .SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is not null)
        {
            await audit.WriteAsync(ViewAudit, actor.UserId, actor.Name, Target(plan.Id), ct: ct);
        }
        return plan;
    }

    /// <summary>The plan a visit belongs to (nothing more: <see cref="ReadAsync"/> decides whether the actor may see it).</summary>
    public async Task<long?> PlanOfVisitAsync(long visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CareVisits.Where(v => v.Id == visitId).Select(v => (long?)v.PlanId).SingleOrDefaultAsync(ct);
    }

    /// <summary>Records a visit: refused only when it is not the actor's to record or the plan has ended; far and late are flagged.</summary>
    public async Task<CareResult> RecordAsync(long visitId, CareVisitRecord record, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CareSettings.Visitors))
        {
            return CareResult.Refused("Care.Problem.NotAllowed");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleAsync(db, actor, ct);
        var visit = await db.CareVisits.Include(v => v.Plan).ThenInclude(p => p!.Person).ThenInclude(p => p!.House).ThenInclude(h => h!.Building)
            .SingleOrDefaultAsync(v => v.Id == visitId && visible.Any(p => p.Id == v.PlanId), ct);
        if (visit is null)
        {
            return CareResult.Refused("Care.Problem.NotFound");
        }
        // The visibility subquery is AsNoTracking, which EF applies to the whole query: attach to have the record saved.
        db.Attach(visit);
        var now = clock.GetUtcNow();
        if (IsEnded(visit.Plan!, ChinaTime.DateOf(now)))
        {
            return CareResult.Refused("Care.Problem.Ended");
        }
        if (visit.DoneAt is not null)
        {
            return CareResult.Refused("Care.Problem.Done");
        }
        var (condition, needs) = (record.Condition?.Trim() ?? "", record.Needs?.Trim() ?? "");
        if (condition.Length is < 2 or > 500 || needs.Length > 500)
        {
            return CareResult.Refused("Care.Problem.Condition");
        }
        if (record.Lat is not { } lat || record.Lng is not { } lng)
        {
            return CareResult.Refused("Cases.Position.Required");
        }
        var building = visit.Plan!.Person!.House?.Building;
        int? metres = building is null ? null : (int)Math.Round(CaseService.Distance(lat, lng, building.Lat, building.Lng));
        visit.DoneAt = now;
        visit.DoneByUserId = actor.UserId;
        visit.DoneByName = Short(actor.Name);
        visit.Met = record.Met;
        visit.Condition = condition;
        visit.Needs = needs.Length == 0 ? null : needs;
        visit.PhotoPath = record.Photo?.StoredPath;
        visit.ThumbnailPath = record.Photo?.ThumbnailPath;
        (visit.Lat, visit.Lng, visit.Metres) = (Math.Round(lat, 6), Math.Round(lng, 6), metres);
        // A house without a position cannot be checked: flagged too, so it is looked at rather than trusted.
        visit.FarFromHouse = metres is null || metres > settings.FarMetres;
        visit.OutsideWindow = !new VisitWindow(visit.Seq, visit.OpensAt, visit.DueAt).Within(now);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(VisitAudit, actor.UserId, actor.Name, Target(visit.PlanId),
            $"visit={visit.Seq}; met={record.Met}; metres={metres?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}; far={visit.FarFromHouse}; late={visit.OutsideWindow}", ct: ct);
        return new CareResult(true, Id: visit.Id, Far: visit.FarFromHouse, OutsideWindow: visit.OutsideWindow, Metres: metres);
    }

    /// <summary>
    /// The visit's needs as a service order for the person in one tap: the needs as its text, a window from the next full hour
    /// for <see cref="ServiceOrderRules.MaxWindow"/>; the order's own checks (house, skill, scope) decide.
    /// </summary>
    public async Task<OrderResult> OrderAsync(long visitId, int skillId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleAsync(db, actor, ct);
        var visit = await db.CareVisits.AsNoTracking().Include(v => v.Plan)
            .SingleOrDefaultAsync(v => v.Id == visitId && visible.Any(p => p.Id == v.PlanId), ct);
        if (visit?.Needs is not { } needs || visit.ServiceOrderId is not null)
        {
            return OrderResult.Refused("Care.Problem.NoNeed");
        }
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var result = await orders.PostAsync(actor, new ServiceOrderForm(skillId, visit.Plan!.PersonId, start, start + ServiceOrderRules.MaxWindow, needs), ct);
        if (result.Ok)
        {
            await db.CareVisits.Where(v => v.Id == visitId && v.ServiceOrderId == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.ServiceOrderId, result.Id), ct);
            await audit.WriteAsync(OrderAudit, actor.UserId, actor.Name, Target(visit.PlanId), $"visit={visit.Seq}; order={result.Id}", ct: ct);
        }
        return result;
    }

    /// <summary>Ends a plan early on a day (the person moved away, the sentence ended): visits due after it are dropped, the rest kept.</summary>
    public async Task<CareResult> EndAsync(long planId, DateOnly endDate, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CareSettings.Visitors))
        {
            return CareResult.Refused("Care.Problem.NotAllowed");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleAsync(db, actor, ct);
        var plan = await db.CarePlans.SingleOrDefaultAsync(p => p.Id == planId && visible.Any(v => v.Id == p.Id), ct);
        var today = ChinaTime.Today(clock);
        if (plan is null)
        {
            return CareResult.Refused("Care.Problem.NotFound");
        }
        db.Attach(plan);
        if (IsEnded(plan, today))
        {
            return CareResult.Refused("Care.Problem.Ended");
        }
        if (endDate < today.AddDays(-1) || endDate < plan.StartDate || endDate >= plan.EndDate)
        {
            return CareResult.Refused("Care.Problem.Dates");
        }
        var after = ChinaTime.StartOf(endDate.AddDays(1));
        (plan.EndDate, plan.Version) = (endDate, Guid.NewGuid());
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.CareVisits.Where(v => v.PlanId == planId && v.DoneAt == null && v.DueAt >= after).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }, ct);
        await audit.WriteAsync(EndAudit, actor.UserId, actor.Name, Target(planId), $"end={endDate:yyyy-MM-dd}", ct: ct);
        return new CareResult(true, Id: planId);
    }

    /// <summary>Every kind, active or not, for the administrator's editor.</summary>
    public async Task<IReadOnlyList<CareKind>> KindsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CareKinds.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
    }

    /// <summary>An administrator's edit of a kind's interval, roles and activity; a changed interval applies to plans enrolled from then on.</summary>
    public async Task<CareResult> EditKindAsync(int kindId, int intervalWorkingDays, IReadOnlyCollection<string> roles, bool active, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CareSettings.KindEditors))
        {
            return CareResult.Refused("Care.Problem.NotAllowed");
        }
        if (intervalWorkingDays is < 1 or > 120)
        {
            return CareResult.Refused("Care.Problem.Interval");
        }
        // Administrators read no business data (ADR 30); residents and volunteers never see key people.
        var allowed = roles.Distinct().ToList();
        if (allowed.Count == 0 || allowed.Any(r => !CareSettings.Readers.Split(',').Contains(r)))
        {
            return CareResult.Refused("Care.Problem.Roles");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var kind = await db.CareKinds.SingleOrDefaultAsync(k => k.Id == kindId, ct);
        if (kind is null)
        {
            return CareResult.Refused("Care.Problem.NotFound");
        }
        var before = $"{kind.IntervalWorkingDays}; {kind.VisibleRoles}; {kind.Active}";
        (kind.IntervalWorkingDays, kind.VisibleRoles, kind.Active, kind.Version) = (intervalWorkingDays, string.Join(',', allowed), active, Guid.NewGuid());
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(KindAudit, actor.UserId, actor.Name, $"care-kind:{kind.Code}", $"{before} → {intervalWorkingDays}; {kind.VisibleRoles}; {active}", ct: ct);
        return new CareResult(true, Id: kind.Id);
    }

    /// <summary>
    /// The grid workers the enrolment page offers for a person in the actor's scope: those assigned to the person's grid now (with an
    /// account), else the enrolling grid worker; empty when the person is not the actor's to enrol.
    /// </summary>
    public async Task<IReadOnlyList<CareWorker>> GridWorkersAsync(long personId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var gridId = await db.People.AsNoTracking().InScope(actor.Scope).Where(p => p.Id == personId).Select(p => (int?)p.GridId).SingleOrDefaultAsync(ct);
        return gridId is { } grid && actor.HoldsAny(CareSettings.Visitors) ? await WorkersAsync(db, grid, actor, ct) : [];
    }

    /// <summary>The grid's own grid workers with an account, in staff order; if it has none, the enrolling grid worker.</summary>
    private static async Task<IReadOnlyList<CareWorker>> WorkersAsync(PanlongDbContext db, int gridId, WorkflowActor actor, CancellationToken ct)
    {
        var assigned = await db.StaffMembers.AsNoTracking()
            .Where(s => s.UserId != null && s.Assignments.Any(a => a.GridId == gridId && a.Duty == GridDuty.GridWorker && a.Until == null))
            .OrderBy(s => s.Id).Select(s => new CareWorker(s.UserId!, s.Name)).Take(50).ToListAsync(ct);
        if (assigned.Count > 0)
        {
            return assigned;
        }
        return actor.Roles.Contains(Roles.GridWorker) ? [new CareWorker(actor.UserId!, actor.Name)] : [];
    }

    public static string Target(long planId) => $"care-plan:{planId}";

    private static string Short(string name) => name.Length > 50 ? name[..50] : name;
}
