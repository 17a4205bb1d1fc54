using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Services;

/// <summary>
/// What an administrator may change in an item; anything else stays as the current version has it. <see cref="NameEn"/> and
/// <see cref="FieldLabelsEn"/> (English labels by field key) are the English names; null keeps the current version's
/// (docs/decisions/0038-localized-names.md).
/// </summary>
public sealed record ServiceEdit(string Name, int LegalDays, int PromisedDays, decimal Fee, string? FeeNote, string Conditions, string Basis,
    IReadOnlyList<MaterialSpec> Materials, string? NameEn = null, IReadOnlyDictionary<string, string>? FieldLabelsEn = null);

/// <summary>
/// Administrators' changes to the service catalog (办事指南): each is published as a new version of the item while
/// running applications keep the version they started on.
/// </summary>
public sealed class ServiceCatalogEditor(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <summary>Publishes a changed item as its next version. Returns the new version, or a (field, resource key) problem.</summary>
    public async Task<(int? Version, string? Field, string? Problem)> PublishAsync(string code, ServiceEdit edit, WorkflowActor actor, CancellationToken ct = default)
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
        if (edit.NameEn?.Trim().Length > 200)
        {
            return (null, "nameEn", "Services.Name.Required");
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
        var materials = JsonSerializer.Serialize(edit.Materials.Select(m => m with { NameEn = Blank(m.NameEn) }), ServiceItem.Json);
        var nameEn = edit.NameEn is null ? current.NameEn : Blank(edit.NameEn);
        var fields = edit.FieldLabelsEn is not { } labels ? current.Fields
            : JsonSerializer.Serialize(current.FieldList.Select(f => f with { LabelEn = Blank(labels.GetValueOrDefault(f.Key)) }), ServiceItem.Json);
        if (current.Name == edit.Name.Trim() && current.NameEn == nameEn && current.Fields == fields && current.LegalDays == edit.LegalDays && current.PromisedDays == edit.PromisedDays && current.Fee == edit.Fee
            && current.FeeNote == edit.FeeNote && current.Conditions == edit.Conditions && current.Basis == edit.Basis && current.Materials == materials)
        {
            return (current.Version, null, null);
        }
        current.IsCurrent = false;
        var next = new ServiceItem
        {
            Code = current.Code, Version = current.Version + 1, IsCurrent = true, Name = edit.Name.Trim(), NameEn = nameEn, Kind = current.Kind, Level = current.Level,
            DepartmentCode = current.DepartmentCode, CountersignCodes = current.CountersignCodes, LegalDays = edit.LegalDays, PromisedDays = edit.PromisedDays,
            Fee = edit.Fee, FeeNote = edit.FeeNote, Basis = edit.Basis, Conditions = edit.Conditions, Audience = current.Audience, Materials = materials,
            Fields = fields, ProcessKey = current.ProcessKey, PublishedAt = clock.GetUtcNow(), PublishedBy = actor.Name,
        };
        db.ServiceItems.Add(next);
        db.AuditEntries.Add(audit.Create("ServiceItem.Publish", actor.UserId, actor.Name, $"{code} v{next.Version}",
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

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
