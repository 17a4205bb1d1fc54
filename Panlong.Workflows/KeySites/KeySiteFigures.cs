using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.KeySites;

/// <summary>One street's key-site check-ins in a period: <see cref="Compliance"/> = check-ins done ÷ check-ins due.</summary>
public sealed record KeySiteFigureRow(string StreetCode, string StreetName, int Sites, int Due, int Done, Ratio Compliance);

/// <summary>
/// Check-in compliance for the appraisal page (issue 21 part 6, docs/decisions/0088-key-sites.md), information beside the
/// CJ/T 292 score. A check-in is due for each roster window that ended inside the period and before now; done when its
/// window holds a check-in — a check-in is only ever stored inside its window, so done never exceeds due. No window due is
/// no figure ("—"), not 0 % or 100 %.
/// </summary>
public sealed class KeySiteFigures(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<KeySiteFigureRow>> ComputeAsync(AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var asOf = clock.GetUtcNow() < period.End ? clock.GetUtcNow() : period.End;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sites = await db.KeySites.AsNoTracking().Where(s => s.ScopePath.StartsWith(scopePath)).Select(s => new { s.Id, s.ScopePath }).ToListAsync(ct);
        var siteIds = sites.Select(s => s.Id).ToList();
        var duties = await db.KeySiteDuties.AsNoTracking().Where(d => siteIds.Contains(d.SiteId)).ToListAsync(ct);
        var (fromDay, toDay) = (period.From.AddDays(-1), period.To);
        var done = (await db.KeySiteCheckIns.AsNoTracking().Where(c => siteIds.Contains(c.SiteId) && c.Day >= fromDay && c.Day <= toDay)
            .Select(c => new { c.DutyId, c.Day }).ToListAsync(ct)).Select(c => (c.DutyId, c.Day)).ToHashSet();
        var streets = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Street).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var streetOf = sites.ToDictionary(s => s.Id, s => OrgPath.Parse(s.ScopePath).CodeAt(OrgLevel.Street) ?? "");
        return [.. sites.GroupBy(s => streetOf[s.Id]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(street =>
        {
            var ids = street.Select(s => s.Id).ToHashSet();
            var due = duties.Where(d => ids.Contains(d.SiteId)).SelectMany(d => KeySiteRules.DueDays(d, period.Start, asOf).Select(day => (d.Id, day))).ToList();
            var kept = due.Count(w => done.Contains(w));
            return new KeySiteFigureRow(street.Key, streets.GetValueOrDefault(street.Key, street.Key), ids.Count, due.Count, kept, new Ratio(kept, due.Count));
        })];
    }
}
