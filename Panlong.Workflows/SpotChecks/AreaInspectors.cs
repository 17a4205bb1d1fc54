using Microsoft.EntityFrameworkCore;
using Panlong.Data;

namespace Panlong.Workflows.SpotChecks;

/// <summary>The inspector a spot check judges: who held the grid's inspector post on the day.</summary>
public sealed record AreaInspector(string UserId, string Name);

/// <summary>
/// "Who was the inspector of grid G on day D" — the one question spot checks ask of the staffing (docs/decisions/0074-spot-checks.md):
/// the post held that day under the rotation's dated assignments (docs/decisions/0073-inspector-rotation.md), for an inspector
/// with a sign-in (the one a finding is charged to).
/// </summary>
public sealed class AreaInspectors(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<AreaInspector?> OnDayAsync(int gridId, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Organization.InspectorAssignments.HeldAt(db, ChinaTime.StartOf(day))
            .Where(a => a.GridId == gridId && a.StaffMember!.UserId != null)
            .OrderBy(a => a.Id)
            .Select(a => new AreaInspector(a.StaffMember!.UserId!, a.StaffMember.Name))
            .FirstOrDefaultAsync(ct);
    }
}
