using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Services;

/// <summary>
/// Who sees an application: its applicant (or the clerk who entered it), and staff whose scope covers its window or one
/// of the units that approve it. Reads and decisions both go through this one rule; anyone else is told "not found".
/// </summary>
public static class ApplicationVisibility
{
    private static readonly string[] StaffRoles = [Roles.WindowClerk, Roles.Approver, Roles.Leader];

    /// <summary>Applications of the actor's area as staff: received at a window in it, or approved by a unit in it (none for non-staff).</summary>
    public static IQueryable<ServiceApplication> Area(PanlongDbContext db, WorkflowActor actor) => Rule(db, actor, includeOwn: false);

    /// <summary>Applications the actor may see: their own (or entered by them), and as staff those of their <see cref="Area"/>.</summary>
    public static IQueryable<ServiceApplication> Visible(PanlongDbContext db, WorkflowActor actor) => Rule(db, actor, includeOwn: true);

    /// <remarks>
    /// One predicate on the row itself, not "id in (the area's ids)": a look-up by number then checks one row, where the
    /// subquery form made every decision scan all applications (it grew with the table — docs/benchmarks.md, issue 13).
    /// </remarks>
    private static IQueryable<ServiceApplication> Rule(PanlongDbContext db, WorkflowActor actor, bool includeOwn)
    {
        var user = includeOwn ? actor.UserId : null;
        var staff = actor.Scope.RootPath is not null && StaffRoles.Any(actor.Roles.Contains);
        // A root no path starts with, for actors who are not staff (the staff branch is off for them anyway).
        var root = actor.Scope.RootPath ?? "\u0000";
        var units = db.OrgUnits.Where(u => u.ScopePath.StartsWith(root)).Select(u => "," + u.Code + ",");
        return db.ServiceApplications.Where(a => (user != null && (a.ApplicantUserId == user || a.EnteredByUserId == user))
            || (staff && a.Outcome != ApplicationOutcome.Draft
                && (a.ScopePath.StartsWith(root) || units.Any(code => ("," + a.ApprovingUnitCodes + ",").Contains(code)))));
    }
}
