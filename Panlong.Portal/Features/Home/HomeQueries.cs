using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Home;

public sealed record HomeCounts(int Streets, int Communities, int Grids, int CommandCenters, int Departments, int StaffMembers, int Accounts);

public sealed class HomeQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>Counts of what the viewer's scope holds, straight from the database.</summary>
    public async Task<HomeCounts> CountsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.InScope(scope).Where(u => u.IsActive)
            .GroupBy(u => u.Kind).Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count, ct);
        int Of(OrgUnitKind kind) => units.GetValueOrDefault(kind);

        // Staff seen by this scope: members of its units and whoever is assigned to one of its grids.
        var staff = await db.StaffMembers
            .Where(s => db.StaffMembers.InScope(scope).Select(m => m.Id).Contains(s.Id)
                        || db.GridAssignments.InScope(scope).Select(a => a.StaffMemberId).Contains(s.Id))
            .CountAsync(ct);
        var accounts = scope.RootPath is { } root
            ? await db.Users.CountAsync(u => u.OrgUnit != null && u.OrgUnit.ScopePath.StartsWith(root), ct)
            : 0;
        return new HomeCounts(Of(OrgUnitKind.Street), Of(OrgUnitKind.Community), Of(OrgUnitKind.Grid), Of(OrgUnitKind.CommandCenter),
            Of(OrgUnitKind.Department), staff, accounts);
    }
}
