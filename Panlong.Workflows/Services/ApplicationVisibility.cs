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
    public static IQueryable<ServiceApplication> Area(PanlongDbContext db, WorkflowActor actor)
    {
        if (actor.Scope.RootPath is not { } root || !StaffRoles.Any(actor.Roles.Contains))
        {
            return db.ServiceApplications.Where(_ => false);
        }
        var units = db.OrgUnits.Where(u => u.ScopePath.StartsWith(root)).Select(u => "," + u.Code + ",");
        return db.ServiceApplications.Where(a => a.Outcome != ApplicationOutcome.Draft
            && (a.ScopePath.StartsWith(root) || units.Any(code => ("," + a.ApprovingUnitCodes + ",").Contains(code))));
    }

    /// <summary>Applications the actor may see: their own (or entered by them), and as staff those of their <see cref="Area"/>.</summary>
    public static IQueryable<ServiceApplication> Visible(PanlongDbContext db, WorkflowActor actor)
    {
        var user = actor.UserId;
        // The area's rule lives once, in Area; here it is a subquery beside the actor's own applications.
        var area = Area(db, actor).Select(a => a.Id);
        return db.ServiceApplications.Where(a => (user != null && (a.ApplicantUserId == user || a.EnteredByUserId == user)) || area.Contains(a.Id));
    }
}
