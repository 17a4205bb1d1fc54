using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Home;

public sealed record HomeCounts(int Streets, int Communities, int Grids, int CommandCenters, int Departments, int StaffMembers, int Accounts);

public sealed class HomeQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Counts of what the viewer's scope holds, straight from the database.</summary>
    public async Task<HomeCounts> CountsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.InScope(scope).Where(u => u.IsActive)
            .GroupBy(u => u.Kind).Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count, ct);
        int Of(OrgUnitKind kind) => units.GetValueOrDefault(kind);

        // Staff seen by this scope: members of its units and whoever holds a post in one of its grids today (ADR 73).
        var held = db.GridAssignments.InScope(scope).Where(GridAssignment.HeldAt(clock.GetUtcNow())).Select(a => a.StaffMemberId);
        var staff = await db.StaffMembers
            .Where(s => db.StaffMembers.InScope(scope).Select(m => m.Id).Contains(s.Id)
                        || held.Contains(s.Id))
            .CountAsync(ct);
        var accounts = scope.RootPath is { } root
            ? await db.Users.CountAsync(u => u.OrgUnit != null && u.OrgUnit.ScopePath.StartsWith(root), ct)
            : 0;
        return new HomeCounts(Of(OrgUnitKind.Street), Of(OrgUnitKind.Community), Of(OrgUnitKind.Grid), Of(OrgUnitKind.CommandCenter),
            Of(OrgUnitKind.Department), staff, accounts);
    }
}
