using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Care;

/// <summary>Key people of one kind under a plan on the period's last day.</summary>
public sealed record CareKindCount(LocalizedName Kind, int People);

/// <param name="Compliance">On-time visits ÷ visits due in the period (due: the due time has passed, done or not).</param>
public sealed record CareFigureSet(Ratio Compliance, IReadOnlyList<CareKindCount> ByKind);

/// <summary>
/// The care plans' figures for leaders (issue 21 part 6, docs/decisions/0087-care-plans.md), information on the appraisal
/// dashboard: visit compliance = visits recorded within their window ÷ visits whose due time fell in the period and has
/// passed — a visit dropped when a plan ended early was never due; key people by kind. Only kinds the viewer's roles see.
/// </summary>
public sealed class CareFigures(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CareFigureSet> ComputeAsync(AppraisalPeriod period, WorkflowActor viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var (from, to) = (ChinaTime.StartOf(period.From), ChinaTime.StartOf(period.To));
        var until = to < now ? to : now;
        var plans = await CareService.VisibleAsync(db, viewer, ct);
        var visits = db.CareVisits.AsNoTracking().Where(v => v.DueAt >= from && v.DueAt < until && plans.Any(p => p.Id == v.PlanId));
        var due = await visits.CountAsync(ct);
        var onTime = await visits.CountAsync(v => v.DoneAt != null && v.DoneAt >= v.OpensAt && v.DoneAt <= v.DueAt, ct);
        var lastDay = period.To.AddDays(-1);
        var counts = await plans.Where(p => p.StartDate <= lastDay && p.EndDate >= lastDay)
            .GroupBy(p => new { p.Kind!.Name, p.Kind.NameEn }).Select(g => new { g.Key.Name, g.Key.NameEn, People = g.Select(p => p.PersonId).Distinct().Count() })
            .ToListAsync(ct);
        return new CareFigureSet(new Ratio(onTime, due), counts.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new CareKindCount(new LocalizedName(c.Name, c.NameEn), c.People)).ToList());
    }
}
