using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Organization;

/// <summary>A department as the list shows it and as the administrator edits it (OrgQueries.DepartmentsAsync reads it).</summary>
public sealed record DepartmentRow(int Id, string Code, string Name, string? Category, string? ParentName, bool IsActive, Guid Version);

/// <summary>The system administrator keeps the department list: add, rename, recategorize, deactivate.</summary>
public sealed class DepartmentEditor(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit)
{
    public static readonly IReadOnlyList<string> Categories = ["区直部门", "公共服务企业", "派出所", "其他"];

    public async Task<AdminResult> SaveAsync(WorkflowActor actor, DepartmentRow edited)
    {
        var name = edited.Name.Trim();
        if (name.Length is 0 or > 100)
        {
            return AdminResult.Fail("Departments.NameRequired");
        }
        var scope = actor.Scope;
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.OrgUnits.AnyAsync(u => u.Kind == OrgUnitKind.Department && u.Name == name && u.Id != edited.Id))
        {
            return AdminResult.Fail("Departments.DuplicateName");
        }
        OrgUnit unit;
        if (edited.Id == 0)
        {
            var parent = await db.OrgUnits.InScope(scope).SingleAsync(u => u.Kind == OrgUnitKind.District);
            var next = await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.Department) + 1;
            var code = $"{parent.Code}-BM{next:00}";
            while (await db.OrgUnits.AnyAsync(u => u.Code == code))
            {
                code = $"{parent.Code}-BM{++next:00}";
            }
            unit = new OrgUnit { Code = code, Name = name, Kind = OrgUnitKind.Department, Parent = parent, ScopePath = OrgUnit.PathOf(parent.ScopePath, code), SortOrder = 100 + next };
            db.OrgUnits.Add(unit);
        }
        else
        {
            var found = await db.OrgUnits.InScope(scope).SingleOrDefaultAsync(u => u.Id == edited.Id && u.Kind == OrgUnitKind.Department);
            if (found is null)
            {
                return AdminResult.Fail("Common.NotInScope");
            }
            unit = found;
            // The version the editor loaded: if someone saved in between, SaveChanges refuses.
            db.Entry(unit).Property(u => u.Version).OriginalValue = edited.Version;
            unit.Name = name;
            unit.IsActive = edited.IsActive;
        }
        unit.Category = edited.Category;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return AdminResult.Fail("Common.ChangedBySomeoneElse");
        }
        await audit.WriteAsync(AuditActions.OrgUnitChanged, actor.UserId, actor.Name, target: unit.Code,
            detail: $"{(edited.Id == 0 ? "created" : "updated")}: {unit.Name} [{unit.Category}] active={unit.IsActive}");
        return AdminResult.Success;
    }
}
