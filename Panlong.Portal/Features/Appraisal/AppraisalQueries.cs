using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Cases;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>A district, street or community a leader may appraise.</summary>
public sealed record AppraisalRegion(string Code, string Name, OrgUnitKind Kind, string ScopePath, string? ParentCode);

/// <summary>The figures of a dashboard, the configuration that graded them (for the grade colours), the region's window service, and the moment they count up to (min of the period's end and now).</summary>
public sealed record AppraisalView(AppraisalResult Result, AppraisalConfig Config, Services.ServiceReport Services, DateTimeOffset AsOf);

/// <summary>A page of the cases behind a figure and how many there are in all.</summary>
public sealed record DrillPage(IReadOnlyList<CaseRow> Rows, int Total);

/// <summary>A drill-down link checked against the viewer's scope: the dashboard's region, the region it names inside it, the period and the filter.</summary>
public sealed record ScopedDrill(AppraisalRegion Scope, AppraisalRegion? Region, AppraisalPeriodKind Kind, AppraisalPeriod Period, FactFilter Filter);

/// <summary>
/// Reads of the leaders' dashboard and its drill-down. Every region comes from the user's own data scope
/// (<see cref="DataScope.Covers"/>), never from what a URL says.
/// </summary>
public sealed class AppraisalQueries(IDbContextFactory<PanlongDbContext> dbFactory, AppraisalSettings settings, AppraisalCalculator calculator, IndicatorStore store, CaseQueries cases,
    Services.ServiceStatistics serviceStatistics, TimeProvider clock, ILogger<AppraisalQueries> log)
{
    /// <summary>The regions inside the scope that can be appraised, in the org tree's order: the root first, then streets, then communities.</summary>
    /// <summary>The newest saved configurations: when, and by whom.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset CreatedAt, string CreatedByName)>> ConfigHistoryAsync(int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.AppraisalSettings.AsNoTracking().OrderByDescending(s => s.Id).Take(take).Select(s => new { s.CreatedAt, s.CreatedByName }).ToListAsync(ct))
            .Select(s => (s.CreatedAt, s.CreatedByName)).ToList();
    }

    public async Task<IReadOnlyList<AppraisalRegion>> RegionsAsync(DataScope scope, CancellationToken ct = default)
    {
        if (scope.RootPath is not { } root)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking()
            .Where(u => u.IsActive && u.ScopePath.StartsWith(root) && (u.Kind == OrgUnitKind.District || u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community))
            .Select(u => new { u.Code, u.Name, u.Kind, u.ScopePath, u.SortOrder, ParentCode = u.Parent!.Code }).ToListAsync(ct);
        return units.Where(u => scope.Covers(u.ScopePath)).OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => new AppraisalRegion(u.Code, u.Name, u.Kind, u.ScopePath, u.ParentCode)).ToList();
    }

    /// <summary>The region with this code if the scope covers it; without a code, the scope's own region. Null otherwise.</summary>
    public static AppraisalRegion? Resolve(IReadOnlyList<AppraisalRegion> regions, DataScope scope, string? code)
    {
        var region = string.IsNullOrEmpty(code) ? regions.FirstOrDefault(r => r.ScopePath == scope.RootPath) : regions.FirstOrDefault(r => r.Code == code);
        return region is not null && scope.Covers(region.ScopePath) ? region : null;
    }

    /// <summary>A region (down to a grid) inside <paramref name="scopePath"/> by its code, for the drill-down's region filter; null outside it.</summary>
    public async Task<AppraisalRegion?> RegionInsideAsync(string scopePath, string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking()
            .Where(u => u.Code == code && u.ScopePath.StartsWith(scopePath) && (u.Kind == OrgUnitKind.District || u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community || u.Kind == OrgUnitKind.Grid))
            .Select(u => new { u.Code, u.Name, u.Kind, u.ScopePath, ParentCode = u.Parent!.Code }).FirstOrDefaultAsync(ct);
        return unit is null || !OrgPath.Parse(scopePath).Covers(OrgPath.Parse(unit.ScopePath))
            ? null
            : new AppraisalRegion(unit.Code, unit.Name, unit.Kind, unit.ScopePath, unit.ParentCode);
    }

    /// <summary>All indicators of the period and region with the configuration in force, and the region's window service.</summary>
    public async Task<AppraisalView> ComputeAsync(AppraisalPeriod period, AppraisalRegion region, CancellationToken ct = default)
    {
        var (config, settingId) = await settings.CurrentAsync(ct);
        // The window service's figures are read beside the indicators, not after them.
        var services = Task.Run(() => serviceStatistics.ReportForAreaAsync(region.ScopePath, period.From, period.To.AddDays(-1), ct), ct);
        var result = await store.ComputeAsync(config, settingId, period, region.ScopePath, ct);
        // The computing time is for operators (the log), not for the leader reading the figures (issue 16).
        log.LogInformation("Appraisal of {Region} for {From}–{To} computed in {ElapsedMs} ms", region.Code, period.From, period.To, result.ElapsedMs);
        return new AppraisalView(result, config, await services,
            Duties.AsOf(period, clock.GetUtcNow()));
    }

    /// <summary>
    /// The drill-down's regions as the viewer's own scope allows them (the page and its export ask the same): null when the
    /// URL names a region the scope does not hold.
    /// </summary>
    public async Task<ScopedDrill?> ScopeAsync(DataScope scope, AppraisalDrill drill, CancellationToken ct = default)
    {
        var region = Resolve(await RegionsAsync(scope, ct), scope, drill.Scope);
        var inside = region is not null && drill.Region is { } code ? await RegionInsideAsync(region.ScopePath, code, ct) : null;
        if (region is null || (drill.Region is not null && inside is null))
        {
            return null;
        }
        var (kind, period) = AppraisalPeriods.Parse(drill.Period)!.Value;
        return new ScopedDrill(region, inside, kind, period, drill.Filter(inside?.ScopePath));
    }

    /// <summary>The cases behind a figure in a region (the caller has checked the scope covers it).</summary>
    public async Task<DrillPage> CasesAsync(AppraisalPeriod period, string scopePath, FactFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var (found, total) = await calculator.CasesBehindAsync(period, scopePath, filter, page, pageSize, ct);
        return new DrillPage(await cases.RowsAsync(found, ct), total);
    }

    /// <summary>Every case behind a figure in the drill-down's order, read by one query as the export writes them.</summary>
    public IAsyncEnumerable<CaseRow> AllCasesAsync(AppraisalPeriod period, string scopePath, FactFilter filter, CancellationToken ct = default) =>
        cases.AllAsync(db => calculator.CasesBehindQueryAsync(db, period, scopePath, filter, ct), ct);

    /// <summary>The names a drill-down heading shows: the unit's and, for a person, the name on their facts in the region.</summary>
    public async Task<(string? Unit, string? Person)> NamesAsync(string scopePath, string? unitCode, string? personKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = unitCode is null ? null : (await db.UnitNamesAsync([unitCode], ct)).GetValueOrDefault(unitCode);
        var person = personKey is null ? null : await db.CaseFacts.AsNoTracking()
            .Where(f => f.PersonKey == personKey && f.PersonName != null && f.ScopePath.StartsWith(scopePath)).Select(f => f.PersonName).FirstOrDefaultAsync(ct);
        return (unit, person);
    }
}
