using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.KeySites;
using Panlong.Workflows.Community;
using Panlong.Workflows.KeySites;

namespace Panlong.Portal.Features.KeySites;

public sealed record KeySiteRow(int Id, string Name, KeySiteKind Kind, double Lat, double Lng, long? BuildingId, string ResponsibleUnit, int RadiusMeters,
    int GridId, string GridName, int Guards);

public sealed record DutyRow(long Id, string UserName, int StartMinute, int EndMinute, DateOnly From, DateOnly? Until)
{
    public string Window => KeySiteRules.Format(StartMinute, EndMinute);
}

public sealed record CheckInRow(string UserName, string Window, DateTimeOffset At, int DistanceMeters, string? Note);

public sealed record MissRow(string UserName, string Window, DateOnly Day, DateTimeOffset AlertedAt);

public sealed record SiteCaseRow(string Number, string StateName, string Description, DateTimeOffset ReportedAt, int DistanceMeters, bool IsIncident);

public sealed record KeySiteDetail(KeySiteRow Site, IReadOnlyList<DutyRow> Roster, IReadOnlyList<CheckInRow> CheckIns, IReadOnlyList<MissRow> Misses,
    IReadOnlyList<SiteCaseRow> Cases);

/// <summary>Today's windows of one of the guard's sites, and whether each is kept.</summary>
public sealed record GuardWindow(string Window, bool Open, bool Done, bool Passed);

public sealed record GuardSite(int Id, string Name, KeySiteKind Kind, int RadiusMeters, IReadOnlyList<GuardWindow> Today);

/// <summary>A site on the map (docs/decisions/0088-key-sites.md): what and where, never who guards it.</summary>
public sealed record SitePoint(int Id, string Name, string Kind, double Lat, double Lng);

/// <summary>The key sites' read side (issue 21 part 2): each query in the caller's scope, the guard's own in theirs.</summary>
public sealed class KeySiteQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many days of check-ins and misses a site's page lists, and how far back its nearby cases go.</summary>
    public const int HistoryDays = 30;

    public async Task<IReadOnlyList<KeySiteRow>> ListAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Ordered before the projection: EF cannot order by a member of a record it builds through a constructor.
        return await Rows(db, db.KeySites.AsNoTracking().InScope(scope).Where(s => s.IsActive).OrderBy(s => s.Name)).ToListAsync(ct);
    }

    public async Task<KeySiteDetail?> DetailAsync(int id, DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await Rows(db, db.KeySites.AsNoTracking().InScope(scope).Where(s => s.Id == id)).SingleOrDefaultAsync(ct) is not { } site)
        {
            return null;
        }
        var since = clock.GetUtcNow().AddDays(-HistoryDays);
        var duties = await db.KeySiteDuties.AsNoTracking().Where(d => d.SiteId == id).OrderBy(d => d.Until != null).ThenBy(d => d.StartMinute).ToListAsync(ct);
        var byId = duties.ToDictionary(d => d.Id);
        var checkIns = await db.KeySiteCheckIns.AsNoTracking().Where(c => c.SiteId == id && c.At >= since).OrderByDescending(c => c.At).Take(200).ToListAsync(ct);
        var sinceDay = ChinaTime.DateOf(since);
        var misses = await db.KeySiteMisses.AsNoTracking().Where(m => m.SiteId == id && m.Day >= sinceDay).OrderByDescending(m => m.Day).Take(200).ToListAsync(ct);
        return new KeySiteDetail(site,
            [.. duties.Select(d => new DutyRow(d.Id, d.UserName, d.StartMinute, d.EndMinute, d.From, d.Until))],
            [.. checkIns.Select(c => new CheckInRow(byId[c.DutyId].UserName, Window(byId[c.DutyId]), c.At, c.DistanceMeters, c.Note))],
            [.. misses.Select(m => new MissRow(byId[m.DutyId].UserName, Window(byId[m.DutyId]), m.Day, m.AlertedAt))],
            await CasesAsync(db, site, scope, since, ct));
    }

    /// <summary>
    /// Cases of the site's grid within its radius, reported in the last <see cref="HistoryDays"/> days, incidents first —
    /// only those the viewer's scope covers, as every case list.
    /// </summary>
    private static async Task<IReadOnlyList<SiteCaseRow>> CasesAsync(PanlongDbContext db, KeySiteRow site, DataScope scope, DateTimeOffset since, CancellationToken ct)
    {
        var rows = await db.Cases.AsNoTracking().InScope(scope).Where(c => c.GridId == site.GridId && c.ReportedAt >= since)
            .Select(c => new { c.Number, c.StateName, c.Description, c.ReportedAt, c.Lat, c.Lng }).ToListAsync(ct);
        var numbers = rows.Select(r => r.Number).ToList();
        var incidents = (await db.Incidents.AsNoTracking().Where(i => numbers.Contains(i.CaseNumber)).Select(i => i.CaseNumber).ToListAsync(ct)).ToHashSet();
        return [.. rows.Select(r => new SiteCaseRow(r.Number, r.StateName, r.Description.Length > 80 ? r.Description[..80] + "…" : r.Description, r.ReportedAt,
                (int)Math.Round(ServiceOrderRules.Meters(site.Lat, site.Lng, r.Lat, r.Lng)), incidents.Contains(r.Number)))
            .Where(r => r.DistanceMeters <= site.RadiusMeters).OrderByDescending(r => r.IsIncident).ThenByDescending(r => r.ReportedAt).Take(50)];
    }

    /// <summary>The guard's own sites with today's windows: open now, kept, or passed.</summary>
    public async Task<IReadOnlyList<GuardSite>> MineAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var duties = (await db.KeySiteDuties.AsNoTracking().Where(d => d.UserId == userId).ToListAsync(ct)).Where(d => KeySiteRules.OnRoster(d, today)).ToList();
        var siteIds = duties.Select(d => d.SiteId).Distinct().ToList();
        var sites = await db.KeySites.AsNoTracking().Where(s => siteIds.Contains(s.Id) && s.IsActive).OrderBy(s => s.Name).ToListAsync(ct);
        var dutyIds = duties.Select(d => d.Id).ToList();
        var kept = (await db.KeySiteCheckIns.AsNoTracking().Where(c => dutyIds.Contains(c.DutyId) && c.Day == today).Select(c => c.DutyId).ToListAsync(ct)).ToHashSet();
        return [.. sites.Select(s => new GuardSite(s.Id, s.Name, s.Kind, s.RadiusMeters, [.. duties.Where(d => d.SiteId == s.Id).OrderBy(d => d.StartMinute).Select(d =>
        {
            var (start, end) = KeySiteRules.Window(d, today);
            return new GuardWindow(Window(d), now >= start && now < end, kept.Contains(d.Id), now >= end);
        })]))];
    }

    public async Task<IReadOnlyList<SitePoint>> PointsAsync(DataScope scope, Func<KeySiteKind, string> kindName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.KeySites.AsNoTracking().InScope(scope).Where(s => s.IsActive).OrderBy(s => s.Id).Take(2000)
            .Select(s => new { s.Id, s.Name, s.Kind, s.Lat, s.Lng }).ToListAsync(ct);
        return [.. rows.Select(s => new SitePoint(s.Id, s.Name, kindName(s.Kind), s.Lat, s.Lng))];
    }

    private static string Window(KeySiteDuty d) => KeySiteRules.Format(d.StartMinute, d.EndMinute);

    private static IQueryable<KeySiteRow> Rows(PanlongDbContext db, IQueryable<KeySite> sites) =>
        sites.Select(s => new KeySiteRow(s.Id, s.Name, s.Kind, s.Lat, s.Lng, s.BuildingId, s.ResponsibleUnit, s.RadiusMeters, s.GridId,
            db.OrgUnits.Where(u => u.Id == s.GridId).Select(u => u.Name).FirstOrDefault() ?? "",
            db.KeySiteDuties.Count(d => d.SiteId == s.Id && d.Until == null)));
}
