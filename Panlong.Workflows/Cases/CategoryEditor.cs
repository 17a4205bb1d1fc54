using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

public sealed record CategoryForm(int Id, Guid Version, string Name, string FilingStandard, string ClosingStandard, double VerifyHours, double DispatchHours,
    double HandleHours, double CheckHours, string? DefaultDepartmentCode, bool IsActive, int MaxExtensions = CaseCategory.DefaultMaxExtensions);

/// <summary>The administrator's edits of the case classification; new limits apply to cases reported afterwards.</summary>
public sealed class CategoryEditor(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit)
{
    /// <summary>The most extensions an administrator may allow a class (0 = none).</summary>
    public const int MaxExtensionsLimit = 10;

    /// <summary>Null when saved; otherwise a resource key (field → problem).</summary>
    public async Task<(string Field, string Key)?> SaveAsync(CategoryForm form, WorkflowActor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 60)
        {
            return ("name", "Categories.Name.Required");
        }
        if (string.IsNullOrWhiteSpace(form.FilingStandard) || string.IsNullOrWhiteSpace(form.ClosingStandard))
        {
            return ("standards", "Categories.Standards.Required");
        }
        foreach (var (field, hours) in new[] { ("verifyHours", form.VerifyHours), ("dispatchHours", form.DispatchHours), ("handleHours", form.HandleHours), ("checkHours", form.CheckHours) })
        {
            if (hours is <= 0 or > 2000 || double.IsNaN(hours))
            {
                return (field, "Categories.Hours.Range");
            }
        }
        if (form.MaxExtensions is < 0 or > MaxExtensionsLimit)
        {
            return ("maxExtensions", "Categories.MaxExtensions.Range");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (form.DefaultDepartmentCode is { Length: > 0 } code && !await db.OrgUnits.AnyAsync(u => u.Code == code && u.Kind == OrgUnitKind.Department, ct))
        {
            return ("department", "Categories.Department.Unknown");
        }
        var row = await db.CaseCategories.SingleOrDefaultAsync(c => c.Id == form.Id, ct);
        if (row is null)
        {
            return ("", "Refusal.NotFound");
        }
        db.Entry(row).Property(c => c.Version).OriginalValue = form.Version;
        var before = $"{row.Name}|{row.HandleHours}h|{row.MaxExtensions}x|{row.DefaultDepartmentCode}|{row.IsActive}";
        row.Name = form.Name.Trim();
        row.FilingStandard = form.FilingStandard.Trim();
        row.ClosingStandard = form.ClosingStandard.Trim();
        row.VerifyHours = form.VerifyHours;
        row.DispatchHours = form.DispatchHours;
        row.HandleHours = form.HandleHours;
        row.CheckHours = form.CheckHours;
        row.MaxExtensions = form.MaxExtensions;
        row.DefaultDepartmentCode = string.IsNullOrWhiteSpace(form.DefaultDepartmentCode) ? null : form.DefaultDepartmentCode;
        row.IsActive = form.IsActive;
        db.AuditEntries.Add(audit.Create("CaseCategory.Edit", actor.UserId, actor.Name, row.Code, $"{before} → {row.Name}|{row.HandleHours}h|{row.MaxExtensions}x|{row.DefaultDepartmentCode}|{row.IsActive}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ("", "Refusal.ChangedBySomeoneElse");
        }
        return null;
    }
}
