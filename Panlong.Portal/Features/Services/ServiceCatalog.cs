using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Audit;
using Panlong.Data.Services;

namespace Panlong.Portal.Features.Services;

public sealed record ServiceSummary(string Code, int Version, string Name, ServiceKind Kind, ServiceLevel Level, string DepartmentName, int PromisedDays,
    bool Countersign);

public sealed record ServiceGuide(ServiceItem Item, string DepartmentName, IReadOnlyList<string> CountersignNames, IReadOnlyList<MaterialSpec> Materials,
    IReadOnlyList<FieldSpec> Fields, IReadOnlyList<(int Version, DateTimeOffset PublishedAt, string? PublishedBy)> History);

/// <summary>What an administrator may change in an item; anything else stays as the current version has it.</summary>
public sealed record ServiceEdit(string Name, int LegalDays, int PromisedDays, decimal Fee, string? FeeNote, string Conditions, string Basis,
    IReadOnlyList<MaterialSpec> Materials);

/// <summary>
/// The service catalog (办事指南): the current version of each item for the public, and administrators' changes, each
/// published as a new version while running applications keep the version they started on.
/// </summary>
public sealed class ServiceCatalog(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ServiceSummary>> SearchAsync(string? text = null, ServiceLevel? level = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = db.ServiceItems.AsNoTracking().Where(s => s.IsCurrent);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            #pragma warning disable CA1862 // EF translates only the comparison-less overload; the value is stored upper-case, so the input is upper-cased instead
            items = items.Where(s => s.Name.Contains(t) || s.Code.Contains(t.ToUpperInvariant()));
            #pragma warning restore CA1862
        }
        if (level is { } l)
        {
            items = items.Where(s => s.Level == l);
        }
        var rows = await items.OrderBy(s => s.Code).Select(s => new { s.Code, s.Version, s.Name, s.Kind, s.Level, s.DepartmentCode, s.PromisedDays, s.CountersignCodes })
            .ToListAsync(ct);
        var names = await db.UnitNamesAsync(rows.Select(r => r.DepartmentCode), ct);
        return rows.Select(r => new ServiceSummary(r.Code, r.Version, r.Name, r.Kind, r.Level, names.GetValueOrDefault(r.DepartmentCode, r.DepartmentCode),
            r.PromisedDays, r.CountersignCodes is not null)).ToList();
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

    /// <summary>Publishes a changed item as its next version. Returns the new version, or a (field, resource key) problem.</summary>
    public async Task<(int? Version, string? Field, string? Problem)> PublishAsync(string code, ServiceEdit edit, string? userId, string? userName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(edit.Name) || edit.Name.Trim().Length > 100)
        {
            return (null, "name", "Services.Name.Required");
        }
        if (edit.LegalDays is < 1 or > 365 || edit.PromisedDays < 1 || edit.PromisedDays > edit.LegalDays)
        {
            return (null, "promisedDays", "Services.Days.Range");
        }
        if (edit.Fee < 0)
        {
            return (null, "fee", "Services.Fee.Negative");
        }
        if (edit.Materials.Any(m => string.IsNullOrWhiteSpace(m.Name)))
        {
            return (null, "materials", "Services.Materials.Empty");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.ServiceItems.SingleOrDefaultAsync(s => s.Code == code && s.IsCurrent, ct);
        if (current is null)
        {
            return (null, "", "Refusal.NotFound");
        }
        var materials = JsonSerializer.Serialize(edit.Materials, ServiceItem.Json);
        if (current.Name == edit.Name.Trim() && current.LegalDays == edit.LegalDays && current.PromisedDays == edit.PromisedDays && current.Fee == edit.Fee
            && current.FeeNote == edit.FeeNote && current.Conditions == edit.Conditions && current.Basis == edit.Basis && current.Materials == materials)
        {
            return (current.Version, null, null);
        }
        current.IsCurrent = false;
        var next = new ServiceItem
        {
            Code = current.Code, Version = current.Version + 1, IsCurrent = true, Name = edit.Name.Trim(), Kind = current.Kind, Level = current.Level,
            DepartmentCode = current.DepartmentCode, CountersignCodes = current.CountersignCodes, LegalDays = edit.LegalDays, PromisedDays = edit.PromisedDays,
            Fee = edit.Fee, FeeNote = edit.FeeNote, Basis = edit.Basis, Conditions = edit.Conditions, Audience = current.Audience, Materials = materials,
            Fields = current.Fields, ProcessKey = current.ProcessKey, PublishedAt = clock.GetUtcNow(), PublishedBy = userName,
        };
        db.ServiceItems.Add(next);
        db.AuditEntries.Add(audit.Create("ServiceItem.Publish", userId, userName, $"{code} v{next.Version}",
            $"承诺时限 {current.PromisedDays}→{next.PromisedDays} 个工作日；材料 {current.MaterialList.Count}→{edit.Materials.Count} 项"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (code, version) index: another administrator published this item at the same moment.
            return (null, "", "Refusal.ChangedBySomeoneElse");
        }
        return (next.Version, null, null);
    }
}
