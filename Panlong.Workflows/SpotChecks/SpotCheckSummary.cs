using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.SpotChecks;

namespace Panlong.Workflows.SpotChecks;

/// <summary>One inspector's month: checks done in their area, findings there, and of those the 漏报 (no inspector: a grid without one).</summary>
public sealed record InspectorMonth(string? InspectorUserId, string? InspectorName, int Checks, int Findings, int Missed);

/// <summary>A finding with its case: <see cref="CaseState"/> is the state's id, <see cref="CaseStateName"/> its Chinese name (the page shows it in the reader's language).</summary>
public sealed record FindingRow(int TaskId, DateOnly Day, string GridCode, string GridName, string CategoryName, string CaseNumber, string CaseState,
    string CaseStateName, bool Missed, DateTimeOffset At, string Description, string? InspectorName);

public sealed record SpotCheckTaskRow(int Id, int PlanId, DateOnly Day, int GridId, string GridCode, string GridName, double? Lat, double? Lng, int CategoryId, string CategoryName,
    SpotCheckStatus Status, IReadOnlyList<FindingRow> Findings);

public sealed record SpotCheckPlanRow(int Id, string Name, DateOnly From, DateOnly To, int Checks, int Done, string StreetCodes, int Seed, string CreatedByName, DateTimeOffset CreatedAt);

/// <summary>
/// What the spot checks' pages read (docs/decisions/0074-spot-checks.md), always in the reader's scope: a month per inspector (checks by
/// the day they were done, findings by the moment they were recorded — the moment their 漏报 fact bears, so the summary and the
/// appraisal agree on the month), the findings behind a figure, the checker's tasks and the plans.
/// </summary>
public sealed class SpotCheckSummary(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<InspectorMonth>> MonthAsync(DateOnly month, DataScope scope, CancellationToken ct = default)
    {
        var (start, end) = Bounds(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checks = await db.SpotCheckTasks.AsNoTracking().InScope(scope).Where(t => t.Status == SpotCheckStatus.Done && t.DoneAt >= start && t.DoneAt < end)
            .GroupBy(t => new { t.InspectorUserId, t.InspectorName }).Select(g => new { g.Key.InspectorUserId, g.Key.InspectorName, N = g.Count() }).ToListAsync(ct);
        var findings = await Findings(db, scope, start, end)
            .GroupBy(f => new { f.InspectorUserId, f.InspectorName, f.Missed }).Select(g => new { g.Key.InspectorUserId, g.Key.InspectorName, g.Key.Missed, N = g.Count() })
            .ToListAsync(ct);
        return checks.Select(c => (c.InspectorUserId, c.InspectorName)).Concat(findings.Select(f => (f.InspectorUserId, f.InspectorName)))
            .GroupBy(k => k.InspectorUserId)
            .Select(g => new InspectorMonth(g.Key, g.Select(k => k.InspectorName).FirstOrDefault(n => n is not null),
                checks.Where(c => c.InspectorUserId == g.Key).Sum(c => c.N),
                findings.Where(f => f.InspectorUserId == g.Key).Sum(f => f.N),
                findings.Where(f => f.InspectorUserId == g.Key && f.Missed).Sum(f => f.N)))
            .OrderByDescending(r => r.Missed).ThenBy(r => r.InspectorName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The findings behind a summary row (<paramref name="inspectorUserId"/> null: those with no inspector), newest first.</summary>
    public async Task<IReadOnlyList<FindingRow>> FindingsAsync(DateOnly month, string? inspectorUserId, bool missedOnly, DataScope scope, CancellationToken ct = default)
    {
        var (start, end) = Bounds(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Findings(db, scope, start, end).Where(f => f.InspectorUserId == inspectorUserId && (!missedOnly || f.Missed));
        return (await Rows(db, query.OrderByDescending(f => f.At).Take(500)).ToListAsync(ct)).OrderByDescending(f => f.At).ToList();
    }

    /// <summary>The checker's phone: open checks whose day has come, and the checks done today, with their findings.</summary>
    public async Task<IReadOnlyList<SpotCheckTaskRow>> TasksAsync(DataScope scope, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var since = ChinaTime.StartOf(today);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tasks = await db.SpotCheckTasks.AsNoTracking().InScope(scope)
            .Where(t => t.Status == SpotCheckStatus.Open ? t.Day <= today : t.DoneAt >= since)
            .OrderBy(t => t.Status).ThenBy(t => t.Day).ThenBy(t => t.Id).Take(100)
            .Join(db.OrgUnits, t => t.GridId, u => u.Id, (t, u) => new { t, u.Name, u.CenterLat, u.CenterLng })
            .Join(db.CaseCategories, x => x.t.CategoryId, c => c.Id, (x, c) => new { x.t, x.Name, x.CenterLat, x.CenterLng, Category = c.Name })
            .ToListAsync(ct);
        var ids = tasks.Select(x => x.t.Id).ToList();
        var findings = (await Rows(db, db.SpotCheckFindings.AsNoTracking().Where(f => ids.Contains(f.TaskId))).ToListAsync(ct)).ToLookup(f => f.TaskId);
        return tasks.Select(x => new SpotCheckTaskRow(x.t.Id, x.t.PlanId, x.t.Day, x.t.GridId, x.t.GridCode, x.Name, x.CenterLat, x.CenterLng, x.t.CategoryId, x.Category, x.t.Status,
            findings[x.t.Id].OrderBy(f => f.At).ToList())).ToList();
    }

    public async Task<IReadOnlyList<SpotCheckPlanRow>> PlansAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SpotCheckPlans.AsNoTracking().InScope(scope).OrderByDescending(p => p.Id).Take(50)
            .Select(p => new SpotCheckPlanRow(p.Id, p.Name, p.From, p.To, p.Checks, p.Tasks.Count(t => t.Status == SpotCheckStatus.Done), p.StreetCodes, p.Seed,
                p.CreatedByName, p.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The streets a planner may choose: those in their scope, by code.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> StreetsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.OrgUnits.AsNoTracking().InScope(scope).Where(u => u.Kind == Data.Organization.OrgUnitKind.Street && u.IsActive).OrderBy(u => u.Code)
            .Select(u => new { u.Code, u.Name }).ToListAsync(ct)).Select(u => (u.Code, u.Name)).ToList();
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return (ChinaTime.StartOf(first), ChinaTime.StartOf(first.AddMonths(1)));
    }

    /// <summary>Findings recorded in [start, end) on checks of the scope.</summary>
    private static IQueryable<SpotCheckFinding> Findings(PanlongDbContext db, DataScope scope, DateTimeOffset start, DateTimeOffset end) =>
        db.SpotCheckFindings.AsNoTracking().Where(f => f.At >= start && f.At < end)
            .Where(f => db.SpotCheckTasks.InScope(scope).Any(t => t.Id == f.TaskId));

    private static IQueryable<FindingRow> Rows(PanlongDbContext db, IQueryable<SpotCheckFinding> findings) =>
        from f in findings
        join t in db.SpotCheckTasks on f.TaskId equals t.Id
        join g in db.OrgUnits on t.GridId equals g.Id
        join c in db.Cases on f.CaseId equals c.Id
        join k in db.CaseCategories on c.CategoryId equals k.Id
        select new FindingRow(t.Id, t.Day, t.GridCode, g.Name, k.Name, f.CaseNumber, c.State, c.StateName, f.Missed, f.At, f.Description, f.InspectorName);
}
