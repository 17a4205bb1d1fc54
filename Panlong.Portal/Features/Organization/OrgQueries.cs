using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Organization;

namespace Panlong.Portal.Features.Organization;

public sealed record OrgNode(int Id, int? ParentId, string Code, string Name, OrgUnitKind Kind, string? Category, bool IsDemo, bool IsActive, int SortOrder);

public sealed record StaffView(int StaffId, string Name, string MaskedPhone, GridDuty Duty, string OrgUnitName);

public sealed record GridView(int Id, string Code, string Name, AreaClass? AreaClass, IReadOnlyList<StaffView> Staff)
{
    public string? Holder(GridDuty duty) => Staff.FirstOrDefault(s => s.Duty == duty)?.Name;
    public int Helpers => Staff.Count(s => !GridAssignment.IsSinglePost(s.Duty));
}

public sealed record UnitDetail(OrgNode Unit, string? ParentName, int CommunityCount, int GridCount, int StaffCount, IReadOnlyList<GridView> Grids);

/// <summary>Reads of the org tree; every one goes through the viewer's data scope.</summary>
public sealed class OrgQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The departments the system administrator keeps, in list order.</summary>
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(DataScope scope)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.OrgUnits.InScope(scope).Where(u => u.Kind == OrgUnitKind.Department)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new DepartmentRow(u.Id, u.Code, u.Name, u.Category, u.Parent!.Kind == OrgUnitKind.Department ? u.Parent.Name : null, u.IsActive, u.Version))
            .ToListAsync();
    }

    /// <summary>Regions down to communities, command centers and departments — grids come per community.</summary>
    public async Task<IReadOnlyList<OrgNode>> TreeAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrgUnits.InScope(scope).Where(u => u.Kind != OrgUnitKind.Grid)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new OrgNode(u.Id, u.ParentId, u.Code, u.Name, u.Kind, u.Category, u.IsDemo, u.IsActive, u.SortOrder))
            .ToListAsync(ct);
    }

    /// <summary>The children of a unit; without a parent, the root of the viewer's scope.</summary>
    public async Task<IReadOnlyList<OrgNode>> ChildrenAsync(DataScope scope, int? parentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = db.OrgUnits.InScope(scope);
        units = parentId is null ? units.Where(u => u.ScopePath == scope.RootPath) : units.Where(u => u.ParentId == parentId);
        return await units
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new OrgNode(u.Id, u.ParentId, u.Code, u.Name, u.Kind, u.Category, u.IsDemo, u.IsActive, u.SortOrder))
            .ToListAsync(ct);
    }

    /// <summary>Every unit of one kind in the scope, e.g. the grids a grid worker may file records under.</summary>
    public async Task<IReadOnlyList<OrgNode>> UnitsOfKindAsync(DataScope scope, OrgUnitKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrgUnits.InScope(scope).Where(u => u.Kind == kind && u.IsActive).OrderBy(u => u.Code)
            .Select(u => new OrgNode(u.Id, u.ParentId, u.Code, u.Name, u.Kind, u.Category, u.IsDemo, u.IsActive, u.SortOrder))
            .ToListAsync(ct);
    }

    /// <summary>One unit with its figures and, for a community or grid, the grids and their 1+1+1+N staff; null outside the scope.</summary>
    /// <summary>The windows that receive applications: each street's 便民服务中心 and each community's 便民服务站, street first.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> WindowsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().Where(u => u.IsActive && (u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community))
            .OrderBy(u => u.ScopePath).Select(u => new { u.Code, u.Name, u.Kind }).ToListAsync(ct);
        // Communities indented under their street in the list.
        return units.Select(u => (u.Code, (u.Kind == OrgUnitKind.Street ? "" : "　") + WindowName(u.Name, u.Kind))).ToList();
    }

    /// <summary>A street's or community's window as applicants know it: 拓东街道便民服务中心, 东庄社区便民服务站.</summary>
    public static string WindowName(string unitName, OrgUnitKind kind) => kind == OrgUnitKind.Street ? $"{unitName}便民服务中心" : $"{unitName}便民服务站";

    public async Task<UnitDetail?> DetailAsync(DataScope scope, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.InScope(scope).Where(u => u.Id == id)
            .Select(u => new { Node = new OrgNode(u.Id, u.ParentId, u.Code, u.Name, u.Kind, u.Category, u.IsDemo, u.IsActive, u.SortOrder), u.ScopePath, ParentName = u.Parent!.Name })
            .SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }
        var below = db.OrgUnits.Where(u => u.ScopePath.StartsWith(unit.ScopePath));
        var communities = await below.CountAsync(u => u.Kind == OrgUnitKind.Community, ct);
        var grids = await below.CountAsync(u => u.Kind == OrgUnitKind.Grid, ct);
        // Today's posts: an inspector rotated away no longer works here (ADR 73).
        var staff = await db.GridAssignments.Where(GridAssignment.HeldAt(clock.GetUtcNow())).Where(a => a.ScopePath.StartsWith(unit.ScopePath))
            .Select(a => a.StaffMemberId).Distinct().CountAsync(ct);
        var gridViews = unit.Node.Kind is OrgUnitKind.Community or OrgUnitKind.Grid
            ? await GridsAsync(db, unit.ScopePath, clock.GetUtcNow(), ct)
            : [];
        return new UnitDetail(unit.Node, unit.ParentName, communities, grids, staff, gridViews);
    }

    private static async Task<IReadOnlyList<GridView>> GridsAsync(PanlongDbContext db, string path, DateTimeOffset now, CancellationToken ct)
    {
        var grids = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid && u.ScopePath.StartsWith(path))
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Name, u.AreaClass }).ToListAsync(ct);
        var assignments = await db.GridAssignments.Where(GridAssignment.HeldAt(now)).Where(a => a.ScopePath.StartsWith(path))
            .Select(a => new { a.GridId, a.StaffMemberId, a.StaffMember!.Name, a.StaffMember.PhoneMasked, a.Duty, OrgName = a.StaffMember.OrgUnit!.Name })
            .ToListAsync(ct);
        return grids.Select(g => new GridView(g.Id, g.Code, g.Name, g.AreaClass,
            assignments.Where(a => a.GridId == g.Id).OrderBy(a => a.Duty)
                .Select(a => new StaffView(a.StaffMemberId, a.Name, a.PhoneMasked ?? "", a.Duty, a.OrgName)).ToList())).ToList();
    }
}
