using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;

namespace Panlong.Workflows.SpotChecks;

/// <summary>The inspector a spot check judges: who held the grid's inspector post on the day.</summary>
public sealed record AreaInspector(string UserId, string Name);

/// <summary>
/// "Who was the inspector of grid G on day D" — the one question spot checks ask of the staffing (docs/decisions/0074-spot-checks.md).
/// Today it reads the undated 1+1+1+N post (<see cref="GridAssignment"/>), so the day is not used yet; dated inspector
/// assignments (issue 19 part 3, rotation) answer it by the day instead, here and nowhere else.
/// </summary>
public sealed class AreaInspectors(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<AreaInspector?> OnDayAsync(int gridId, DateOnly day, CancellationToken ct = default)
    {
        _ = day;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.GridAssignments.AsNoTracking()
            .Where(a => a.GridId == gridId && a.Duty == GridDuty.Inspector && a.StaffMember!.UserId != null)
            .OrderBy(a => a.Id)
            .Select(a => new AreaInspector(a.StaffMember!.UserId!, a.StaffMember.Name))
            .FirstOrDefaultAsync(ct);
    }
}
