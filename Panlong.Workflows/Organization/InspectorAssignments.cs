using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;

namespace Panlong.Workflows.Organization;

/// <summary>Who held a grid's inspector post on a day: the person, their account (if any) and the key their work is counted under.</summary>
public sealed record InspectorOnDay(int StaffId, string Name, string? UserId, int GridId)
{
    public string PersonKey => InspectorAssignments.PersonKey(UserId, StaffId);
}

/// <summary>
/// The one place that answers "who was the inspector of grid G on day D" and "which grids did inspector P hold on day D"
/// (docs/decisions/0073-inspector-rotation.md): a post is held from its row's <c>From</c> (inclusive) until its <c>Until</c>
/// (exclusive), both China midnights. Routing, scope, appraisal, spot checks and the demo all ask here.
/// </summary>
public sealed class InspectorAssignments(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>The inspector of the grid on the China day; null when the post was empty.</summary>
    public async Task<InspectorOnDay?> OnDayAsync(int gridId, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await HeldAt(db, ChinaTime.StartOf(day)).Where(a => a.GridId == gridId)
            .Select(a => new InspectorOnDay(a.StaffMemberId, a.StaffMember!.Name, a.StaffMember.UserId, a.GridId)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The grids the inspector held on the China day, in id order.</summary>
    public async Task<IReadOnlyList<int>> GridsOnDayAsync(int staffId, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await HeldAt(db, ChinaTime.StartOf(day)).Where(a => a.StaffMemberId == staffId).Select(a => a.GridId).OrderBy(id => id).ToListAsync(ct);
    }

    /// <summary>The inspectors' posts held at an instant, for queries that join them to events (a case's report, a fact).</summary>
    public static IQueryable<GridAssignment> HeldAt(PanlongDbContext db, DateTimeOffset at) =>
        db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector).Where(GridAssignment.HeldAt(at));

    /// <summary>
    /// The key an inspector's work is counted under in the case facts: their account, or for a person without one (the demo's
    /// field staff) "staff:{id}", as <c>DemoStaff</c> acts for them.
    /// </summary>
    public static string PersonKey(string? userId, int staffId) => userId ?? $"staff:{staffId}";

    /// <summary>
    /// The inspectors as they will stand when a plan takes effect: the posts not yet closed (a plan's day lies after every
    /// start, so these hold on it), grouped by person with the street and the start of their stay; and the streets left.
    /// </summary>
    public static async Task<RotationState> StateAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var rows = await db.GridAssignments.AsNoTracking().Where(a => a.Duty == GridDuty.Inspector)
            .Select(a => new { a.StaffMemberId, a.StaffMember!.Name, a.GridId, a.ScopePath, a.From, a.Until }).ToListAsync(ct);
        var holdings = rows.Where(r => r.Until == null).GroupBy(r => r.StaffMemberId).Select(g => new InspectorHolding(g.Key, g.First().Name,
                StreetOf(g.First().ScopePath), g.Any(r => r.From == null) ? null : g.Min(r => r.From), [.. g.Select(r => r.GridId).Order()]))
            .OrderBy(h => h.StaffId).ToList();
        var left = rows.Where(r => r.Until != null).GroupBy(r => (r.StaffMemberId, Street: StreetOf(r.ScopePath)))
            .Select(g => new InspectorStint(g.Key.StaffMemberId, g.Key.Street, g.Max(r => r.Until!.Value))).ToList();
        return new RotationState(holdings, left);
    }

    /// <summary>The latest start of any inspector's post: a plan takes effect after it, so history is added to, never rewritten.</summary>
    public static async Task<DateTimeOffset?> LatestStartAsync(PanlongDbContext db, CancellationToken ct = default) =>
        await db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector && a.From != null).MaxAsync(a => a.From, ct);

    public static string StreetOf(string gridPath) => OrgPath.Parse(gridPath).CodeAtOrLeaf(OrgLevel.Street);
}
