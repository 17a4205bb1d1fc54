using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>
/// Who sees a case: whoever's scope covers its grid, the people of any unit that has (had) work on it, the person it is
/// addressed to, its reporter, and the inspector who held its grid on the day it was reported — after a rotation the old
/// area's cases stay theirs, the new area's earlier ones do not become so (docs/decisions/0073-inspector-rotation.md). The
/// detail page and every action go through this one rule; anyone else is told "not found".
/// </summary>
public static class CaseVisibility
{
    public static IQueryable<Case> Visible(PanlongDbContext db, WorkflowActor actor)
    {
        var root = actor.Scope.RootPath;
        var user = actor.UserId;
        var inspector = user != null && actor.Roles.Contains(Roles.Inspector);
        return db.Cases.Where(c => (root != null && c.ScopePath.StartsWith(root))
            || (user != null && c.ReporterUserId == user)
            || db.WorkTasks.Any(t => t.InstanceId == c.InstanceId && ((root != null && t.ScopePath.StartsWith(root)) || (user != null && t.AssigneeUserId == user)))
            // GridAssignment.HeldAt, written out because it is correlated with the case's own report time.
            || (inspector && db.GridAssignments.Any(a => a.Duty == GridDuty.Inspector && a.GridId == c.GridId && a.StaffMember!.UserId == user
                && (a.From == null || a.From <= c.ReportedAt) && (a.Until == null || c.ReportedAt < a.Until))));
    }
}
