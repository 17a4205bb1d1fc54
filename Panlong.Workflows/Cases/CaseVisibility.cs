using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>
/// Who sees a case: whoever's scope covers its grid, the people of any unit that has (had) work on it, the person it is
/// addressed to, and its reporter. The detail page and every action go through this one rule; anyone else is told "not found".
/// </summary>
public static class CaseVisibility
{
    public static IQueryable<Case> Visible(PanlongDbContext db, WorkflowActor actor)
    {
        var root = actor.Scope.RootPath;
        var user = actor.UserId;
        return db.Cases.Where(c => (root != null && c.ScopePath.StartsWith(root))
            || (user != null && c.ReporterUserId == user)
            || db.WorkTasks.Any(t => t.InstanceId == c.InstanceId && ((root != null && t.ScopePath.StartsWith(root)) || (user != null && t.AssigneeUserId == user))));
    }
}
