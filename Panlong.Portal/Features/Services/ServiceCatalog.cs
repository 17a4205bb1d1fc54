using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Services;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Services;

public sealed record ServiceSummary(string Code, int Version, string Name, ServiceKind Kind, ServiceLevel Level, string DepartmentName, int PromisedDays,
    bool Countersign)
{
    /// <summary>The item's English name, where written (docs/decisions/0038-localized-names.md).</summary>
    public string? NameEn { get; init; }

    public LocalizedName DisplayName => new(Name, NameEn);
}

public sealed record ServiceGuide(ServiceItem Item, string DepartmentName, IReadOnlyList<string> CountersignNames, IReadOnlyList<MaterialSpec> Materials,
    IReadOnlyList<FieldSpec> Fields, IReadOnlyList<(int Version, DateTimeOffset PublishedAt, string? PublishedBy)> History);

/// <summary>Who accepts and who decides an application made at one window, by name.</summary>
public sealed record RouteView(string WindowName, IReadOnlyList<string> DecidingNames);

/// <summary>
/// The service catalog (办事指南): the current version of each item for the public, and the versions an item had
/// (administrators publish them through Panlong.Workflows.Services.ServiceCatalogEditor).
/// </summary>
public sealed class ServiceCatalog(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ServiceSummary>> SearchAsync(string? text = null, ServiceLevel? level = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = db.ServiceItems.AsNoTracking().Where(s => s.IsCurrent);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            #pragma warning disable CA1862, CA1304, CA1311 // EF translates only the culture-less ToLower and comparison-less Contains; codes are stored upper-case
            var lower = t.ToLowerInvariant();
            items = items.Where(s => s.Name.Contains(t) || (s.NameEn != null && s.NameEn.ToLower().Contains(lower)) || s.Code.Contains(t.ToUpperInvariant()));
            #pragma warning restore CA1862, CA1304, CA1311
        }
        if (level is { } l)
        {
            items = items.Where(s => s.Level == l);
        }
        var rows = await items.OrderBy(s => s.Code).Select(s => new { s.Code, s.Version, s.Name, s.NameEn, s.Kind, s.Level, s.DepartmentCode, s.PromisedDays, s.CountersignCodes })
            .ToListAsync(ct);
        var names = await db.UnitNamesAsync(rows.Select(r => r.DepartmentCode), ct);
        return rows.Select(r => new ServiceSummary(r.Code, r.Version, r.Name, r.Kind, r.Level, names.GetValueOrDefault(r.DepartmentCode, r.DepartmentCode),
            r.PromisedDays, r.CountersignCodes is not null) { NameEn = r.NameEn }).ToList();
    }

    /// <summary>The current version of an item (or a given version, e.g. the one an application runs on).</summary>
    public async Task<ServiceGuide?> GuideAsync(string code, int? version = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ServiceItems.AsNoTracking()
            .Where(s => s.Code == code && (version == null ? s.IsCurrent : s.Version == version)).SingleOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }
        var countersign = item.CountersignCodes?.Split(',') ?? [];
        var names = await db.UnitNamesAsync(countersign.Append(item.DepartmentCode), ct);
        var history = await db.ServiceItems.AsNoTracking().Where(s => s.Code == code).OrderByDescending(s => s.Version)
            .Select(s => new { s.Version, s.PublishedAt, s.PublishedBy }).ToListAsync(ct);
        return new ServiceGuide(item, names.GetValueOrDefault(item.DepartmentCode, item.DepartmentCode), countersign.Select(c => names.GetValueOrDefault(c, c)).ToList(),
            item.MaterialList, item.FieldList, history.Select(h => (h.Version, h.PublishedAt, h.PublishedBy)).ToList());
    }

    /// <summary>
    /// Who accepts and who decides at a window, by the same rule the submission routes by (<see cref="ApplicationRouting"/>);
    /// null when the code names no window.
    /// </summary>
    public async Task<RouteView?> RouteAsync(ServiceItem item, string? windowCode, string? applicantCommunity, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await ApplicationRouting.RouteAsync(db, item, windowCode, applicantCommunity, ct) is not { } route)
        {
            return null;
        }
        var names = await db.UnitNamesAsync(route.DecidingCodes, ct);
        return new RouteView(Organization.OrgQueries.WindowName(route.Window.Name, route.Window.Kind), route.DecidingCodes.Select(c => names.GetValueOrDefault(c, c)).ToList());
    }
}
